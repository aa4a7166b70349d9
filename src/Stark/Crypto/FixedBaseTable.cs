using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// Precomputed multiples of a fixed point P for fast variable-time k·P: with windows of b bits, window w holds
/// d·2^(b·w)·P for d = 1 … 2^(b−1) in affine form, and k is written in signed digits k = Σ_w e_w·2^(b·w) with
/// −2^(b−1) &lt; e_w ≤ 2^(b−1), so k·P = Σ_w ±table[w][|e_w|] costs one mixed addition per non-zero digit, no
/// doubling, and half the entries of unsigned digits (−Q is Q with y negated).
/// </summary>
/// <remarks>
/// Signed digits (the fixed-window form of Hankerson, Menezes, Vanstone, "Guide to Elliptic Curve Cryptography",
/// §3.3.1): a window's b bits plus the carry from below, v in [0, 2^b], give e = v when v ≤ 2^(b−1), else
/// e = v − 2^b and a carry of 1 into the next window. The top window must not carry, so scalars are below
/// 2^(b·windows − 1). Memory: windows × 2^(b−1) × 64 bytes (32 windows of 8 bits: 256 KB; 23 of 11 bits: 1.5 MB).
/// Built with one batched inversion. Lookups are indexed by the scalar's digits, so this is not constant-time:
/// public scalars only (Pedersen inputs, ECDSA verification).
/// </remarks>
internal sealed class FixedBaseTable
{
    /// <summary>Entry (w, d) at index (w·2^(b−1) + d − 1)·2: x then y.</summary>
    private readonly Felt[] _xy;

    private readonly int _bits;
    private readonly int _perWindow;

    /// <summary>Number of windows: scalars below 2^(bits·Windows − 1) are accepted.</summary>
    public int Windows { get; }

    /// <param name="p">The fixed point (not infinity, of large order).</param>
    /// <param name="windows">Number of windows.</param>
    /// <param name="windowBits">Bits per window, 2 to 16.</param>
    public FixedBaseTable(EcPoint p, int windows, int windowBits = 8)
    {
        if (windowBits is < 2 or > 16) throw new ArgumentOutOfRangeException(nameof(windowBits));
        Windows = windows;
        _bits = windowBits;
        _perWindow = 1 << (windowBits - 1);
        var jac = new JacobianPoint[windows * _perWindow];
        JacobianPoint b = JacobianPoint.FromAffine(p);
        for (int w = 0; w < windows; w++)
        {
            EcPoint bAffine = b.ToAffine();
            JacobianPoint acc = b;
            jac[w * _perWindow] = acc;
            for (int d = 2; d <= _perWindow; d++)
            {
                acc = JacobianPoint.AddAffine(acc, bAffine.X, bAffine.Y);
                jac[w * _perWindow + d - 1] = acc;
            }
            for (int i = 0; i < windowBits; i++) b = JacobianPoint.Double(b);
        }
        var affine = new EcPoint[jac.Length];
        JacobianPoint.BatchToAffine(jac, affine);
        _xy = new Felt[2 * affine.Length];
        for (int i = 0; i < affine.Length; i++)
        {
            if (affine[i].IsInfinity) throw new InvalidOperationException("fixed-base table: a small multiple is infinity (point of small order)");
            _xy[2 * i] = affine[i].X;
            _xy[2 * i + 1] = affine[i].Y;
        }
    }

    /// <summary>
    /// A table whose entries were computed ahead of time (<see cref="PedersenTableData"/>): <paramref name="entries"/>
    /// holds, for each entry in the order above, x then y as 32 little-endian bytes each.
    /// </summary>
    /// <exception cref="ArgumentException">The data does not hold windows × 2^(b−1) points of canonical coordinates.</exception>
    public FixedBaseTable(ReadOnlySpan<byte> entries, int windows, int windowBits)
    {
        if (windowBits is < 2 or > 16) throw new ArgumentOutOfRangeException(nameof(windowBits));
        Windows = windows;
        _bits = windowBits;
        _perWindow = 1 << (windowBits - 1);
        _xy = new Felt[2 * windows * _perWindow];
        if (entries.Length != 32 * _xy.Length)
            throw new ArgumentException($"fixed-base table: {entries.Length} bytes of entries, expected {32 * _xy.Length}", nameof(entries));
        for (int i = 0; i < _xy.Length; i++)
            if (!Felt.TryFromBytesLittleEndian(entries.Slice(32 * i, 32), out _xy[i]))
                throw new ArgumentException($"fixed-base table: coordinate {i} is not below p", nameof(entries));
    }

    /// <summary>The entries as stored: (w, d) at (w·2^(b−1) + d − 1)·2, x then y (for the tests' comparisons).</summary>
    internal ReadOnlySpan<Felt> Entries => _xy;

    /// <summary>acc + k·P for 0 ≤ k &lt; 2^(bits·Windows − 1), k given as four little-endian limbs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k needs a digit above the top window.</exception>
    public JacobianPoint Accumulate(JacobianPoint acc, ReadOnlySpan<ulong> k)
    {
        Felt[] xy = _xy;
        int bits = _bits;
        int half = _perWindow;
        ulong mask = (1UL << bits) - 1;
        int carry = 0;
        for (int w = 0; w < Windows; w++)
        {
            int offset = w * bits;
            int limb = offset >> 6, shift = offset & 63;
            ulong window = 0;
            if (limb < 4)
            {
                window = k[limb] >> shift;
                if (shift + bits > 64 && limb + 1 < 4) window |= k[limb + 1] << (64 - shift);
            }
            int v = (int)(window & mask) + carry;
            carry = v > half ? 1 : 0;
            int e = v - (carry << bits);
            if (e == 0) continue;
            int i = 2 * (w * half + Math.Abs(e) - 1);
            acc = e > 0 ? JacobianPoint.AddAffine(acc, xy[i], xy[i + 1]) : JacobianPoint.AddAffine(acc, xy[i], Felt.Neg(xy[i + 1]));
        }
        if (carry != 0 || (Windows * bits < 256 && !AllZeroFrom(k, Windows * bits)))
            throw new ArgumentOutOfRangeException(nameof(k), $"scalar does not fit {Windows} signed windows of {bits} bits");
        return acc;
    }

    /// <summary>True when the bits of <paramref name="k"/> from <paramref name="bit"/> up are all zero.</summary>
    private static bool AllZeroFrom(ReadOnlySpan<ulong> k, int bit)
    {
        int limb = bit >> 6;
        if ((k[limb] >> (bit & 63)) != 0) return false;
        for (int j = limb + 1; j < 4; j++) if (k[j] != 0) return false;
        return true;
    }

    /// <summary>k·P for 0 ≤ k &lt; 2^(bits·Windows − 1).</summary>
    public JacobianPoint Multiply(BigInteger k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        StarkCurve.ScalarLimbs(k, limbs);
        return Accumulate(JacobianPoint.Infinity, limbs);
    }
}
