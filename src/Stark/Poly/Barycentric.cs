using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Poly;

/// <summary>
/// Interpolation on the roots of unity in barycentric form (Berrut and Trefethen, "Barycentric Lagrange
/// interpolation", SIAM Review 46(3), 2004, §5): for the N points ωⁱ of ⟨ω⟩, Π_i (x − ωⁱ) = x^N − 1 has derivative
/// N·ω^(−i) at ωⁱ, so the polynomial of degree below N through values vᵢ is p(x) = Σ_i wᵢ(x)·vᵢ with
/// wᵢ(x) = (x^N − 1)/N · ωⁱ/(x − ωⁱ). One batched inversion serves every column on the same points.
/// </summary>
public static class Barycentric
{
    /// <summary>
    /// Writes wᵢ(x) into <paramref name="weights"/> for the points <paramref name="roots"/> (ωⁱ, i &lt; N, N a power of
    /// two) and returns −1; or, where x is one of the points, returns its index and leaves the weights unspecified (the
    /// interpolant's value there is that point's value). In parallel chunks on up to <paramref name="maxThreads"/> threads.
    /// </summary>
    /// <exception cref="ArgumentException">The weights do not have the points' length.</exception>
    public static int Weights(Felt x, Felt[] roots, Felt[] weights, int maxThreads = 1)
    {
        int n = roots.Length;
        if (weights.Length != n) throw new ArgumentException($"{n} points, room for {weights.Length} weights", nameof(weights));
        // x is a point exactly when x^N = 1; then its index is found by a scan (the verifier's and tests' rare case).
        Felt xn = x.Pow((ulong)n);
        if (xn.IsOne)
        {
            for (int i = 0; i < n; i++) if (roots[i] == x) return i;
            throw new ArgumentException("x^N = 1 but x is none of the points", nameof(roots));
        }
        Felt scale = (xn - Felt.One) * Felt.FromUInt64((ulong)n).Inverse();
        int chunks = Math.Clamp(n / 4096, 1, Parallelism.Resolve(maxThreads) * 4);
        Parallelism.For(chunks, maxThreads, c =>
        {
            int lo = (int)((long)n * c / chunks), hi = (int)((long)n * (c + 1) / chunks);
            Span<Felt> w = weights.AsSpan(lo, hi - lo);
            ReadOnlySpan<Felt> r = roots.AsSpan(lo, hi - lo);
            for (int i = 0; i < w.Length; i++) w[i] = x - r[i];
            Felt.BatchInverse(w, w);
            FeltSpan.Mul(w, roots.AsSpan(lo, hi - lo), w);
            FeltSpan.MulScalar(w, scale, w);
        });
        return -1;
    }
}
