using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Hints;

/// <summary>Hints of <c>starkware.cairo.common.alloc</c> and segment management.</summary>
public static class AllocHints
{
    /// <summary><c>alloc()</c>: a fresh segment's base at [ap].</summary>
    public const string Alloc = "memory[ap] = segments.add()";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(Alloc, ctx => ctx.Memory.Insert(ctx.Ap, MaybeRelocatable.FromRelocatable(ctx.Memory.AddSegment()))),
    ];
}
