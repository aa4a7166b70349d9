namespace Zetina.Stark.Parameters;

/// <summary>
/// What a proof opens at each query, independent of the parameters: the trace length and the widths of the
/// committed tables, and how many out-of-domain values it sends. The input of <see cref="ProofSizeModel"/>.
/// </summary>
/// <param name="LogTraceLength">log₂ n.</param>
/// <param name="MainWidth">Main trace columns.</param>
/// <param name="AuxWidth">Interaction columns (0 when none).</param>
/// <param name="CompositionChunks">Composition columns d (the constraints' degree bound over n, a power of two).</param>
/// <param name="OutOfDomainValues">Out-of-domain trace values (about the mask's size).</param>
/// <param name="ShortTables">
/// The short tables of lifted columns (<see cref="Air.IAir.ColumnLifts"/>), each its lift and column count; none when null.
/// <paramref name="MainWidth"/> then counts the lift-1 columns only.
/// </param>
/// <param name="ShortAuxTables">
/// The short tables of lifted interaction columns (<see cref="Air.IAir.AuxColumnLifts"/>), each its lift and column count;
/// none when null. <paramref name="AuxWidth"/> then counts the lift-1 interaction columns only.
/// </param>
public sealed record ProofShape(int LogTraceLength, int MainWidth, int AuxWidth, int CompositionChunks, int OutOfDomainValues,
    (int Lift, int Width)[]? ShortTables = null, (int Lift, int Width)[]? ShortAuxTables = null);
