using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// The range_check builtin's memory accesses: instance i reads address begin + i with the value its eight 16-bit
/// parts spell, most significant part first (Stone's <c>RangeCheckBuiltinProverContext::Finalize</c>).
/// </summary>
/// <remarks>
/// An unused instance's parts are vacant range-check cells until the 16-bit pool is finalized, so its value is only
/// known after that and must be in the memory pool before the memory is finalized: this step sits between the two.
/// Used instances get their own value back (the parts were cut from it), so writing every instance is exact.
/// </remarks>
internal static class StoneRangeCheckBuiltinMemory
{
    /// <summary>16-bit parts per 128-bit value (Stone's <c>kRangeCheckNParts</c> in every layout with the builtin).</summary>
    public const int Parts = 8;

    private static readonly Felt PartBase = Felt.FromUInt64(1UL << 16);

    /// <summary>Writes (begin + i, Σ part_(8i+k)·2^(16(7−k))) into memory-pool cell i of the builtin for every instance.</summary>
    public static void Write(StoneTraceTable main, RangeCheckBuiltinColumns c, AirPublicInput publicInput)
    {
        if (!publicInput.TryGetSegment("range_check", out MemorySegment segment))
            throw new StoneTraceException("the layout has a range_check builtin and the public input no range_check segment");
        int instances = main.Size(c.Addr);
        if (main.Size(c.Parts) != Parts * instances)
            throw new StoneTraceException($"the layout gives {main.Size(c.Parts)} range-check parts for {instances} range_check instances, not {Parts} each");
        for (int i = 0; i < instances; i++)
        {
            Felt value = Felt.Zero;
            for (int k = 0; k < Parts; k++) value = value * PartBase + main[c.Parts, Parts * i + k];
            main[c.Addr, i] = Felt.FromUInt64(segment.BeginAddr + (ulong)i);
            main[c.Value, i] = value;
        }
    }
}
