using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Fri;

/// <summary>
/// FRI's folding map. With f(x) = f_e(x²) + x·f_o(x²), one binary fold with challenge β is
/// f'(x²) = f_e(x²) + β·f_o(x²) = (f(x) + f(−x))/2 + β·(f(x) − f(−x))/(2x).
/// A fold by 2^s applies it s times with β, β², β⁴, ….
/// </summary>
public static unsafe class FriFolding
{
    private static readonly Felt s_inverseTwo = Felt.FromUInt64(2).Inverse();

    /// <summary>
    /// Folds a whole layer on shift·⟨ω_S⟩ (S = source.Length, natural order) once: destination[i] (i &lt; S/2)
    /// is the folded value at (shift·ω_S^i)², pairing indices i and i + S/2 (the points x and −x). The destination must
    /// not overlap the source.
    /// </summary>
    public static void FoldLayer(ReadOnlySpan<Felt> source, in Felt shift, in Felt beta, Span<Felt> destination, int maxThreads)
    {
        int s = source.Length, half = s >> 1;
        int log = PowerOfTwo.Log2(s);
        if (destination.Length < half) throw new ArgumentException("destination too short", nameof(destination));
        Felt shiftInv = shift.Inverse(), omegaInv = RootsOfUnity.PrimitiveRoot(log).Inverse(), b = beta, inv2 = s_inverseTwo;
        int chunks = half < 4096 || maxThreads <= 1 ? 1 : Math.Min(maxThreads * 4, half / 1024);
        fixed (Felt* src = source)
        fixed (Felt* dst = destination)
        {
            nint ps = (nint)src, pd = (nint)dst;
            Parallelism.For(chunks, maxThreads, c =>
            {
                int lo = (int)((long)half * c / chunks), hi = (int)((long)half * (c + 1) / chunks), len = hi - lo;
                var low = new ReadOnlySpan<Felt>((Felt*)ps + lo, len);
                var high = new ReadOnlySpan<Felt>((Felt*)ps + lo + half, len);
                var folded = new Span<Felt>((Felt*)pd + lo, len);
                // d_i = ½·(f(x) + f(−x)) + (½·β)·x_i⁻¹·(f(x) − f(−x)), x_i⁻¹ = shift⁻¹·ω⁻ⁱ: a difference, a scaling
                // by powers and a scaled sum, each over the whole range in lanes.
                FeltSpan.Sub(low, high, folded);
                Radix2Ntt.ScaleByPowers(folded, inv2 * b * shiftInv * omegaInv.Pow((ulong)lo), omegaInv, 1);
                Felt[] sum = System.Buffers.ArrayPool<Felt>.Shared.Rent(len);
                FeltSpan.Add(low, high, sum.AsSpan(0, len));
                FeltSpan.MulAddScalar(sum.AsSpan(0, len), inv2, folded);
                System.Buffers.ArrayPool<Felt>.Shared.Return(sum);
            });
        }
    }

    /// <summary>
    /// Folds one coset of a layer by 2^step: <paramref name="values"/>[c] is the layer's value at the point
    /// x·ζ^c (x the coset's base point shift·ω_S^i, ζ the primitive 2^step-th root); returns the next layer's
    /// value at x^(2^step). <paramref name="baseInverse"/> is x⁻¹. The verifier's counterpart of
    /// <see cref="FoldLayer"/> applied step times.
    /// </summary>
    public static Felt FoldCoset(ReadOnlySpan<Felt> values, in Felt baseInverse, in Felt beta)
    {
        int len = values.Length;
        int step = PowerOfTwo.Log2(len);
        Span<Felt> cur = stackalloc Felt[len];
        values.CopyTo(cur);
        Felt xInv = baseInverse;
        // ζ⁻¹ = ζ^(2^step − 1)
        Felt zeta = RootsOfUnity.PrimitiveRoot(step);
        Felt zetaInv = step == 0 ? Felt.One : zeta.Pow((ulong)(len - 1));
        Felt b = beta;
        while (len > 1)
        {
            int half = len >> 1;
            Felt pointInv = xInv;
            for (int c = 0; c < half; c++)
            {
                Felt a = cur[c], m = cur[c + half];
                cur[c] = Felt.Mul(s_inverseTwo, Felt.Add(Felt.Add(a, m), Felt.Mul(b, Felt.Mul(pointInv, Felt.Sub(a, m)))));
                pointInv = Felt.Mul(pointInv, zetaInv);
            }
            xInv = xInv.Square();
            zetaInv = zetaInv.Square();
            b = b.Square();
            len = half;
        }
        return cur[0];
    }
}
