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
    /// <summary>Outputs per block of <see cref="Fold"/>: its scratch (a few times 2^steps of these) stays in the cache.</summary>
    internal const int BlockOutputs = 1024;

    /// <summary>
    /// Folds <paramref name="layer"/> <paramref name="steps"/> times, the evaluation point β squared after each fold
    /// (Stone's <c>ApplyFriLayers</c> on every coset at once); the result has 2^steps times fewer elements.
    /// </summary>
    /// <remarks>
    /// A fold maps elements 2j, 2j + 1 to j, so an aligned block of 2^steps·B elements folds, all steps long, into B
    /// consecutive outputs with no other input: each block is folded on its own in a small scratch, and no
    /// intermediate layer is ever whole in memory (at blowup 16 the first layer is 2^22 elements; its intermediate
    /// layers would be 2^22 more, all freshly allocated memory). Fold t of block b divides by x_j for j in
    /// [b·R, (b + 1)·R), R = B·2^(steps − t); with T[j] = x_j⁻¹ for the layer's order (<see cref="InversePoints"/>, whose
    /// first half is the next layer's table) and j = b·R + i, the bits of b·R and i do not overlap, so
    /// T[b·R + i] = T[b·R]·T[i]: one power per block and fold, then a product per pair against the table's first R
    /// entries.
    /// </remarks>
    public static Felt[] Fold(Felt[] layer, Felt evalPoint, int steps, int maxThreads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (steps == 0) return (Felt[])layer.Clone();
        if (layer.Length < 2 || (layer.Length & (layer.Length - 1)) != 0 || layer.Length < 1 << steps)
            throw new ArgumentException($"a FRI layer of {layer.Length} elements cannot be folded {steps} times", nameof(layer));
        int logLayer = System.Numerics.BitOperations.Log2((uint)layer.Length);
        int outputs = layer.Length >> steps, block = Math.Min(BlockOutputs, outputs), firstPairs = block << (steps - 1);
        Felt[] prefix = InversePoints(logLayer, firstPairs);
        Felt inverseRoot = RootsOfUnity.PrimitiveRoot(logLayer).Inverse();
        var betas = new Felt[steps];
        betas[0] = evalPoint;
        for (int t = 1; t < steps; t++) betas[t] = betas[t - 1].Square();
        var folded = new Felt[outputs];
        Common.Parallelism.For(outputs / block, Common.Parallelism.Resolve(maxThreads), b =>
        {
            // Scratch: two ping-pong layers (R₁ and R₁/2), the differences and the inverses (R₁ each).
            Felt[] rented = System.Buffers.ArrayPool<Felt>.Shared.Rent(firstPairs * 3 + firstPairs / 2);
            Span<Felt> scratch = rented;
            Span<Felt> even = scratch[..firstPairs], odd = scratch.Slice(firstPairs, firstPairs / 2);
            Span<Felt> difference = scratch.Slice(firstPairs + firstPairs / 2, firstPairs), inverses = scratch.Slice(2 * firstPairs + firstPairs / 2, firstPairs);
            ReadOnlySpan<Felt> source = layer.AsSpan(b * (block << steps), block << steps);
            for (int t = 0; t < steps; t++)
            {
                int pairs = block << (steps - 1 - t);
                Span<Felt> destination = t == steps - 1 ? folded.AsSpan(b * block, block) : (t % 2 == 0 ? even : odd)[..pairs];
                Felt factor = inverseRoot.Pow(StoneFriFolding.ReverseBits((ulong)b * (ulong)pairs, logLayer - 1));
                FeltSpan.MulScalar(prefix.AsSpan(0, pairs), factor, inverses[..pairs]);
                for (int k = 0; k < pairs; k++)
                {
                    Felt f0 = source[2 * k], f1 = source[2 * k + 1];
                    destination[k] = f0 + f1;
                    difference[k] = f0 - f1;
                }
                FeltSpan.Mul(difference[..pairs], inverses[..pairs], difference[..pairs]);
                FeltSpan.MulAddScalar(difference[..pairs], betas[t], destination);
                source = destination;
            }
            System.Buffers.ArrayPool<Felt>.Shared.Return(rented);
        });
        return folded;
    }

    /// <summary>
    /// The first <paramref name="count"/> entries of T[j] = x_j⁻¹ = ω_M^{−bitrev_L(j)}, L = log₂ M − 1 (M = 2^logLayer):
    /// the inverses of the points the first fold of a layer of order M divides by, in order of j. Built by doubling:
    /// for j = 2^ℓ + j′ with j′ &lt; 2^ℓ, bitrev_L(j) = 2^{L−1−ℓ} + bitrev_L(j′), so entries [2^ℓ, 2^{ℓ+1}) are entries
    /// [0, 2^ℓ) times ω_M^{−2^{L−1−ℓ}}.
    /// </summary>
    private static Felt[] InversePoints(int logLayer, int count)
    {
        int logHalf = logLayer - 1, logCount = System.Numerics.BitOperations.Log2((uint)count);
        var table = new Felt[count];
        table[0] = Felt.One;
        Felt inverseRoot = RootsOfUnity.PrimitiveRoot(logLayer).Inverse();
        for (int level = 0; level < logCount; level++)
        {
            int size = 1 << level;
            FeltSpan.MulScalar(table.AsSpan(0, size), inverseRoot.Pow(1UL << (logHalf - 1 - level)), table.AsSpan(size, size));
        }
        return table;
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
