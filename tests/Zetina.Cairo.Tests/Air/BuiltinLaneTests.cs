using System.Numerics;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using FeltValue = Zetina.Stark.Air.FeltValue;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The pedersen and poseidon lanes on their own: two instances in a 1024-row (pedersen) or 256-row (poseidon) lane,
/// every transition evaluated on every row, as the AIR does.
/// </summary>
public sealed class BuiltinLaneTests
{
    private static readonly PedersenLane s_pedersen = new();
    private static readonly PoseidonLane s_poseidon = new();
    private static readonly BitwiseLane s_bitwise = new();
    private static readonly EcdsaLane s_ecdsa = new();
    private static readonly BigInteger s_p = (BigInteger.One << 251) + 17 * (BigInteger.One << 192) + 1;

    private static ulong[] Limbs(BigInteger x, BigInteger y)
    {
        var l = new ulong[8];
        for (int i = 0; i < 4; i++)
        {
            l[i] = (ulong)((x >> (64 * i)) & ulong.MaxValue);
            l[4 + i] = (ulong)((y >> (64 * i)) & ulong.MaxValue);
        }
        return l;
    }

    private static Felt F(BigInteger v) => Felt.Parse("0x" + v.ToString("x"));

    /// <summary>Failing (row, name) pairs of a lane whose first instance reads the given bit patterns; the second hashes (0, 0).</summary>
    private static List<string> CheckPedersen(ulong[] inputs, out Felt hash)
    {
        const int n = 2 * PedersenLane.InstanceRows;
        var cols = new Felt[PedersenLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[n];
        hash = PedersenLane.FillInstanceBits(cols, 0, 0, inputs);
        PedersenLane.FillInstance(cols, 0, PedersenLane.InstanceRows, Felt.Zero, Felt.Zero);
        PedersenLane.FillHelpers(cols, 0, n);
        IReadOnlyList<Felt[]> per = s_pedersen.Periodic;
        for (int i = 1; i < n; i++) cols[PedersenLane.Cell][i] = cols[PedersenLane.Cell][i - 1] + per[6][(i - 1) % PedersenLane.InstanceRows];
        var names = new List<string>();
        s_pedersen.AddConstraints(0, (name, _) => names.Add(name));
        return Evaluate(cols, n, s_pedersen.NextEntries, per, names,
            (f, at, p, r) => { int o = 0; s_pedersen.Evaluate(FeltValue.Of(f), 0, at, FeltValue.Of(p), FeltValue.Of(r), ref o); });
    }

    private delegate void Eval(ReadOnlySpan<Felt> frame, ReadOnlySpan<int> at, ReadOnlySpan<Felt> periodic, Span<Felt> result);

    private static List<string> Evaluate(Felt[][] cols, int n, IReadOnlyList<(int Column, int Row)> next, IReadOnlyList<Felt[]> per, List<string> names, Eval eval)
    {
        int w = cols.Length;
        var frame = new Felt[w + next.Count];
        int[] at = Enumerable.Range(w, next.Count).ToArray();
        var p = new Felt[per.Count];
        var result = new Felt[names.Count];
        var failures = new List<string>();
        for (int row = 0; row < n - 1; row++)
        {
            for (int c = 0; c < w; c++) frame[c] = cols[c][row];
            for (int i = 0; i < next.Count; i++) frame[w + i] = cols[next[i].Column][(row + next[i].Row) % n];
            for (int j = 0; j < p.Length; j++) p[j] = per[j][row % per[j].Length];
            eval(frame, at, p, result);
            for (int k = 0; k < result.Length; k++) if (!result[k].IsZero) failures.Add($"{row}:{names[k]}");
        }
        return failures;
    }

    public static TheoryData<string, string> CanonicalInputs => new()
    {
        { "0", "0" },
        { "1", "2" },
        { "-1", "-1" },                                                        // p − 1: bits 251, 196, 192 set, the rest 0
        { "-2", "3" },
        { "0x800000000000000000000000000000000000000000000000000000000000000", "0x7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" },
        { "0x80000000000000fffffffffffffffffffffffffffffffffffffffffffffffff", "0x800000000000010ffffffffffffffffffffffffffffffffffffffffffffffff" }, // 2^251 + 2^196 − 1 and 2^251 + 2^196 + 2^192 − 1
    };

    [Theory]
    [MemberData(nameof(CanonicalInputs))]
    public void Pedersen_CanonicalInputs_SatisfyAllAndHash(string xs, string ys)
    {
        Felt x = xs.StartsWith('-') ? -Felt.Parse(xs[1..]) : Felt.Parse(xs);
        Felt y = ys.StartsWith('-') ? -Felt.Parse(ys[1..]) : Felt.Parse(ys);
        x.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        y.ToCanonical(out ulong y0, out ulong y1, out ulong y2, out ulong y3);
        List<string> f = CheckPedersen([x0, x1, x2, x3, y0, y1, y2, y3], out Felt h);
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
        Assert.Equal(PedersenHash.Hash(x, y), h);
    }

    [Theory]
    [InlineData(0, "canonical_low")]          // x + p: bits 251, 196, 192 and bit 0 set
    [InlineData(5, "canonical_low")]
    [InlineData(-1, "canonical_mid")]         // 2^251 + 2^196 + 2^193: bit 193 set with 251 and 196
    [InlineData(-2, "canonical_high")]        // 2^251 + 2^197: bit 197 set with 251
    public void Pedersen_InputAtLeastP_FailsCanonicalCheck(int which, string constraint)
    {
        BigInteger x = which switch
        {
            -1 => (BigInteger.One << 251) + (BigInteger.One << 196) + (BigInteger.One << 193),
            -2 => (BigInteger.One << 251) + (BigInteger.One << 197),
            _ => s_p + which,
        };
        Assert.True(x >= s_p && x < BigInteger.One << 252);
        List<string> f = CheckPedersen(Limbs(x, 7), out _);
        Assert.Contains(f, e => e.EndsWith("pedersen[0]_" + constraint, StringComparison.Ordinal));
        // With y's pattern instead: the second half's check fails.
        f = CheckPedersen(Limbs(7, x), out _);
        Assert.Contains(f, e => e.EndsWith("pedersen[0]_" + constraint, StringComparison.Ordinal));
    }

    [Fact]
    public void Poseidon_Lane_SatisfiesAllAndPermutes()
    {
        const int n = 2 * PoseidonLane.InstanceRows;
        var cols = new Felt[PoseidonLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[n];
        (Felt a, Felt b, Felt c2) = PoseidonLane.FillInstance(cols, 0, 0, 1UL, 2UL, 3UL);
        PoseidonLane.FillInstance(cols, 0, PoseidonLane.InstanceRows, Felt.Zero, Felt.Zero, Felt.Zero);
        IReadOnlyList<Felt[]> per = s_poseidon.Periodic;
        for (int i = 1; i < n; i++) cols[PoseidonLane.Cell][i] = cols[PoseidonLane.Cell][i - 1] + per[7][(i - 1) % PoseidonLane.InstanceRows];
        var names = new List<string>();
        s_poseidon.AddConstraints(0, (name, _) => names.Add(name));
        List<string> f = Evaluate(cols, n, s_poseidon.NextEntries, per, names,
            (fr, at, p, r) => { int o = 0; s_poseidon.Evaluate(FeltValue.Of(fr), 0, at, FeltValue.Of(p), FeltValue.Of(r), ref o); });
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
        Felt[] s = [1UL, 2UL, 3UL];
        PoseidonHash.Permute(s);
        Assert.Equal(s, new[] { a, b, c2 });
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0x5", "0x3")]
    [InlineData("0x7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0x123456789abcdef0fedcba9876543210")]
    public void Bitwise_Lane_SatisfiesAllAndComputes(string xs, string ys)
    {
        Felt x = Felt.Parse(xs), y = Felt.Parse(ys);
        const int n = 2 * BitwiseLane.InstanceRows;
        var cols = new Felt[BitwiseLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[n];
        (Felt and, Felt xor, Felt or) = BitwiseLane.FillInstance(cols, 0, 0, x, y);
        // Instance 0 used at cells 100 …: active, selector, memory slot on rows 0–4.
        Felt[] values = [x, y, and, xor, or];
        for (int i = 0; i < n; i++) cols[BitwiseLane.Cell][i] = i < BitwiseLane.InstanceRows ? 100UL : 105UL;
        for (int i = 0; i < BitwiseLane.InstanceRows; i++) cols[BitwiseLane.Active][i] = Felt.One;
        cols[BitwiseLane.Selector][0] = Felt.One;
        for (int j = 0; j < 5; j++) { cols[BitwiseLane.MemoryAddress][j] = 100UL + (ulong)j; cols[BitwiseLane.MemoryAddress + 1][j] = values[j]; }
        var names = new List<string>();
        s_bitwise.AddConstraints(0, (name, _) => names.Add(name));
        List<string> Run() => Evaluate(cols, n, s_bitwise.NextEntries, s_bitwise.Periodic, names,
            (fr, at, p, r) => { int o = 0; s_bitwise.Evaluate(FeltValue.Of(fr), 0, at, FeltValue.Of(p), FeltValue.Of(r), ref o); });
        List<string> f = Run();
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
        BigInteger bx = BigInteger.Parse("0" + xs.Replace("0x", ""), System.Globalization.NumberStyles.HexNumber);
        BigInteger by = BigInteger.Parse("0" + ys.Replace("0x", ""), System.Globalization.NumberStyles.HexNumber);
        Assert.Equal(F(bx & by), and);
        Assert.Equal(F(bx ^ by), xor);
        Assert.Equal(F(bx | by), or);
        // A forged x⊕y cell is caught by the memory_value constraint of cell 3.
        cols[BitwiseLane.MemoryAddress + 1][3] += Felt.One;
        Assert.Contains("0:bitwise[0]_memory_value[3]", Run());
    }

    private static List<string> CheckEcdsa(EcdsaLane.Instance first, out Felt[][] cols)
    {
        const int blocks = 4, n = blocks * EcdsaLane.InstanceRows;
        cols = new Felt[EcdsaLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[n];
        EcdsaLane.Instance prev = EcdsaLane.Dummy;
        Stark.Crypto.EcPoint prevA = Stark.Crypto.StarkCurve.Generator;
        for (int b = 0; b < blocks; b++)
        {
            EcdsaLane.Instance cur = b == 0 ? first : EcdsaLane.Dummy;
            Stark.Crypto.EcPoint a = EcdsaLane.FillBlock(cols, 0, b * EcdsaLane.InstanceRows, cur, prev, prevA);
            prev = cur;
            prevA = a;
            for (int j = 0; j < EcdsaLane.InstanceRows; j++) cols[EcdsaLane.Cell][b * EcdsaLane.InstanceRows + j] = 100UL + 2UL * (ulong)b;
        }
        for (int j = 0; j < EcdsaLane.InstanceRows; j++) cols[EcdsaLane.Active][j] = Felt.One;
        cols[EcdsaLane.Selector][0] = Felt.One;
        cols[EcdsaLane.MemoryAddress][0] = 100UL; cols[EcdsaLane.MemoryAddress + 1][0] = first.Q.X;
        cols[EcdsaLane.MemoryAddress][1] = 101UL; cols[EcdsaLane.MemoryAddress + 1][1] = Felt.FromBigInteger(first.Z);
        var names = new List<string>();
        s_ecdsa.AddConstraints(0, (name, _) => names.Add(name));
        Felt[][] cs = cols;
        return Evaluate(cs, n, s_ecdsa.NextEntries, s_ecdsa.Periodic, names,
            (fr, at, p, r) => { int o = 0; s_ecdsa.Evaluate(FeltValue.Of(fr), 0, at, FeltValue.Of(p), FeltValue.Of(r), ref o); });
    }

    [Fact]
    public void Ecdsa_ValidSignature_SatisfiesAll()
    {
        BigInteger key = BigInteger.Parse("123456789012345678901234567890");
        Felt msg = Felt.Parse("0x1234567890abcdef");
        (Felt r, Felt s) = Stark.Crypto.StarkEcdsa.Sign(key, msg);
        Felt w = Felt.FromBigInteger(BigInteger.ModPow(s.ToBigInteger(), Stark.Crypto.StarkCurve.Order - 2, Stark.Crypto.StarkCurve.Order));
        EcdsaLane.Instance inst = EcdsaLane.Make(Stark.Crypto.StarkEcdsa.PublicKey(key), msg, r, w, "test");
        List<string> f = CheckEcdsa(inst, out _);
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
    }

    [Fact]
    public void Ecdsa_WrongR_FailsSignatureConstraint()
    {
        BigInteger key = 987654321;
        Felt msg = Felt.Parse("0x42");
        (Felt r, Felt s) = Stark.Crypto.StarkEcdsa.Sign(key, msg);
        Felt w = Felt.FromBigInteger(BigInteger.ModPow(s.ToBigInteger(), Stark.Crypto.StarkCurve.Order - 2, Stark.Crypto.StarkCurve.Order));
        EcdsaLane.Instance inst = EcdsaLane.Make(Stark.Crypto.StarkEcdsa.PublicKey(key), msg, r, w, "test");
        // The same computation with r + 1 as the claimed r: every multiplication is well formed, but B.x ≠ r.
        List<string> f = CheckEcdsa(inst with { R = inst.R + 1 }, out _);
        Assert.Contains("0:ecdsa[0]_signature", f);
        Assert.Throws<CairoTraceException>(() => EcdsaLane.Make(Stark.Crypto.StarkEcdsa.PublicKey(key), msg + Felt.One, r, w, "test"));
    }
}
