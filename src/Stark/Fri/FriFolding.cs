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
    /// is the folded value at (shift·ω_S^i)², pairing indices i and i + S/2 (the points x and −x).
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
                int lo = (int)((long)half * c / chunks), hi = (int)((long)half * (c + 1) / chunks);
                Felt* f = (Felt*)ps;
                Felt* d = (Felt*)pd;
                // x_i⁻¹ = shift⁻¹·ω⁻ⁱ
                Felt xInv = Felt.Mul(shiftInv, omegaInv.Pow((ulong)lo));
                for (int i = lo; i < hi; i++)
                {
                    Felt a = f[i], m = f[i + half];
                    Felt sum = Felt.Add(a, m), diff = Felt.Sub(a, m);
                    d[i] = Felt.Mul(inv2, Felt.Add(sum, Felt.Mul(b, Felt.Mul(xInv, diff))));
                    xInv = Felt.Mul(xInv, omegaInv);
                }
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
