using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace Zetina.Stark.Field;

public readonly partial struct Felt
{
    /// <summary>Builds a field element from a canonical value given as limbs; false when the value is ≥ p.</summary>
    public static bool TryFromCanonical(ulong x0, ulong x1, ulong x2, ulong x3, out Felt value)
    {
        if (x3 > P3 || (x3 == P3 && (x0 | x1 | x2) != 0)) { value = default; return false; }
        value = FromCanonicalUnchecked(x0, x1, x2, x3);
        return true;
    }

    /// <summary>
    /// Reads a 32-byte big-endian value. Throws <see cref="FormatException"/> when it is ≥ p
    /// (StarkNet's convention: a felt's encoding is canonical).
    /// </summary>
    public static Felt FromBytesBigEndian(ReadOnlySpan<byte> bytes32)
    {
        if (!TryFromBytesBigEndian(bytes32, out Felt f))
            throw new FormatException(bytes32.Length != 32
                ? $"a felt is 32 bytes, got {bytes32.Length}"
                : $"value 0x{Convert.ToHexStringLower(bytes32)} is not below the Stark252 prime");
        return f;
    }

    /// <summary>Reads a 32-byte big-endian value; false when the length is not 32 or the value is ≥ p.</summary>
    public static bool TryFromBytesBigEndian(ReadOnlySpan<byte> bytes32, out Felt value)
    {
        if (bytes32.Length != 32) { value = default; return false; }
        return TryFromCanonical(
            BinaryPrimitives.ReadUInt64BigEndian(bytes32[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes32[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes32[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes32),
            out value);
    }

    /// <summary>Reads a 32-byte little-endian value (the layout of Cairo memory files); false when ≥ p.</summary>
    public static bool TryFromBytesLittleEndian(ReadOnlySpan<byte> bytes32, out Felt value)
    {
        if (bytes32.Length != 32) { value = default; return false; }
        return TryFromCanonical(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes32),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes32[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes32[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes32[24..]),
            out value);
    }

    /// <summary>Reads up to 32 big-endian bytes as an integer and reduces it mod p (for hash outputs).</summary>
    public static Felt FromBytesBigEndianReduced(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 32) throw new ArgumentException("at most 32 bytes", nameof(bytes));
        Span<byte> buf = stackalloc byte[32];
        buf.Clear();
        bytes.CopyTo(buf[(32 - bytes.Length)..]);
        ulong x3 = BinaryPrimitives.ReadUInt64BigEndian(buf);
        ulong x2 = BinaryPrimitives.ReadUInt64BigEndian(buf[8..]);
        ulong x1 = BinaryPrimitives.ReadUInt64BigEndian(buf[16..]);
        ulong x0 = BinaryPrimitives.ReadUInt64BigEndian(buf[24..]);
        return FromLimbsReduced(x0, x1, x2, x3);
    }

    /// <summary>Any 256-bit value x (limbs, little-endian) reduced mod p.</summary>
    public static Felt FromLimbsReduced(ulong x0, ulong x1, ulong x2, ulong x3)
    {
        // x < 2^256 < 32p: subtract p·⌊x3 / P3⌋-ish until below p. x3 / P3 ≤ 31, so a few rounds at most.
        while (x3 > P3 || (x3 == P3 && (x0 | x1 | x2) != 0))
        {
            ulong k = x3 / (P3 + 1);
            if (k == 0) k = 1;
            // x −= k·p = k + k·P3·2^192
            ulong b = x0 < k ? 1UL : 0UL; x0 -= k;
            ulong nb = x1 < b ? 1UL : 0UL; x1 -= b; b = nb;
            nb = x2 < b ? 1UL : 0UL; x2 -= b; b = nb;
            x3 = x3 - k * P3 - b;
        }
        return FromCanonicalUnchecked(x0, x1, x2, x3);
    }

    /// <summary>Writes the canonical value as 32 big-endian bytes.</summary>
    public void WriteBytesBigEndian(Span<byte> destination)
    {
        ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        BinaryPrimitives.WriteUInt64BigEndian(destination, x3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], x2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], x1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], x0);
    }

    /// <summary>Writes the canonical value as 32 little-endian bytes (Cairo memory/trace file layout).</summary>
    public void WriteBytesLittleEndian(Span<byte> destination)
    {
        ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, x0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], x1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], x2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], x3);
    }

    /// <summary>The canonical value as 32 big-endian bytes.</summary>
    public byte[] ToBytesBigEndian()
    {
        byte[] b = new byte[32];
        WriteBytesBigEndian(b);
        return b;
    }

    /// <summary>The canonical value as a <see cref="BigInteger"/> in [0, p).</summary>
    public BigInteger ToBigInteger()
    {
        Span<byte> b = stackalloc byte[32];
        WriteBytesBigEndian(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>x mod p for any integer x (negative values wrap).</summary>
    public static Felt FromBigInteger(BigInteger x)
    {
        x %= Modulus;
        if (x.Sign < 0) x += Modulus;
        return Mul(RawFromBigInteger(x), s_r2);
    }

    /// <summary>Limbs of a value in [0, 2^256) without Montgomery conversion.</summary>
    private static Felt RawFromBigInteger(BigInteger x)
    {
        Span<byte> le = stackalloc byte[32];
        le.Clear();
        x.TryWriteBytes(le, out _, isUnsigned: true, isBigEndian: false);
        return new Felt(
            BinaryPrimitives.ReadUInt64LittleEndian(le),
            BinaryPrimitives.ReadUInt64LittleEndian(le[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(le[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(le[24..]));
    }

    /// <summary>"0x" and lowercase hex without leading zeros ("0x0" for zero): StarkNet's text form.</summary>
    public string ToHexString()
    {
        ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if (x3 != 0) return $"0x{x3:x}{x2:x16}{x1:x16}{x0:x16}";
        if (x2 != 0) return $"0x{x2:x}{x1:x16}{x0:x16}";
        if (x1 != 0) return $"0x{x1:x}{x0:x16}";
        return $"0x{x0:x}";
    }

    /// <summary>The canonical value in decimal.</summary>
    public string ToDecimalString() => ToBigInteger().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses "0x"-prefixed hex (either case, up to 64 digits) or decimal. Throws <see cref="FormatException"/>
    /// naming the problem: empty text, a bad digit, or a value not below p.
    /// </summary>
    public static Felt Parse(string text) => TryParse(text, out Felt f, out string? error) ? f : throw new FormatException(error);

    /// <summary>As <see cref="Parse"/>, returning false and a message instead of throwing.</summary>
    public static bool TryParse(string? text, out Felt value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty felt"; return false; }
        string s = text.Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ReadOnlySpan<char> hex = s.AsSpan(2);
            while (hex.Length > 1 && hex[0] == '0') hex = hex[1..];
            if (hex.Length == 0) { error = $"'{text}': no hex digits after 0x"; return false; }
            if (hex.Length > 64) { error = $"'{text}' is not below the Stark252 prime (more than 256 bits)"; return false; }
            Span<ulong> limbs = stackalloc ulong[4];
            limbs.Clear();
            for (int i = 0; i < hex.Length; i++)
            {
                int d = HexDigit(hex[hex.Length - 1 - i]);
                if (d < 0) { error = $"'{text}': '{hex[hex.Length - 1 - i]}' is not a hex digit"; return false; }
                limbs[i / 16] |= (ulong)d << (4 * (i % 16));
            }
            if (!TryFromCanonical(limbs[0], limbs[1], limbs[2], limbs[3], out value))
            {
                error = $"'{text}' is not below the Stark252 prime";
                return false;
            }
            return true;
        }
        foreach (char c in s)
        {
            if (c is < '0' or > '9') { error = $"'{text}' is neither 0x-hex nor a decimal number"; return false; }
        }
        if (s.Length > 80) { error = $"'{text}' is not below the Stark252 prime"; return false; }
        BigInteger x = BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        if (x >= Modulus) { error = $"'{text}' is not below the Stark252 prime"; return false; }
        value = FromBigInteger(x);
        return true;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
