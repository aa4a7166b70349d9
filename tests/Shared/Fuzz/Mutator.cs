using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace Zetina.Tests.Shared.Fuzz;

/// <summary>One edit of a valid input: which edit (<see cref="Kind"/>) and three numbers that place and size it.</summary>
internal readonly record struct Mutation(int Kind, int A, int B, int C)
{
    public override string ToString() => $"{Mutator.KindName(Kind)}({A}, {B}, {C})";
}

/// <summary>
/// Structure-aware mutation of a valid input (AFL's havoc edits): flip and overwrite bytes, truncate, delete,
/// duplicate and splice ranges, write extreme 16/32/64-bit length fields and over-long varints; for JSON documents
/// also replace a number or a string with an extreme value (huge, negative, fractional, non-canonical, wrong type).
/// </summary>
/// <remarks>
/// The edits are CsCheck values, so a failing case shrinks towards fewer and smaller edits and replays from its seed.
/// </remarks>
internal static class Mutator
{
    private const int ByteKinds = 11;
    private const int JsonKinds = 3;

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7f, 0x80, 0xff, (byte)'\n', (byte)'"', (byte)'-'];

    private static readonly uint[] InterestingU32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

    private static readonly string[] InterestingNumbers =
    [
        "-1", "0", "1", "-0", "2147483647", "2147483648", "-2147483649", "4294967296", "18446744073709551615",
        "18446744073709551616", "-9223372036854775809", "1e308", "-1e308", "1e-300", "0.5", "1E+2",
        "3618502788666131213697322783095070105623107215331596699973092056135872020481",
        "3618502788666131213697322783095070105623107215331596699973092056135872020480",
        "115792089237316195423570985008687907853269984665640564039457584007913129639936",
        "1" + new string('0', 4000),
        "null", "true", "\"\"", "[]", "{}",
    ];

    private static readonly string[] InterestingStrings =
    [
        "\"\"", "\"0x\"", "\"0xzz\"", "\"-0x1\"", "\"-1\"", "\"0x" + new string('f', 80) + "\"",
        "\"0x800000000000011000000000000000000000000000000000000000000000001\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"" + new string('a', 5000) + "\"", "0", "null", "[]", "{\"a\":1}",
    ];

    /// <summary>Byte-level edits of <paramref name="seed"/> (one to six of them).</summary>
    public static Gen<byte[]> Bytes(byte[] seed) => Edits(ByteKinds).Select(m => Apply(seed, m));

    /// <summary>Byte-level and JSON-token edits of the JSON document <paramref name="seed"/>.</summary>
    public static Gen<byte[]> Json(byte[] seed) => Edits(ByteKinds + JsonKinds).Select(m => Apply(seed, m));

    /// <summary>Random bytes and edits of any of <paramref name="seeds"/>.</summary>
    public static Gen<byte[]> Any(params Gen<byte[]>[] seeds) => Gen.OneOf([Gen.Byte.Array[0, 512], .. seeds]);

    private static Gen<Mutation[]> Edits(int kinds) =>
        Gen.Select(Gen.Int[0, kinds - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue],
            (k, a, b, c) => new Mutation(k, a, b, c)).Array[1, 6];

    internal static string KindName(int kind) => kind switch
    {
        0 => "FlipBit", 1 => "SetByte", 2 => "Truncate", 3 => "DeleteRange", 4 => "DuplicateRange", 5 => "InsertBytes",
        6 => "WriteU32BigEndian", 7 => "WriteU32LittleEndian", 8 => "WriteU16BigEndian", 9 => "WriteLongVarint",
        10 => "Splice", 11 => "ReplaceJsonNumber", 12 => "ReplaceJsonString", 13 => "DropJsonMember", _ => $"kind{kind}",
    };

    /// <summary>Applies <paramref name="edits"/> in order to a copy of <paramref name="seed"/>.</summary>
    public static byte[] Apply(byte[] seed, Mutation[] edits)
    {
        var b = new List<byte>(seed);
        foreach (Mutation m in edits) Apply(b, m);
        return b.ToArray();
    }

    private static void Apply(List<byte> b, Mutation m)
    {
        int n = b.Count;
        int pos = n == 0 ? 0 : m.A % n;
        switch (m.Kind)
        {
            case 0 when n > 0: b[pos] ^= (byte)(1 << (m.B % 8)); break;
            case 1 when n > 0: b[pos] = InterestingBytes[m.B % InterestingBytes.Length]; break;
            case 2: b.RemoveRange(m.A % (n + 1), n - m.A % (n + 1)); break;
            case 3 when n > 0: b.RemoveRange(pos, Math.Min(n - pos, 1 + m.B % 64)); break;
            case 4 when n > 0: b.InsertRange(m.C % (n + 1), b.GetRange(pos, Math.Min(n - pos, 1 + m.B % 256))); break;
            case 5:
                var rng = new Random(m.C);
                var ins = new byte[1 + m.B % 32];
                rng.NextBytes(ins);
                b.InsertRange(m.A % (n + 1), ins);
                break;
            case 6 or 7 when n >= 4:
                Span<byte> u = stackalloc byte[4];
                uint v = InterestingU32[m.B % InterestingU32.Length];
                if (m.Kind == 6) BinaryPrimitives.WriteUInt32BigEndian(u, v); else BinaryPrimitives.WriteUInt32LittleEndian(u, v);
                int at = m.A % (n - 3);
                for (int i = 0; i < 4; i++) b[at + i] = u[i];
                break;
            case 8 when n >= 2:
                ushort s = (ushort)InterestingU32[m.B % InterestingU32.Length];
                int at2 = m.A % (n - 1);
                b[at2] = (byte)(s >> 8);
                b[at2 + 1] = (byte)s;
                break;
            case 9:
                // A varint of 10 bytes (u64 max), of 11 (overflow) or of 5 (u32 max).
                byte[] varint = (m.B % 3) switch
                {
                    0 => [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                    1 => [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
                    _ => [0xff, 0xff, 0xff, 0xff, 0x0f],
                };
                int at3 = m.A % (n + 1);
                b.RemoveRange(at3, Math.Min(n - at3, m.C % 2 == 0 ? varint.Length : 0));
                b.InsertRange(at3, varint);
                break;
            case 10 when n > 0:
                // The input up to one point, then the input again from another: repeats or drops a middle part.
                int from = m.B % n;
                List<byte> tail = b.GetRange(from, n - from);
                b.RemoveRange(pos, n - pos);
                b.AddRange(tail);
                break;
            case 11: ReplaceToken(b, NumberTokens(b), m, InterestingNumbers); break;
            case 12: ReplaceToken(b, StringTokens(b), m, InterestingStrings); break;
            case 13: DropMember(b, m); break;
        }
    }

    private static void ReplaceToken(List<byte> b, List<(int Start, int Length)> tokens, Mutation m, string[] values)
    {
        if (tokens.Count == 0) return;
        (int start, int length) = tokens[m.A % tokens.Count];
        b.RemoveRange(start, length);
        b.InsertRange(start, Encoding.UTF8.GetBytes(values[m.B % values.Length]));
    }

    /// <summary>Removes one <c>"key": value</c> up to the next comma (a missing or half-removed field).</summary>
    private static void DropMember(List<byte> b, Mutation m)
    {
        List<(int Start, int Length)> strings = StringTokens(b);
        if (strings.Count == 0) return;
        (int start, int length) = strings[m.A % strings.Count];
        int end = start + length;
        while (end < b.Count && b[end] != (byte)',' && b[end] != (byte)'}') end++;
        if (end < b.Count && b[end] == (byte)',') end++;
        b.RemoveRange(start, end - start);
    }

    /// <summary>Numbers outside strings: an optional '-' and digits, with fraction and exponent.</summary>
    private static List<(int, int)> NumberTokens(List<byte> b)
    {
        var tokens = new List<(int, int)>();
        bool inString = false;
        for (int i = 0; i < b.Count && tokens.Count < 4096; i++)
        {
            byte c = b[i];
            if (inString) { if (c == '\\') i++; else if (c == '"') inString = false; continue; }
            if (c == '"') { inString = true; continue; }
            if (c == '-' || (c >= '0' && c <= '9'))
            {
                int start = i;
                i++;
                while (i < b.Count && (char.IsAsciiDigit((char)b[i]) || b[i] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-')) i++;
                tokens.Add((start, i - start));
                i--;
            }
        }
        return tokens;
    }

    /// <summary>String literals, quotes included.</summary>
    private static List<(int, int)> StringTokens(List<byte> b)
    {
        var tokens = new List<(int, int)>();
        for (int i = 0; i < b.Count && tokens.Count < 4096; i++)
        {
            if (b[i] != '"') continue;
            int start = i++;
            while (i < b.Count && b[i] != '"') { if (b[i] == '\\') i++; i++; }
            if (i >= b.Count) break;
            tokens.Add((start, i - start + 1));
        }
        return tokens;
    }
}
