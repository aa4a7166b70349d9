using Zetina.Stark.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Cairo's memory: the accesses (a, v) are a permutation of the sorted accesses (a', v'), whose addresses are
/// continuous and whose values agree at equal addresses; the public memory enters through slots the prover fills
/// with (0, 0) and the permutation's final product (Cairo paper §9.7; Stone's <c>memory/multi_column_perm</c>,
/// <c>memory/diff_is_bit</c>, <c>memory/is_func</c>, <c>memory/initial_addr</c>, <c>public_memory_*_zero</c>).
/// </summary>
/// <remarks>
/// With interaction elements z and α, the running product p_i = Π_(j ≤ i) (z − (a_j + α v_j)) / (z − (a'_j + α v'_j))
/// ends at <see cref="PublicMemoryProduct"/>, which only the public memory makes differ from 1.
/// </remarks>
internal static class MemoryComponent
{
    /// <summary>Adds the memory's 6 constraints and the public memory's 2, in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, MemoryColumns c, Felt z, Felt alpha, int publicMemoryStep) where T : struct, IConstraintValue<T>
    {
        int step = c.SortedAddr.Step;
        T everyAccess = sum.Every(step);
        T lastAccess = sum.Row(-step);
        T first = sum.Row(0);

        T a0 = sum.Cell(c.PoolAddr), v0 = sum.Cell(c.PoolValue), a1 = sum.Cell(c.PoolAddr, 1), v1 = sum.Cell(c.PoolValue, 1);
        T s0 = sum.Cell(c.SortedAddr), w0 = sum.Cell(c.SortedValue), s1 = sum.Cell(c.SortedAddr, 1), w1 = sum.Cell(c.SortedValue, 1);
        T p0 = sum.Cell(c.CumulativeProduct), p1 = sum.Cell(c.CumulativeProduct, 1);
        Felt publicMemoryProduct = PublicMemoryProduct(sum.PublicInput, sum.TraceLength, z, alpha, publicMemoryStep);

        // perm/init0: (z − (a'_0 + α v'_0)) p_0 = z − (a_0 + α v_0).
        sum.Add((z - (s0 + alpha * w0)) * p0 + a0 + alpha * v0 - z, first);
        // perm/step0: (z − (a'_(i+1) + α v'_(i+1))) p_(i+1) = (z − (a_(i+1) + α v_(i+1))) p_i.
        sum.Add(((z - (s1 + alpha * w1)) * p1 - (z - (a1 + alpha * v1)) * p0) * lastAccess, everyAccess);
        // perm/last: the product ends at the public memory's quotient.
        sum.Add(p0 - publicMemoryProduct, lastAccess);
        // diff_is_bit: a'_(i+1) − a'_i ∈ {0, 1}.
        T diff = s1 - s0;
        sum.Add((diff * diff - diff) * lastAccess, everyAccess);
        // is_func: a'_(i+1) = a'_i ⇒ v'_(i+1) = v'_i.
        sum.Add((diff - Felt.One) * (w0 - w1) * lastAccess, everyAccess);
        // initial_addr: the sorted addresses start at 1.
        sum.Add(s0 - Felt.One, first);

        // public memory slots hold (0, 0) in the trace; the permutation's end puts the public cells there.
        T everySlot = sum.Every(c.PublicMemoryAddr.Step);
        sum.Add(sum.Cell(c.PublicMemoryAddr), everySlot);
        sum.Add(sum.Cell(c.PublicMemoryValue), everySlot);
    }

    /// <summary>
    /// The memory permutation's final product: z^S / (Π_(cells) (z − (a + α v)) · (z − (a_0 + α v_0))^(S − count)),
    /// S = n / <paramref name="publicMemoryStep"/> slots, the unused ones padded with the first public cell
    /// (Stone's <c>CpuAir::GetPublicMemoryProd</c>; every page's cells count alike). It depends on the statement and the
    /// interaction elements only, so a recording of the constraints computes it once for all the points.
    /// </summary>
    public static Felt PublicMemoryProduct(AirPublicInput publicInput, long traceLength, Felt z, Felt alpha, int publicMemoryStep)
    {
        var memory = publicInput.PublicMemory;
        long slots = traceLength / publicMemoryStep;
        if (memory.Count == 0) throw new InvalidOperationException("the public input has no public memory");
        if (memory.Count > slots) throw new InvalidOperationException($"{memory.Count} public memory cells do not fit in {slots} slots");
        Felt denominator = Felt.One;
        foreach (var cell in memory) denominator *= z - (Felt.FromUInt64(cell.Address) + alpha * cell.Value);
        Felt pad = z - (Felt.FromUInt64(memory[0].Address) + alpha * memory[0].Value);
        denominator *= pad.Pow((ulong)(slots - memory.Count));
        return z.Pow((ulong)slots) / denominator;
    }
}
