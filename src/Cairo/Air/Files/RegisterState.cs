namespace Zetina.Cairo.Air.Files;

/// <summary>The three Cairo registers at one step, as relocated addresses (one trace.bin record).</summary>
public readonly record struct RegisterState(ulong Ap, ulong Fp, ulong Pc);
