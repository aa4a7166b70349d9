using System.Runtime.InteropServices;

namespace Zetina.Cairo.Vm;

/// <summary>
/// One executed step's registers before the step: pc (an address, usually in the program segment) and ap, fp
/// (offsets in the execution segment, segment 1). 24 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct TraceEntry(Relocatable pc, long ap, long fp)
{
    private readonly ulong _pc = ((ulong)(uint)pc.Segment << 47) | (ulong)pc.Offset;

    /// <summary>The pc.</summary>
    public Relocatable Pc => new((int)(_pc >> 47), (long)(_pc & ((1UL << 47) - 1)));

    /// <summary>ap as an offset in the execution segment.</summary>
    public long Ap { get; } = ap;

    /// <summary>fp as an offset in the execution segment.</summary>
    public long Fp { get; } = fp;
}
