using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.segments</c> (<c>relocate_segment</c>) and temporary segments: a temporary
/// segment (negative index) is filled like any other and moved to its relocation rule's destination at the end of
/// the run (<see cref="Memory.AddRelocationRule"/>, <see cref="Memory.RelocateTemporarySegments"/>).
/// </summary>
public static class SegmentsHints
{
    public const string RelocateSegment = "memory.add_relocation_rule(src_ptr=ids.src_ptr, dest_ptr=ids.dest_ptr)";

    public const string TemporaryArray = "ids.temporary_array = segments.add_temp_segment()";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(RelocateSegment, ctx => ctx.Memory.AddRelocationRule(ctx.GetPtr("src_ptr"), ctx.GetPtr("dest_ptr"))),
        new(TemporaryArray, ctx => ctx.Set("temporary_array", MaybeRelocatable.FromRelocatable(ctx.Memory.AddTemporarySegment()))),
    ];
}
