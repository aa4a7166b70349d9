using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// One add_mod or mul_mod instance as <see cref="ModLane"/> proves it: its 22 memory reads (the 7 cells p0 … p3,
/// values_ptr, offsets_ptr, n; the 3 offsets; the 4 words each of a, b, c) and the integers the lane's columns hold:
/// p, a, b, c below 2^384, the quotient k = (a op b − c)/p and the carries d_0 … d_5 between word positions.
/// </summary>
/// <param name="N">The instance's n (operations left in its batch, this one included).</param>
/// <param name="Addresses">Addresses of the 22 reads, in memory-row order.</param>
/// <param name="Values">Values of the 22 reads.</param>
/// <param name="P">The modulus.</param>
/// <param name="A">The first operand.</param>
/// <param name="B">The second operand.</param>
/// <param name="C">The result.</param>
/// <param name="K">The quotient (a op b − c)/p.</param>
/// <param name="Carries">d_t with Σ_(i+j=t) terms − c_t + d_(t−1) = 2^96·d_t; each in (−2^99, 2^99).</param>
internal sealed record ModInstance(Felt N, ulong[] Addresses, Felt[] Values, BigInteger P, BigInteger A, BigInteger B, BigInteger C, BigInteger K, BigInteger[] Carries)
{
    private static readonly BigInteger s_word = BigInteger.One << ModLane.WordBits;

    /// <summary>
    /// Reads instance <paramref name="k"/> at <paramref name="cell"/> from <paramref name="witness"/>'s memory and
    /// solves it (<see cref="Solve"/>). Throws <see cref="CairoTraceException"/> naming the instance when a read is
    /// missing, a pointer or offset is not a small address, or <see cref="Solve"/> refuses.
    /// </summary>
    public static ModInstance Read(ModLane lane, ulong cell, int k, LaneWitness witness)
    {
        string who = $"{lane.Builtin} instance {k}";
        var addresses = new ulong[ModLane.Reads];
        var values = new Felt[ModLane.Reads];
        string[] cellNames = ["p0", "p1", "p2", "p3", "values_ptr", "offsets_ptr", "n"];
        for (int j = 0; j < ModLane.CellsPerInstance; j++)
        {
            addresses[j] = cell + (ulong)j;
            values[j] = witness.Read(addresses[j], k, $"{lane.Builtin} {cellNames[j]}");
        }
        ulong valuesPtr = Small(values[4], who, "values_ptr"), offsetsPtr = Small(values[5], who, "offsets_ptr");
        for (int x = 0; x < 3; x++)
        {
            addresses[ModLane.CellsPerInstance + x] = offsetsPtr + (ulong)x;
            values[ModLane.CellsPerInstance + x] = witness.Read(offsetsPtr + (ulong)x, k, $"{lane.Builtin} {"abc"[x]}_offset");
        }
        for (int x = 0; x < 3; x++)
        {
            ulong offset = Small(values[ModLane.CellsPerInstance + x], who, $"{"abc"[x]}_offset");
            for (int i = 0; i < ModLane.Words; i++)
            {
                int j = 10 + ModLane.Words * x + i;
                addresses[j] = Small(valuesPtr + offset + (ulong)i, who, $"address of {"abc"[x]}{i}");
                values[j] = witness.Read(addresses[j], k, $"{lane.Builtin} {"abc"[x]}{i}");
            }
        }
        return Solve(lane.Operation, addresses, values, who);
    }

    /// <summary>
    /// The instance of the reads <paramref name="values"/> at <paramref name="addresses"/>: its words as integers, k
    /// and the carries. Throws <see cref="CairoTraceException"/> (prefixed by <paramref name="who"/>) when a word is
    /// not below 2^96, p is 0, or a op b − c is not k·p with 0 ≤ k &lt; k_bound (2 for add, 2^384 for mul): cairo-lang's
    /// <c>run_security_checks</c> for one instance.
    /// </summary>
    public static ModInstance Solve(ModOperation op, ulong[] addresses, Felt[] values, string who)
    {
        BigInteger Number(int first, string name)
        {
            BigInteger x = 0;
            for (int i = ModLane.Words - 1; i >= 0; i--)
            {
                BigInteger word = values[first + i].ToBigInteger();
                if (word >= s_word) throw new CairoTraceException($"{who}: word {name}{i} = {values[first + i].ToHexString()} at {addresses[first + i]} is not below 2^96");
                x = (x << ModLane.WordBits) + word;
            }
            return x;
        }
        BigInteger p = Number(0, "p"), a = Number(10, "a"), b = Number(14, "b"), c = Number(18, "c");
        if (p.IsZero) throw new CairoTraceException($"{who}: p is 0");
        BigInteger result = op == ModOperation.Add ? a + b : a * b, diff = result - c;
        string sign = op == ModOperation.Add ? "+" : "·";
        if (diff.Sign < 0 || !(diff % p).IsZero)
            throw new CairoTraceException($"{who}: a {sign} b − c = {diff} is not a non-negative multiple of p = {p} (a = {a}, b = {b}, c = {c})");
        BigInteger k = diff / p, bound = op == ModOperation.Add ? 2 : BigInteger.One << (ModLane.Words * ModLane.WordBits);
        if (k >= bound) throw new CairoTraceException($"{who}: (a {sign} b − c)/p = {k} is not below {bound}");
        return new ModInstance(values[6], addresses, values, p, a, b, c, k, CarriesOf(op, p, a, b, c, k));
    }

    /// <summary>
    /// The carries of a op b − c − k·p = 0 word by word: d_t = (S_t + d_(t−1))/2^96 with S_t the column sum of position t
    /// (exact divisions when the equation holds; d_6 = 0).
    /// </summary>
    public static BigInteger[] CarriesOf(ModOperation op, BigInteger p, BigInteger a, BigInteger b, BigInteger c, BigInteger k)
    {
        BigInteger[] W(BigInteger x)
        {
            var w = new BigInteger[ModLane.Words];
            for (int i = 0; i < w.Length; i++) w[i] = (x >> (ModLane.WordBits * i)) & (s_word - 1);
            return w;
        }
        BigInteger[] pw = W(p), aw = W(a), bw = W(b), cw = W(c), kw = W(k);
        var carries = new BigInteger[ModLane.Carries];
        BigInteger carry = 0;
        for (int t = 0; t < ModLane.Carries; t++)
        {
            BigInteger s = t < ModLane.Words ? -cw[t] : 0;
            if (op == ModOperation.Add && t < ModLane.Words) s += aw[t] + bw[t];
            for (int i = Math.Max(0, t - ModLane.Words + 1); i <= Math.Min(t, ModLane.Words - 1); i++)
            {
                if (op == ModOperation.Mul) s += aw[i] * bw[t - i];
                s -= kw[i] * pw[t - i];
            }
            carry = (s + carry) / s_word; // exact: the equation holds, so 2^96 divides every partial sum
            carries[t] = carry;
        }
        return carries;
    }

    /// <summary>
    /// cairo-lang's chain rule for an instance with n &gt; 1 (batch size 1): <paramref name="next"/> has the same p and
    /// values_ptr, offsets_ptr + 3 and n − 1. Throws <see cref="CairoTraceException"/> naming the field that differs.
    /// </summary>
    public void CheckContinuedBy(ModInstance next, string who)
    {
        (string Name, int Row, Felt Expected)[] fields =
        [
            ("p0", 0, Values[0]), ("p1", 1, Values[1]), ("p2", 2, Values[2]), ("p3", 3, Values[3]),
            ("values_ptr", 4, Values[4]), ("offsets_ptr", 5, Values[5] + 3UL), ("n", 6, N - Felt.One),
        ];
        foreach ((string name, int row, Felt expected) in fields)
            if (next.Values[row] != expected)
                throw new CairoTraceException($"{who}: n = {N.ToHexString()}, so the next instance continues its batch, but its {name} is {next.Values[row].ToHexString()}, not {expected.ToHexString()}");
    }

    private static ulong Small(in Felt v, string who, string what)
    {
        v.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if ((x1 | x2 | x3) != 0 || x0 >= 1UL << 62) throw new CairoTraceException($"{who}: {what} = {v.ToHexString()} is not an address");
        return x0;
    }

    private static ulong Small(ulong v, string who, string what) =>
        v < 1UL << 62 ? v : throw new CairoTraceException($"{who}: {what} = {v} is not an address");
}
