using Zetina.Cairo.Air.Files;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// The public values the constraints refer to, all derived from the public input: initial and final registers,
/// range-check bounds, the first memory address, and the public memory (for the memory product's end value).
/// </summary>
public sealed class CairoBoundary
{
    /// <summary>pc at step 0 (program segment's begin).</summary>
    public required Felt InitialPc { get; init; }
    /// <summary>ap = fp at step 0 (execution segment's begin).</summary>
    public required Felt InitialAp { get; init; }
    /// <summary>pc at the last step (program segment's stop pointer: the <c>__end__</c> loop).</summary>
    public required Felt FinalPc { get; init; }
    /// <summary>ap at the last step (execution segment's stop pointer).</summary>
    public required Felt FinalAp { get; init; }
    /// <summary>rc_min.</summary>
    public required Felt RcMin { get; init; }
    /// <summary>rc_max.</summary>
    public required Felt RcMax { get; init; }
    /// <summary>The smallest address of the sorted memory (1: relocated memory starts there).</summary>
    public required Felt FirstAddress { get; init; }
    /// <summary>Public memory cells (address, value).</summary>
    public required PublicMemoryEntry[] PublicMemory { get; init; }

    /// <summary>Derives the boundary from a public input (segments "program" and "execution" must be present).</summary>
    public static CairoBoundary From(AirPublicInput input)
    {
        MemorySegment program = input.Segment("program");
        MemorySegment execution = input.Segment("execution");
        var pub = new PublicMemoryEntry[input.PublicMemory.Count];
        for (int i = 0; i < pub.Length; i++) pub[i] = input.PublicMemory[i];
        return new CairoBoundary
        {
            InitialPc = program.BeginAddr,
            InitialAp = execution.BeginAddr,
            FinalPc = program.StopPtr,
            FinalAp = execution.StopPtr,
            RcMin = (ulong)input.RcMin,
            RcMax = (ulong)input.RcMax,
            FirstAddress = Felt.One,
            PublicMemory = pub,
        };
    }

    /// <summary>
    /// The memory running product's value at the end of the trace (paper §9.7, public memory):
    /// z^|pub| / ∏_{(a,v) ∈ pub} (z − (a + α·v)). The prover places |pub| dummy accesses (0, 0) in the unsorted
    /// list, each contributing z, and the sorted list holds the public cells themselves in their place.
    /// </summary>
    public Felt MemoryProductEnd(in CairoChallenges ch)
    {
        Felt den = Felt.One;
        foreach (PublicMemoryEntry e in PublicMemory)
            den *= ch.MemoryZ - (Felt.FromUInt64(e.Address) + ch.MemoryAlpha * e.Value);
        return ch.MemoryZ.Pow((ulong)PublicMemory.Length) * den.Inverse();
    }
}
