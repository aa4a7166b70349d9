using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

/// <summary>
/// A real layout's mask, columns and builtins with only one component's constraints: the trace checker run on it
/// checks a builtin's cells without the CPU, memory and range-check cells the full layout would also demand.
/// </summary>
internal sealed class ComponentOnlyLayout : StoneCairoLayout
{
    private readonly Action<StoneConstraintSumAtPoint, Felt[]> _component;
    private readonly StoneCairoLayout _layout;

    private ComponentOnlyLayout(StoneCairoLayout layout, int constraints, Action<StoneConstraintSumAtPoint, Felt[]> component)
        : base(layout.Name + "-component", layout.TraceColumns, layout.InteractionColumns, layout.InteractionElementCount, constraints,
            [.. layout.Mask], [], layout.PublicMemoryStep)
    {
        _layout = layout;
        _component = component;
    }

    /// <summary><paramref name="layout"/> with only <paramref name="component"/>'s constraints, counted at a probe point.</summary>
    public static ComponentOnlyLayout Of(StoneCairoLayout layout, AirPublicInput publicInput, Action<StoneConstraintSumAtPoint, Felt[]> component)
    {
        var elements = new Felt[layout.InteractionElementCount];
        var probe = new StoneConstraintSumAtPoint(layout, new StoneCompositionPoint
        {
            Point = Felt.FromUInt64(3), TraceGenerator = Felt.One, TraceLength = 1 << 20, MaskValues = new Felt[layout.Mask.Count],
            InteractionElements = elements, ConstraintRandomElement = Felt.One, PublicInput = publicInput,
        }, checking: true);
        component(probe, elements);
        return new ComponentOnlyLayout(layout, probe.Count, component);
    }

    internal override StoneBuiltinColumns BuiltinColumns => _layout.BuiltinColumns;

    protected override void AddConstraints<T>(StoneConstraintSum<T> sum, Felt[] interaction) =>
        _component(sum as StoneConstraintSumAtPoint ?? throw new NotSupportedException("a component-only layout checks rows; it is never proved"), interaction);

    /// <summary>The first violation over rows [first, first + count) of the original trace alone (an all-zero interaction).</summary>
    public StoneTraceChecker.Violation? Check(StoneTraceTable main, AirPublicInput publicInput, long first = 0, long count = -1,
        StoneTraceTable? interaction = null, Felt[]? elements = null) =>
        StoneTraceChecker.FirstViolation(this, main, interaction ?? new StoneTraceTable(InteractionColumns, main.Rows, TraceColumns),
            elements ?? new Felt[InteractionElementCount], publicInput, first, count);
}
