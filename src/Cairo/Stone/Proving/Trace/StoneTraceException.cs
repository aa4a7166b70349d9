namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// A run that cannot be laid out as a Stone trace: a step reads an address the memory does not hold, an instruction
/// does not decode, the run's length or layout does not fit the trace, a range-checked value lies outside
/// [rc_min, rc_max], the memory has more holes than the trace has vacant cells. The message names the step,
/// address or value involved (Stone's trace generation stops on the same conditions with an assertion).
/// </summary>
internal sealed class StoneTraceException(string message) : Exception(message);
