using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The range_check builtin: each instance's memory value is the number whose 16-bit parts (most significant first)
/// are consecutive cells of the range-check pool, so it is below 2^(16·parts) (Stone's <c>range_check_builtin/*</c>).
/// </summary>
internal static class RangeCheckBuiltinComponent
{
    private static readonly Felt OffsetSize = Felt.FromUInt64(1UL << 16);

    /// <summary>Adds the 3 constraints in Stone's order; 8 parts per value in every published layout (128-bit values).</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, RangeCheckBuiltinColumns c, int parts = 8) where T : struct, IConstraintValue<T>
    {
        int instance = c.Addr.Step;
        T every = sum.Every(instance);
        T composed = Felt.Zero;
        for (int k = 0; k < parts; k++) composed = composed * OffsetSize + sum.Cell(c.Parts, k);
        sum.Add(composed - sum.Cell(c.Value), every);
        sum.Add((sum.Cell(c.Addr, 1) - (sum.Cell(c.Addr) + Felt.One)) * sum.Row(-instance), every);
        sum.Add(sum.Cell(c.Addr) - (Felt)sum.PublicInput.Segment("range_check").BeginAddr, sum.Row(0));
    }
}
