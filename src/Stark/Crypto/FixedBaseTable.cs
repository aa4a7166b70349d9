using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// Precomputed multiples of a fixed point P for fast variable-time k·P: window w (of 8 bits) holds
/// d·2^(8w)·P for d = 1 … 255 in affine form, so k·P = Σ_w table[w][k's byte w] costs one mixed addition per
/// non-zero byte and no doubling.
/// </summary>
/// <remarks>
/// Memory: windows × 255 × 64 bytes (32 windows: 510 KB). Built with one batched inversion. Lookups are indexed
/// by the scalar's bytes, so this is not constant-time: public scalars only (Pedersen inputs, ECDSA verification).
/// </remarks>
internal sealed class FixedBaseTable
{
    /// <summary>Entry (w, d) at index (w·255 + d − 1)·2: x then y.</summary>
    private readonly Felt[] _xy;

    /// <summary>Number of 8-bit windows: scalars below 2^(8·Windows) are accepted.</summary>
    public int Windows { get; }

    public FixedBaseTable(EcPoint p, int windows)
    {
        Windows = windows;
        var jac = new JacobianPoint[windows * 255];
        JacobianPoint b = JacobianPoint.FromAffine(p);
        for (int w = 0; w < windows; w++)
        {
            EcPoint bAffine = b.ToAffine();
            JacobianPoint acc = b;
            jac[w * 255] = acc;
            for (int d = 2; d <= 255; d++)
            {
                acc = JacobianPoint.AddAffine(acc, bAffine.X, bAffine.Y);
                jac[w * 255 + d - 1] = acc;
            }
            for (int i = 0; i < 8; i++) b = JacobianPoint.Double(b);
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

    /// <summary>acc + k·P for 0 ≤ k &lt; 2^(8·Windows), k given as little-endian limbs.</summary>
    public JacobianPoint Accumulate(JacobianPoint acc, ReadOnlySpan<ulong> k)
    {
        Felt[] xy = _xy;
        for (int w = 0; w < Windows; w++)
        {
            int d = (int)((k[w >> 3] >> (8 * (w & 7))) & 0xFF);
            if (d == 0) continue;
            int i = 2 * (w * 255 + d - 1);
            acc = JacobianPoint.AddAffine(acc, xy[i], xy[i + 1]);
        }
        return acc;
    }

    /// <summary>k·P for 0 ≤ k &lt; 2^(8·Windows).</summary>
    public JacobianPoint Multiply(BigInteger k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        StarkCurve.ScalarLimbs(k, limbs);
        return Accumulate(JacobianPoint.Infinity, limbs);
    }
}
