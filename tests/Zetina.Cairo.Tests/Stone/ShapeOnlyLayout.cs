using Zetina.Stark.Air;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>
/// A layout that knows only the shape a proof's annotations reveal (column counts, interaction elements, mask
/// size), not the AIR: enough to replay the transcript and open the traces, not to check the OODS composition
/// or the DEEP values. Its composition "evaluates" to what the proof claims, so verification runs on to FRI.
/// </summary>
internal sealed class ShapeOnlyLayout : IStoneLayout
{
    // Stone's kSegmentNames after program and execution (cpu/board/cpu_air_definition_<layout>.h).
    private static readonly Dictionary<string, string[]> s_builtins = new()
    {
        ["small"] = ["output", "pedersen", "range_check", "ecdsa"],
        ["dex"] = ["output", "pedersen", "range_check", "ecdsa"],
        ["recursive"] = ["output", "pedersen", "range_check", "bitwise"],
        ["recursive_with_poseidon"] = ["output", "pedersen", "range_check", "bitwise", "poseidon"],
        ["recursive_large_output"] = ["output", "pedersen", "range_check", "bitwise", "poseidon"],
        ["starknet"] = ["output", "pedersen", "range_check", "ecdsa", "bitwise", "ec_op", "poseidon"],
        ["starknet_with_keccak"] = ["output", "pedersen", "range_check", "ecdsa", "bitwise", "ec_op", "keccak", "poseidon"],
    };

    public required string Name { get; init; }
    public required int RowsPerStep { get; init; }
    public required int TraceColumns { get; init; }
    public required int InteractionColumns { get; init; }
    public required int InteractionElementCount { get; init; }
    public int ConstraintCount => 0;
    public required int ConstraintDegree { get; init; }
    public required IReadOnlyList<StoneMaskEntry> Mask { get; init; }
    public IReadOnlyList<string> Builtins => s_builtins[Name];

    /// <summary>Oods values the proof claims, to make the composition check pass by construction.</summary>
    public Felt[] ClaimedComposition { get; set; } = [];

    public string? CheckPublicInput(AirPublicInput publicInput) => null;

    public void AddConstraints<T>(StoneConstraintSum<T> sum) where T : struct, IConstraintValue<T> =>
        throw new NotSupportedException("a shape-only layout knows no constraints");

    public Felt EvaluateComposition(StoneCompositionPoint at)
    {
        Felt sum = Felt.Zero, z = Felt.One;
        foreach (Felt h in ClaimedComposition) { sum += z * h; z *= at.Point; }
        return sum;
    }

    public static ShapeOnlyLayout FromAnnotations(StoneAnnotations a, string name, long nSteps, long traceLength)
    {
        int degree = a.TraceColumns[a.TraceColumns.Count - 1].Count;
        var mask = new StoneMaskEntry[a.OodsValues.Count - degree];
        for (int i = 0; i < mask.Length; i++) mask[i] = new StoneMaskEntry(0, 0);
        return new ShapeOnlyLayout
        {
            Name = name,
            RowsPerStep = (int)(traceLength / nSteps),
            TraceColumns = a.TraceColumns[0].Count,
            InteractionColumns = a.TraceColumns.Count == 3 ? a.TraceColumns[1].Count : 0,
            InteractionElementCount = a.InteractionElements.Count,
            ConstraintDegree = degree,
            Mask = mask,
        };
    }
}
