namespace Zetina.Cairo.Run;

/// <summary>
/// The three Cairo registers at one step, as relocated addresses: one record of cairo-run's trace file (see
/// <see cref="TraceFile"/>), and one row of the AIR's trace.
/// </summary>
public readonly record struct RegisterState(ulong Ap, ulong Fp, ulong Pc);
