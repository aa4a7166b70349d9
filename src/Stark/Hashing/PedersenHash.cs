using System.Runtime.CompilerServices;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Stark.Hashing;

/// <summary>
/// StarkNet's Pedersen hash (cairo-lang <c>starkware/crypto/signature/fast_pedersen_hash.py</c>):
/// H(a, b) = [P0 + a_low·P1 + a_high·P2 + b_low·P3 + b_high·P4].x, where x_low is the low 248 bits of x and
/// x_high its top 4 bits; and <c>compute_hash_on_elements</c>.
/// </summary>
/// <remarks>
/// The points are derived from π (<see cref="ConstantPoints"/>). P1 and P3 have tables of d·2^(11w)·P for all
/// 11-bit digits d and windows w (<see cref="FixedBaseTable"/>, 3 MB each, built on first use in about 0.1 s), so
/// one hash is at most 48 mixed Jacobian additions and one inversion, against about 500 additions and 500 doublings
/// for double-and-add. Variable-time: inputs are public.
/// </remarks>
public static class PedersenHash
{
    private sealed class Tables
    {
        // 248 low bits in 23 windows of 11 bits; the 4 high bits in one window.
        public readonly FixedBaseTable P1 = new(ConstantPoints.P1, 23, 11);
        public readonly FixedBaseTable P2 = new(ConstantPoints.P2, 1, 4);
        public readonly FixedBaseTable P3 = new(ConstantPoints.P3, 23, 11);
        public readonly FixedBaseTable P4 = new(ConstantPoints.P4, 1, 4);
        public readonly JacobianPoint Shift = JacobianPoint.FromAffine(ConstantPoints.ShiftPoint);
    }

    private static readonly Lazy<Tables> s_tables = new(() => new Tables());

    /// <summary>pedersen(a, b) for felts a, b.</summary>
    [SkipLocalsInit]
    public static Felt Hash(in Felt a, in Felt b)
    {
        Tables t = s_tables.Value;
        Span<ulong> lo = stackalloc ulong[4];
        Span<ulong> hi = stackalloc ulong[4];
        JacobianPoint acc = t.Shift;
        acc = AddFelt(acc, a, t.P1, t.P2, lo, hi);
        acc = AddFelt(acc, b, t.P3, t.P4, lo, hi);
        return acc.ToAffine().X;
    }

    /// <summary>acc + x_low·Pl + x_high·Ph.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JacobianPoint AddFelt(JacobianPoint acc, in Felt x, FixedBaseTable low, FixedBaseTable high, Span<ulong> lo, Span<ulong> hi)
    {
        x.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        lo[0] = x0; lo[1] = x1; lo[2] = x2; lo[3] = x3 & 0x00FF_FFFF_FFFF_FFFFUL;
        hi[0] = x3 >> 56; hi[1] = 0; hi[2] = 0; hi[3] = 0;
        acc = low.Accumulate(acc, lo);
        return high.Accumulate(acc, hi);
    }

    /// <summary>
    /// compute_hash_on_elements(xs) = pedersen(…pedersen(pedersen(0, xs[0]), xs[1])…, len(xs)).
    /// </summary>
    public static Felt HashOnElements(ReadOnlySpan<Felt> xs)
    {
        Felt h = Felt.Zero;
        foreach (Felt x in xs) h = Hash(h, x);
        return Hash(h, Felt.FromUInt64((ulong)xs.Length));
    }
}
