using Zetina.Stark.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// One of Stone's Cairo layouts as its verifier sees it: the shape of the committed traces, the mask the prover
/// opens at the out-of-domain point, and the composition of the layout's constraints evaluated there
/// (Stone's <c>CpuAirDefinition&lt;layout&gt;</c>; docs/stone.md, "Layouts").
/// </summary>
/// <remarks>
/// The transcript side (proof file, channel, commitments, FRI, queries) is layout-free; everything it needs to know
/// about a layout comes through this contract, so a new layout is one new class and one line in the layout table.
/// </remarks>
internal interface IStoneLayout
{
    /// <summary>The layout's name as <c>public_input.layout</c> spells it ("recursive").</summary>
    string Name { get; }

    /// <summary>Trace rows per Cairo step (Stone's CPU component height): trace length = n_steps · this.</summary>
    int RowsPerStep { get; }

    /// <summary>Columns of the first (original) trace commitment.</summary>
    int TraceColumns { get; }

    /// <summary>Columns of the interaction trace commitment (0 when the layout has none).</summary>
    int InteractionColumns { get; }

    /// <summary>Field elements the verifier draws between the two trace commitments.</summary>
    int InteractionElementCount { get; }

    /// <summary>Constraints in the composition; each is weighted by a power of the channel's random element.</summary>
    int ConstraintCount { get; }

    /// <summary>The composition polynomial's degree in units of the trace length; it is committed as this many columns.</summary>
    int ConstraintDegree { get; }

    /// <summary>The trace cells opened at the out-of-domain point, in the order the proof lists their values.</summary>
    IReadOnlyList<StoneMaskEntry> Mask { get; }

    /// <summary>The layout's builtins in segment order (Stone's <c>memory_segments</c> after program and execution).</summary>
    IReadOnlyList<string> Builtins { get; }

    /// <summary>
    /// The public input facts the layout imposes beyond the transcript (segment sizes a multiple of the builtin
    /// ratio, rc bounds within the range-check pool, n_steps a power of two …): null when they hold, otherwise the
    /// first that fails, named.
    /// </summary>
    string? CheckPublicInput(AirPublicInput publicInput);

    /// <summary>
    /// The composition polynomial at <see cref="StoneCompositionPoint.Point"/> from the opened mask values:
    /// Σ α^i · constraint_i(mask) / domain_i(point), as Stone's <c>ConstraintsEval</c> orders them.
    /// </summary>
    Felt EvaluateComposition(StoneCompositionPoint at);

    /// <summary>
    /// Adds the layout's constraints to <paramref name="sum"/> in Stone's order, computed in <typeparamref name="T"/>:
    /// the one text of the constraints that both the verifier's single point and the prover's recording run.
    /// </summary>
    void AddConstraints<T>(StoneConstraintSum<T> sum) where T : struct, IConstraintValue<T>;
}

/// <summary>One opened trace cell: a column and a row offset from the evaluation point (Stone's <c>mask</c>).</summary>
internal readonly record struct StoneMaskEntry(int Column, int RowOffset);

/// <summary>Everything the composition needs at the out-of-domain point.</summary>
internal sealed class StoneCompositionPoint
{
    /// <summary>The out-of-domain evaluation point z.</summary>
    public required Felt Point { get; init; }

    /// <summary>The trace domain's generator g (order = trace length).</summary>
    public required Felt TraceGenerator { get; init; }

    /// <summary>The trace length (rows), a power of two.</summary>
    public required long TraceLength { get; init; }

    /// <summary>The opened values, one per <see cref="IStoneLayout.Mask"/> entry, in that order.</summary>
    public required Felt[] MaskValues { get; init; }

    /// <summary>The interaction elements in the order they were drawn.</summary>
    public required Felt[] InteractionElements { get; init; }

    /// <summary>The composition's random element α; constraint i is weighted by α^i.</summary>
    public required Felt ConstraintRandomElement { get; init; }

    /// <summary>The statement: segments, public memory (with pages), rc bounds, n_steps.</summary>
    public required AirPublicInput PublicInput { get; init; }

}
