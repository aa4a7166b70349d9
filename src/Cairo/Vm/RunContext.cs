namespace Zetina.Cairo.Vm;

/// <summary>
/// The three registers: pc (an address) and ap, fp, which always point into the execution segment (segment 1)
/// and so are kept as offsets there, as cairo-vm does.
/// </summary>
public struct RunContext
{
    /// <summary>The execution segment's index.</summary>
    public const int ExecutionSegment = 1;

    /// <summary>The program counter.</summary>
    public Relocatable Pc;

    /// <summary>The allocation pointer (offset in segment 1).</summary>
    public long Ap;

    /// <summary>The frame pointer (offset in segment 1).</summary>
    public long Fp;

    /// <summary>ap as an address.</summary>
    public readonly Relocatable ApAddress => new(ExecutionSegment, Ap);

    /// <summary>fp as an address.</summary>
    public readonly Relocatable FpAddress => new(ExecutionSegment, Fp);
}
