using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Air.Opcodes;

/// <summary>One QM31 instruction as the lanes prove it: z = x + y, or z = x · y when <paramref name="Multiply"/>.</summary>
internal readonly record struct Qm31Operation(Qm31 X, Qm31 Y, Qm31 Z, bool Multiply);
