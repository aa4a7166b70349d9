using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Fri;

/// <summary>
/// The prover's side of <see cref="StoneFriFolding"/> (<c>fri/fri_prover.cc</c>, <c>fri_folder.cc</c>): whole layers
/// folded at once, and the last layer turned into the coefficients the proof carries. A layer of order M = 2^m is in
/// bit-reversed order with no coset offset — element i is ω_M^{bitrev_m(i)} — so elements 2j and 2j + 1 are x and −x
/// with x = ω_M^{bitrev_{m−1}(j)}, and one fold is f′[j] = f[2j] + f[2j+1] + β·(f[2j] − f[2j+1])/x.
/// </summary>
internal static class StoneFriLayers
{
    /// <summary>
    /// Folds <paramref name="layer"/> <paramref name="steps"/> times, the evaluation point β squared after each fold
    /// (Stone's <c>ApplyFriLayers</c> on every coset at once); the result has 2^steps times fewer elements.
    /// </summary>
    public static Felt[] Fold(ReadOnlySpan<Felt> layer, Felt evalPoint, int steps, int maxThreads = 0)
    {
        Felt[] current = layer.ToArray();
        if (steps == 0) return current;
        if (current.Length < 2) throw new ArgumentException("a FRI layer of one element cannot be folded", nameof(layer));
        int threads = Common.Parallelism.Resolve(maxThreads);
        Felt[] inverses = BitReversedInversePoints(current.Length / 2, threads);
        Felt beta = evalPoint;
        for (int s = 0; s < steps; s++)
        {
            current = FoldOnce(current, beta, inverses, threads);
            beta = beta.Square();
        }
        return current;
    }

    /// <summary>
    /// x_j⁻¹ = ω_M^{−bitrev_L(j)} for j &lt; 2^L = M/2, in order of j: the inverses of the points the first fold divides by.
    /// Built by doubling: for j = 2^ℓ + j′ with j′ &lt; 2^ℓ, bitrev_L(j) = 2^{L−1−ℓ} + bitrev_L(j′), so entries
    /// [2^ℓ, 2^{ℓ+1}) are entries [0, 2^ℓ) times ω_M^{−2^{L−1−ℓ}} — one product per entry, in lanes. Its first half is
    /// the next layer's table (for j &lt; 2^{L−1}, bitrev_L(j) = 2·bitrev_{L−1}(j) and ω_{M/2} = ω_M²), so one table
    /// serves every fold of a step.
    /// </summary>
    private static Felt[] BitReversedInversePoints(int half, int threads)
    {
        int logHalf = System.Numerics.BitOperations.Log2((uint)half);
        var table = new Felt[half];
        table[0] = Felt.One;
        Felt inverseRoot = RootsOfUnity.PrimitiveRoot(logHalf + 1).Inverse();
        for (int level = 0; level < logHalf; level++)
        {
            int size = 1 << level;
            Span<Felt> upper = table.AsSpan(size, size);
            table.AsSpan(0, size).CopyTo(upper);
            Radix2Ntt.Scale(upper, inverseRoot.Pow(1UL << (logHalf - 1 - level)), threads);
        }
        return table;
    }

    /// <summary>
    /// One fold: f′[j] = f[2j] + f[2j+1] + β·(f[2j] − f[2j+1])·x_j⁻¹, x_j = ω_M^{bitrev_{m−1}(j)}, with
    /// <paramref name="inverses"/>[j] = x_j⁻¹ (a table at least half as long as <paramref name="f"/>); the products in lanes.
    /// </summary>
    private static Felt[] FoldOnce(Felt[] f, Felt beta, Felt[] inverses, int threads)
    {
        int half = f.Length / 2;
        var folded = new Felt[half];
        var scaled = new Felt[half];
        const int Chunk = 4096;
        int chunks = (half + Chunk - 1) / Chunk;
        Common.Parallelism.For(chunks, threads, c =>
        {
            int first = c * Chunk, count = Math.Min(half, first + Chunk) - first;
            Span<Felt> sum = folded.AsSpan(first, count), difference = scaled.AsSpan(first, count);
            for (int k = 0; k < count; k++)
            {
                Felt f0 = f[2 * (first + k)], f1 = f[2 * (first + k) + 1];
                sum[k] = f0 + f1;
                difference[k] = f0 - f1;
            }
            FeltSpan.Mul(difference, inverses.AsSpan(first, count), difference);
            FeltSpan.MulAddScalar(difference, beta, sum);
        });
        return folded;
    }

    /// <summary>
    /// The coefficients c₀…c_{bound−1} of the polynomial whose values the last layer holds (element i at
    /// ω_M^{bitrev(i)}), so that <see cref="StoneFriFolding.EvaluateLastLayer"/> reproduces every element.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer's polynomial has degree ≥ <paramref name="degreeBound"/>: the
    /// committed traces do not satisfy the constraints (a prover bug or a bad trace).</exception>
    public static Felt[] LastLayerCoefficients(ReadOnlySpan<Felt> layer, int degreeBound)
    {
        int m = System.Numerics.BitOperations.Log2((uint)layer.Length);
        var natural = new Felt[layer.Length];
        for (int i = 0; i < layer.Length; i++) natural[StoneFriFolding.ReverseBits((ulong)i, m)] = layer[i];
        Radix2Ntt.Inverse(natural);
        for (int i = degreeBound; i < natural.Length; i++)
            if (!natural[i].IsZero)
                throw new InvalidOperationException($"the last FRI layer has degree {natural.Length - 1} or so, not below {degreeBound}: the trace does not satisfy the layout's constraints");
        var coefficients = new Felt[degreeBound];
        natural.AsSpan(0, Math.Min(degreeBound, natural.Length)).CopyTo(coefficients);
        return coefficients;
    }
}
