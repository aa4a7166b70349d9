using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// The assertion trace[<see cref="Column"/>][<see cref="Row"/>] = <see cref="Value"/>, enforced through the
/// quotient (T_c(x) − v) / (x − ω_n^row). Columns are numbered as in <see cref="MaskEntry"/>.
/// </summary>
public readonly record struct BoundaryConstraint(int Column, int Row, Felt Value);
