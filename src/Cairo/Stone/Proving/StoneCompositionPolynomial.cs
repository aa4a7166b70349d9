using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// The composition polynomial h = Σ αⁱ·constraintᵢ/domainᵢ (Stone's <c>CompositionPolynomial</c>) and its split into
/// D = <see cref="IStoneLayout.ConstraintDegree"/> columns h(x) = Σᵢ xⁱ·hᵢ(x^D) (<c>composition_polynomial/
/// breaker.cc</c>), each of degree below the trace length n.
/// </summary>
/// <remarks>
/// h has degree below D·n, so it is fixed by its values on any D·n points; they are taken on the coset
/// y_m = 3·ω_{Dn}^m, which avoids every constraint domain (3 is not in the subgroup of order 2^192). There the
/// mask cell (column c, row offset o) is P_c(y_m·g^o) = P_c(3·ω_{Dn}^{m + D·o}), since g = ω_{Dn}^D: each column is
/// evaluated once on the coset and the mask reads it at shifted indices. The layout's own composition code — the
/// same the verifier runs at the out-of-domain point — is evaluated at every y_m, sharing across points the
/// inverses and periodic-column values that repeat (<see cref="StoneEvaluationCache"/>).
/// </remarks>
internal static class StoneCompositionPolynomial
{
    /// <summary>
    /// The D columns' coefficients (n each). <paramref name="columns"/> holds every committed trace column's
    /// polynomial in global column order (original trace, then interaction).
    /// </summary>
    public static Felt[][] Compute(
        IStoneLayout layout, Felt[][] columns, int logTrace, Felt[] interactionElements, Felt alpha, AirPublicInput input, int maxThreads)
    {
        int d = layout.ConstraintDegree;
        if (d <= 0 || (d & (d - 1)) != 0) throw new ArgumentException($"constraint degree {d} is not a power of two", nameof(layout));
        int logD = System.Numerics.BitOperations.Log2((uint)d);
        int n = 1 << logTrace, size = d * n;
        int threads = Parallelism.Resolve(maxThreads);
        IReadOnlyList<StoneMaskEntry> mask = layout.Mask;

        // Each column the mask reads, on the coset 3·ω_{Dn}^m (natural order).
        var onCoset = new Felt[columns.Length][];
        Parallelism.For(columns.Length, threads, c =>
        {
            var values = new Felt[size];
            CpuLdeBackend.EvaluateOnCoset(columns[c], RootsOfUnity.Generator, values, 1);
            onCoset[c] = values;
        });

        Felt omega = RootsOfUnity.PrimitiveRoot(logTrace + logD);
        Felt g = RootsOfUnity.PrimitiveRoot(logTrace);
        var h = new Felt[size];
        // Chunk c takes the points m ≡ c (mod T): a value that depends on m only modulo a power of two P (a
        // denominator x^(n/p) − c, a periodic column) takes at most P/T values there, so each chunk's cache computes
        // it that many times instead of once per point.
        int stride = Math.Min(64, size);
        Parallelism.For(stride, threads, c =>
        {
            var cache = new StoneEvaluationCache();
            Felt step = omega.Pow((ulong)stride);
            Felt y = RootsOfUnity.Generator * omega.Pow((ulong)c);
            var values = new Felt[mask.Count];
            for (int m = c; m < size; m += stride, y *= step)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    StoneMaskEntry e = mask[i];
                    long at = ((m + (long)d * e.RowOffset) % size + size) % size;
                    values[i] = onCoset[e.Column][at];
                }
                h[m] = layout.EvaluateComposition(new StoneCompositionPoint
                {
                    Point = y, TraceGenerator = g, TraceLength = n, MaskValues = values,
                    InteractionElements = interactionElements, ConstraintRandomElement = alpha, PublicInput = input, Cache = cache,
                });
                if (cache.Inverses.Count > 4096) cache.Inverses.Clear();
            }
        });

        // h(3·ω^m) → coefficients: invert the NTT, then divide coefficient j by 3^j.
        Radix2Ntt.Inverse(h, threads);
        Felt shiftInverse = RootsOfUnity.Generator.Inverse(), power = Felt.One;
        for (int j = 0; j < size; j++) { h[j] *= power; power *= shiftInverse; }

        // hᵢ's coefficient j is h's coefficient D·j + i.
        var split = new Felt[d][];
        for (int i = 0; i < d; i++)
        {
            split[i] = new Felt[n];
            for (int j = 0; j < n; j++) split[i][j] = h[d * j + i];
        }
        return split;
    }
}
