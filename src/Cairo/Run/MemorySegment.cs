namespace Zetina.Cairo.Run;

/// <summary>
/// One entry of <c>memory_segments</c>: a named segment's relocated begin address and stop pointer (exclusive end
/// of its used part). Not to be confused with the VM's <c>Vm.MemorySegment</c>, which holds the cells.
/// </summary>
public readonly record struct MemorySegment(string Name, ulong BeginAddr, ulong StopPtr)
{
    /// <summary>Cells used: stop − begin.</summary>
    public ulong Used => StopPtr - BeginAddr;
}
