using Zetina.Stark.Field;

namespace Zetina.Stark.Proof;

/// <summary>
/// Opened rows of one committed table: <see cref="Values"/> holds the rows in ascending row order, each
/// row's columns in order (row-major); <see cref="Siblings"/> is their batch Merkle opening.
/// </summary>
public sealed record TableOpening(Felt[] Values, byte[][] Siblings);
