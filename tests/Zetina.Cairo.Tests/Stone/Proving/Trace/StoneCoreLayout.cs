using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Trace;

/// <summary>
/// A layout's CPU, memory and 16-bit range-check constraints alone (its first 47), read through its own columns and
/// mask: what a trace must satisfy before any builtin cell is filled.
/// </summary>
internal sealed class StoneCoreLayout(StoneCairoLayout full)
    : StoneCairoLayout(full.Name, full.TraceColumns, full.InteractionColumns, full.InteractionElementCount, Constraints,
        [.. full.Mask], [], full.PublicMemoryStep)
{
    /// <summary>CPU 33, memory 6 + public memory 2, range check 6.</summary>
    public const int Constraints = 47;

    internal override CpuColumns CpuColumns => full.CpuColumns;

    internal override MemoryColumns MemoryColumns => full.MemoryColumns;

    internal override RangeCheck16Columns RangeCheck16Columns => full.RangeCheck16Columns;

    protected override void AddConstraints<T>(StoneConstraintSum<T> sum, Felt[] e)
    {
        CpuComponent.Add(sum, CpuColumns);
        MemoryComponent.Add(sum, MemoryColumns, z: e[0], alpha: e[1], publicMemoryStep: PublicMemoryStep);
        RangeCheck16Component.Add(sum, RangeCheck16Columns, z: e[2]);
    }
}
