using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Zetina.Stark.Field;
using Limbs52 = Zetina.Stark.Field.FeltLanes.Limbs52;

namespace Zetina.Stark.Hashing;

// The Hades permutation over several independent states at once, one state per SIMD element: element k of every
// state sits in one FeltLanes.Limbs52 (five 52-bit limbs a lane), so the products run as exact double-precision
// FMAs, 4 states with AVX2 and 8 where Vector<T> is 512 bits. Merkle leaves and node levels give independent
// states by the thousand; the scalar PoseidonHash.Permute is what this is tested against.
public static unsafe partial class PoseidonHash
{
    /// <summary>How many states <see cref="PermuteLanes"/> permutes at once: <see cref="FeltLanes.Lanes"/> where FMA makes the lanes pay, else 1.</summary>
    internal static int Lanes { get; } = FeltLanes.Lanes > 1 && Fma.IsSupported ? FeltLanes.Lanes : 1;

    /// <summary>
    /// Whether <see cref="PermuteLanes"/> runs here at all (fast or not): <see cref="FeltLanes.Limbs52"/> loads and
    /// stores 4 or 8 elements a vector.
    /// </summary>
    internal static bool LaneFormAvailable => Vector<ulong>.Count is 4 or 8;

    /// <summary>s_optimizedConstants broadcast to every lane, as limbs (empty where the lane form is unavailable).</summary>
    private static readonly Limbs52[] s_laneConstants = LaneFormAvailable ? BroadcastConstants() : [];

    /// <summary>
    /// 4p in limbs borrowed so that limbs 0 to 3 are at least 2^52 − 1 and the top one at least 2^45: a normalised
    /// value below 2p (limbs below 2^52, the top one below 2^45) subtracts from it limb by limb without going negative.
    /// </summary>
    private static readonly Limbs52 s_fourP = BorrowedFourP();

    private static Limbs52[] BroadcastConstants()
    {
        var lanes = new Limbs52[s_optimizedConstants.Length];
        Felt* copies = stackalloc Felt[Vector<ulong>.Count];
        for (int i = 0; i < lanes.Length; i++)
        {
            for (int j = 0; j < Vector<ulong>.Count; j++) copies[j] = s_optimizedConstants[i];
            lanes[i] = Limbs52.Load(copies);
        }
        return lanes;
    }

    private static Limbs52 BorrowedFourP()
    {
        // 4p = 4 + 68·2^192 + 2^253: limbs (4, 0, 0, 68·2^36 mod 2^52 … ) normalised, then 2^52 lent to each of limbs
        // 0 to 3 by the limb above.
        System.Numerics.BigInteger v = 4 * Felt.Modulus, mask = (System.Numerics.BigInteger.One << 52) - 1;
        var limbs = new ulong[5];
        for (int i = 0; i < 4; i++) limbs[i] = (ulong)((v >> (52 * i)) & mask);
        limbs[4] = (ulong)(v >> 208);
        for (int i = 0; i < 4; i++)
        {
            limbs[i] += 1UL << 52;
            limbs[i + 1] -= 1;
        }
        return new Limbs52(new Vector<ulong>(limbs[0]), new Vector<ulong>(limbs[1]), new Vector<ulong>(limbs[2]),
            new Vector<ulong>(limbs[3]), new Vector<ulong>(limbs[4]));
    }

    /// <summary>
    /// Applies the permutation to <see cref="Lanes"/> states at once (requires <see cref="Lanes"/> &gt; 1): element k
    /// of state j is <paramref name="states"/>[k·Lanes + j], elements in [0, p), as <see cref="Permute(Span{Felt})"/>
    /// takes them. Equal, state by state, to the scalar permutation.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">The lane form is unavailable (<see cref="LaneFormAvailable"/>).</exception>
    internal static void PermuteLanes(Felt* states)
    {
        if (!LaneFormAvailable) throw new PlatformNotSupportedException("the Poseidon lane form needs Vector<ulong> of 4 or 8 elements");
        int n = Vector<ulong>.Count;
        Limbs52 s0 = Limbs52.Load(states), s1 = Limbs52.Load(states + n), s2 = Limbs52.Load(states + 2 * n);
        PermuteLimbs(ref s0, ref s1, ref s2);
        s0.Reduce().Store(states);
        s1.Reduce().Store(states + n);
        s2.Reduce().Store(states + 2 * n);
    }

    /// <summary>The permutation on lane states in [0, 2p) (normalised limbs); the results are in [0, 2p).</summary>
    /// <remarks>
    /// Each round's constants are added while the previous round's MDS sums are still unreduced, so one
    /// <see cref="Fold"/> per lane and round brings every value back below 2p, the range the lane product takes.
    /// </remarks>
    [SkipLocalsInit]
    private static void PermuteLimbs(ref Limbs52 state0, ref Limbs52 state1, ref Limbs52 state2)
    {
        ReadOnlySpan<Limbs52> rc = s_laneConstants;
        Limbs52 k = s_fourP;
        Limbs52 s0 = Fold(Sum(state0, rc[0])), s1 = Fold(Sum(state1, rc[1])), s2 = Fold(Sum(state2, rc[2]));
        Limbs52 n0, n1, n2;
        for (int r = 0; r < FullRounds / 2; r++)
        {
            s0 = Cube(s0); s1 = Cube(s1); s2 = Cube(s2);
            Mix(s0, s1, s2, k, out n0, out n1, out n2);
            if (r < FullRounds / 2 - 1)
            {
                s0 = Fold(Sum(n0, rc[3 * r + 3])); s1 = Fold(Sum(n1, rc[3 * r + 4])); s2 = Fold(Sum(n2, rc[3 * r + 5]));
            }
            else
            {
                s0 = Fold(n0); s1 = Fold(n1); s2 = Fold(Sum(n2, rc[PartialConstantsAt]));
            }
        }
        for (int r = 0; r < PartialRounds; r++)
        {
            s2 = Cube(s2);
            Mix(s0, s1, s2, k, out n0, out n1, out n2);
            if (r < PartialRounds - 1)
            {
                s0 = Fold(n0); s1 = Fold(n1); s2 = Fold(Sum(n2, rc[PartialConstantsAt + r + 1]));
            }
            else
            {
                s0 = Fold(Sum(n0, rc[LastFullConstantsAt])); s1 = Fold(Sum(n1, rc[LastFullConstantsAt + 1]));
                s2 = Fold(Sum(n2, rc[LastFullConstantsAt + 2]));
            }
        }
        for (int r = 0; r < FullRounds / 2; r++)
        {
            s0 = Cube(s0); s1 = Cube(s1); s2 = Cube(s2);
            Mix(s0, s1, s2, k, out n0, out n1, out n2);
            int next = LastFullConstantsAt + 3 * r + 3;
            if (r < FullRounds / 2 - 1)
            {
                s0 = Fold(Sum(n0, rc[next])); s1 = Fold(Sum(n1, rc[next + 1])); s2 = Fold(Sum(n2, rc[next + 2]));
            }
            else
            {
                s0 = Fold(n0); s1 = Fold(n1); s2 = Fold(n2);
            }
        }
        state0 = s0; state1 = s1; state2 = s2;
    }

    /// <summary>x³ for x in [0, 2p): x²·x with x's factor form made once; the result is in [0, 2p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Limbs52 Cube(in Limbs52 x)
    {
        Limbs52.Factor f = Limbs52.AsFactor(x);
        return Limbs52.Product(Limbs52.Product(x, f), f);
    }

    /// <summary>
    /// The MDS product (3s₀ + s₁ + s₂, s₀ − s₁ + s₂, s₀ + s₁ − 2s₂) limb by limb, unnormalised, for inputs in [0, 2p):
    /// the differences are taken from 4p (<paramref name="fourP"/>, limbs no smaller than the subtrahend's), so the sums
    /// stay non-negative and below 10p, 8p and 12p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(in Limbs52 s0, in Limbs52 s1, in Limbs52 s2, in Limbs52 fourP, out Limbs52 n0, out Limbs52 n1, out Limbs52 n2)
    {
        Vector<ulong> a0 = s0.L0 + s1.L0, a1 = s0.L1 + s1.L1, a2 = s0.L2 + s1.L2, a3 = s0.L3 + s1.L3, a4 = s0.L4 + s1.L4;
        n0 = new Limbs52(a0 + s2.L0 + (s0.L0 << 1), a1 + s2.L1 + (s0.L1 << 1), a2 + s2.L2 + (s0.L2 << 1),
            a3 + s2.L3 + (s0.L3 << 1), a4 + s2.L4 + (s0.L4 << 1));
        n1 = new Limbs52(s0.L0 + s2.L0 + (fourP.L0 - s1.L0), s0.L1 + s2.L1 + (fourP.L1 - s1.L1), s0.L2 + s2.L2 + (fourP.L2 - s1.L2),
            s0.L3 + s2.L3 + (fourP.L3 - s1.L3), s0.L4 + s2.L4 + (fourP.L4 - s1.L4));
        n2 = new Limbs52(a0 + ((fourP.L0 - s2.L0) << 1), a1 + ((fourP.L1 - s2.L1) << 1), a2 + ((fourP.L2 - s2.L2) << 1),
            a3 + ((fourP.L3 - s2.L3) << 1), a4 + ((fourP.L4 - s2.L4) << 1));
    }

    /// <summary>Limb-by-limb sum, unnormalised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Limbs52 Sum(in Limbs52 u, in Limbs52 v) => new(u.L0 + v.L0, u.L1 + v.L1, u.L2 + v.L2, u.L3 + v.L3, u.L4 + v.L4);

    /// <summary>
    /// Maps limbs of a value v &lt; 2^12·p (each limb small enough that carries fit 64 bits) to normalised limbs of a
    /// value in [0, 2p) congruent to v: with q = ⌊v / 2^251⌋ and k = max(q, 1) − 1, v − k·p.
    /// </summary>
    /// <remarks>
    /// p = 2^251 + 17·2^192 + 1 makes the quotient estimate free: v = q·2^251 + low. For q ≥ 1, v − k·p = low + 2^251 −
    /// k·(17·2^192 + 1) ∈ (0, 2^252) ⊂ [0, 2p); the constant 2^251 − k·(17·2^192 + 1) has the non-negative limbs
    /// (2^52 − k, 2^52 − 1, 2^52 − 1, 2^52 − 1 − 17k·2^36, 2^43 − 1), the lower four summing to 2^208 − k·(17·2^192 + 1).
    /// For q = 0, v is already below 2^251 and k = 0: the same limbs less 2^251 (the top limb's 2^43) add nothing.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Limbs52 Fold(in Limbs52 v)
    {
        Vector<ulong> mask = new((1UL << 52) - 1);
        Vector<ulong> t = v.L0;
        Vector<ulong> d0 = t & mask; t = (t >> 52) + v.L1;
        Vector<ulong> d1 = t & mask; t = (t >> 52) + v.L2;
        Vector<ulong> d2 = t & mask; t = (t >> 52) + v.L3;
        Vector<ulong> d3 = t & mask; Vector<ulong> d4 = (t >> 52) + v.L4;
        Vector<ulong> q = d4 >> 43;
        Vector<ulong> nonZero = (Vector<ulong>.Zero - q) >> 63;
        Vector<ulong> k = q - nonZero;
        // low + 2^251·[q ≥ 1] − k·(17·2^192 + 1), limb by limb, then normalised; the top limb's −1 is repaid by the
        // carry of exactly 1 (or more) that the lower four limbs' constants produce.
        t = d0 + (new Vector<ulong>(1UL << 52) - k);
        d0 = t & mask; t = (t >> 52) + d1 + mask;
        d1 = t & mask; t = (t >> 52) + d2 + mask;
        d2 = t & mask; t = (t >> 52) + d3 + mask - ((k << 40) + (k << 36));
        d3 = t & mask;
        d4 = (t >> 52) + (d4 & new Vector<ulong>((1UL << 43) - 1)) + (nonZero << 43) - Vector<ulong>.One;
        return new Limbs52(d0, d1, d2, d3, d4);
    }

    /// <summary>
    /// digests[j] = <see cref="HashMany"/>(rows[j·width, (j + 1)·width)) for every j &lt; digests.Length: whole groups of
    /// <see cref="Lanes"/> rows through the lane permutation, the rest through the scalar one.
    /// </summary>
    /// <exception cref="ArgumentException">The rows are not digests.Length · width elements.</exception>
    internal static void HashManyRows(ReadOnlySpan<Felt> rows, int width, Span<Felt> digests)
    {
        if (width < 0 || rows.Length != digests.Length * width) throw new ArgumentException($"expected {digests.Length} rows of {width} elements, got {rows.Length}", nameof(rows));
        int j = 0, n = Lanes;
        if (n > 1)
        {
            Felt* block = stackalloc Felt[2 * Vector<ulong>.Count];
            Felt* output = stackalloc Felt[Vector<ulong>.Count];
            for (; j + n <= digests.Length; j += n)
            {
                HashManyLanes(rows.Slice(j * width, n * width), width, block, output);
                new ReadOnlySpan<Felt>(output, n).CopyTo(digests.Slice(j, n));
            }
        }
        for (; j < digests.Length; j++) digests[j] = HashMany(rows.Slice(j * width, width));
    }

    /// <summary>
    /// digests[j] = <see cref="Hash"/>(pairs[2j], pairs[2j + 1]) for every j &lt; digests.Length (Merkle parents from
    /// their children), in lane groups as <see cref="HashManyRows"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The pairs are not 2·digests.Length elements.</exception>
    internal static void HashPairs(ReadOnlySpan<Felt> pairs, Span<Felt> digests)
    {
        if (pairs.Length != 2 * digests.Length) throw new ArgumentException($"expected {digests.Length} pairs, got {pairs.Length} elements", nameof(pairs));
        int j = 0, n = Lanes;
        if (n > 1)
        {
            Felt* states = stackalloc Felt[3 * Vector<ulong>.Count];
            Felt two = Felt.FromUInt64(2);
            for (; j + n <= digests.Length; j += n)
            {
                for (int i = 0; i < n; i++)
                {
                    states[i] = pairs[2 * (j + i)];
                    states[n + i] = pairs[2 * (j + i) + 1];
                    states[2 * n + i] = two;
                }
                PermuteLanes(states);
                new ReadOnlySpan<Felt>(states, n).CopyTo(digests.Slice(j, n));
            }
        }
        for (; j < digests.Length; j++) digests[j] = Hash(pairs[2 * j], pairs[2 * j + 1]);
    }

    /// <summary>hash_many of <see cref="Vector{T}.Count"/> rows of one width at once (the sponge of <see cref="HashMany"/> per lane).</summary>
    private static void HashManyLanes(ReadOnlySpan<Felt> rows, int width, Felt* block, Felt* output)
    {
        int n = Vector<ulong>.Count;
        Limbs52 zero = default;
        Limbs52 s0 = zero, s1 = zero, s2 = zero;
        int i = 0;
        // Full blocks, then the last one: [x, 1] when one element is left, else [1, 0].
        for (; i <= width; i += 2)
        {
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<Felt> row = rows.Slice(j * width, width);
                block[j] = i < width ? row[i] : Felt.One;
                block[n + j] = i + 1 < width ? row[i + 1] : i + 1 == width ? Felt.One : Felt.Zero;
            }
            s0 = Sum(s0, Limbs52.Load(block));
            s1 = Sum(s1, Limbs52.Load(block + n));
            PermuteLimbs(ref s0, ref s1, ref s2);
        }
        s0.Reduce().Store(output);
    }
}
