using System.Runtime.CompilerServices;

namespace Zetina.Cairo.Vm;

/// <summary>
/// An address inside the VM's segmented memory: a segment index and an offset in that segment.
/// </summary>
/// <remarks>
/// Segments are laid out one after another only at the end of a run (relocation), so during the run an
/// address is this pair. Segment 0 is the program, segment 1 the execution stack, then one segment per
/// builtin, then segments added by hints. Offsets are non-negative and below 2^47 (the Cairo PIE encoding
/// limit), segment indices below 2^16.
/// </remarks>
public readonly record struct Relocatable(int Segment, long Offset)
{
    /// <summary>This address moved by <paramref name="delta"/> cells; the caller checks the result is not negative.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Relocatable Add(long delta) => new(Segment, Offset + delta);

    /// <summary>Cairo's textual form, <c>segment:offset</c>.</summary>
    public override string ToString() => $"{Segment}:{Offset}";
}
