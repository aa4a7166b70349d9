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
    public static Felt[] Fold(ReadOnlySpan<Felt> layer, Felt evalPoint, int steps)
    {
        Felt[] current = layer.ToArray();
        Felt beta = evalPoint;
        for (int s = 0; s < steps; s++)
        {
            current = FoldOnce(current, beta);
            beta = beta.Square();
        }
        return current;
    }

    /// <summary>One fold: f′[j] = f[2j] + f[2j+1] + β·(f[2j] − f[2j+1])·x_j⁻¹, x_j = ω_M^{bitrev_{m−1}(j)}.</summary>
    private static Felt[] FoldOnce(Felt[] f, Felt beta)
    {
        int half = f.Length / 2;
        if (half == 0) throw new ArgumentException("a FRI layer of one element cannot be folded", nameof(f));
        int logHalf = System.Numerics.BitOperations.Log2((uint)half);
        int logM = logHalf + 1;
        // ω_M^{−k} for k < M/2, in natural order; x_j⁻¹ is entry bitrev(j).
        var inversePowers = new Felt[half];
        Felt step = RootsOfUnity.PrimitiveRoot(logM).Inverse();
        Felt acc = Felt.One;
        for (int k = 0; k < half; k++) { inversePowers[k] = acc; acc *= step; }
        var folded = new Felt[half];
        const int Chunk = 4096;
        int chunks = (half + Chunk - 1) / Chunk;
        Common.Parallelism.For(chunks, Common.Parallelism.Resolve(0), c =>
        {
            int end = Math.Min(half, (c + 1) * Chunk);
            for (int j = c * Chunk; j < end; j++)
            {
                Felt f0 = f[2 * j], f1 = f[2 * j + 1];
                Felt xInverse = inversePowers[(int)StoneFriFolding.ReverseBits((ulong)j, logHalf)];
                folded[j] = f0 + f1 + beta * (f0 - f1) * xInverse;
            }
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
