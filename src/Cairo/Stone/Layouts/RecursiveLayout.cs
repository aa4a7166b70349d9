using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>recursive</c> layout (<c>cpu_air_definition4</c>): output, pedersen (1 per 128 steps), range_check
/// (1 per 8 steps) and bitwise (1 per 8 steps) builtins, a diluted pool of 16-bit values spaced 4 apart, 16 trace rows
/// per step, 7 + 3 trace columns, 93 constraints of degree 2.
/// </summary>
internal sealed class RecursiveLayout : IStoneLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static RecursiveLayout Instance { get; } = new();

    private RecursiveLayout() { }

    /// <inheritdoc/>
    public string Name => "recursive";

    /// <inheritdoc/>
    public int RowsPerStep => 16;

    /// <inheritdoc/>
    public int TraceColumns => 7;

    /// <inheritdoc/>
    public int InteractionColumns => 3;

    /// <summary>Memory (z, α), range check (z), diluted permutation (z), diluted cumulative value (z, α).</summary>
    public int InteractionElementCount => 6;

    /// <inheritdoc/>
    public int ConstraintCount => 93;

    /// <inheritdoc/>
    public int ConstraintDegree => 2;

    /// <inheritdoc/>
    public IReadOnlyList<StoneMaskEntry> Mask { get; } = StoneMask.FromColumns(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [0, 1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 33, 64, 65, 88, 90, 92, 94, 96, 97, 120, 122, 124, 126],
        [0, 1],
        [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 16, 26, 27, 42, 43, 58, 74, 75, 91, 122, 123, 154, 202, 522, 523, 1034, 1035, 2058],
        [0, 1, 2, 3],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 28, 44, 60, 76, 92, 108, 124, 1021, 1023, 1025, 1027, 2045],
        [0, 1, 2, 3, 4, 5, 7, 9, 11, 13, 17, 25, 768, 772, 784, 788, 1004, 1008, 1022, 1024],
        [0, 1],
        [0, 1],
        [0, 1, 2, 5]);

    /// <inheritdoc/>
    public IReadOnlyList<string> Builtins { get; } = ["output", "pedersen", "range_check", "bitwise"];

    /// <inheritdoc/>
    public string? CheckPublicInput(AirPublicInput publicInput) => throw new NotSupportedException("recursive: public input checks are not written yet");

    /// <inheritdoc/>
    public Felt EvaluateComposition(StoneCompositionPoint at) => throw new NotSupportedException("recursive: the composition is not written yet");
}
