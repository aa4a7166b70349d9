using Zetina.Stark.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// What every Stone Cairo layout shares: 16 rows per step, the shape facts it declares, the public-input rules, and a
/// composition built by its components in Stone's order. A layout supplies its constants (columns, mask, builtins,
/// virtual-column positions) and the list of components it runs.
/// </summary>
internal abstract class StoneCairoLayout : IStoneLayout
{
    private readonly StoneBuiltin[] _builtins;

    /// <summary>A layout with the given shape; <paramref name="builtins"/> in segment order, output first.</summary>
    protected StoneCairoLayout(string name, int traceColumns, int interactionColumns, int interactionElements, int constraints,
        StoneMaskEntry[] mask, StoneBuiltin[] builtins, int publicMemoryStep)
    {
        PublicMemoryStep = publicMemoryStep;
        Name = name;
        TraceColumns = traceColumns;
        InteractionColumns = interactionColumns;
        InteractionElementCount = interactionElements;
        ConstraintCount = constraints;
        Mask = mask;
        _builtins = builtins;
        Builtins = [.. builtins.Select(b => b.Name)];
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>16: Stone's CPU component height (<c>kLogCpuComponentHeight</c> = 4, step 1) in every published layout.</summary>
    public int RowsPerStep => 16;

    /// <inheritdoc/>
    public int TraceColumns { get; }

    /// <inheritdoc/>
    public int InteractionColumns { get; }

    /// <inheritdoc/>
    public int InteractionElementCount { get; }

    /// <inheritdoc/>
    public int ConstraintCount { get; }

    /// <summary>2 in every published layout (Stone's <c>kConstraintDegree</c>).</summary>
    public int ConstraintDegree => 2;

    /// <inheritdoc/>
    public IReadOnlyList<StoneMaskEntry> Mask { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Builtins { get; }

    /// <summary>Rows per public-memory slot (Stone's <c>kPublicMemoryStep</c>): n / this slots hold the public memory.</summary>
    public int PublicMemoryStep { get; }

    /// <summary>
    /// Where the CPU component's cells live (a trace builder writes through these, the constraints read them). Every
    /// published layout has them; a layout made for checking some components alone may not, and throws.
    /// </summary>
    internal virtual CpuColumns CpuColumns => throw NoCells("CPU");

    /// <summary>Where the memory pool, its sorted copy, the public-memory slots and the permutation product live.</summary>
    internal virtual MemoryColumns MemoryColumns => throw NoCells("memory");

    /// <summary>Where the 16-bit range-check pool, its sorted copy and the permutation product live.</summary>
    internal virtual RangeCheck16Columns RangeCheck16Columns => throw NoCells("16-bit range-check");

    /// <inheritdoc/>
    public string? CheckPublicInput(AirPublicInput publicInput) =>
        StonePublicInputRules.Check(publicInput, Name, RowsPerStep, PublicMemoryStep, _builtins);

    /// <inheritdoc/>
    public Felt EvaluateComposition(StoneCompositionPoint at)
    {
        var sum = new StoneConstraintSumAtPoint(this, at);
        AddConstraints(sum, at.InteractionElements);
        return sum.Finish(ConstraintCount);
    }

    /// <inheritdoc/>
    public void AddConstraints<T>(StoneConstraintSum<T> sum) where T : struct, IConstraintValue<T>
    {
        AddConstraints(sum, sum.InteractionElements);
        sum.CheckCount(ConstraintCount);
    }

    /// <summary>
    /// At a trace row (<see cref="StoneCompositionPoint.Point"/> = gʳ, mask values read from the trace), the index of
    /// the first constraint that must hold on that row and does not; null when all hold.
    /// </summary>
    public int? FirstViolatedConstraint(StoneCompositionPoint at)
    {
        var sum = new StoneConstraintSumAtPoint(this, at, checking: true);
        AddConstraints(sum, at.InteractionElements);
        sum.Finish(ConstraintCount);
        return sum.FirstViolation;
    }

    /// <summary>Where the layout keeps its builtins' cells, for the prover's trace builder; none unless a layout has builtins.</summary>
    internal virtual StoneBuiltinColumns BuiltinColumns => StoneBuiltinColumns.None;

    /// <summary>Runs the layout's components in Stone's constraint order, handing each its interaction elements.</summary>
    protected abstract void AddConstraints<T>(StoneConstraintSum<T> sum, Felt[] interaction) where T : struct, IConstraintValue<T>;

    private NotSupportedException NoCells(string component) => new($"layout {Name} places no {component} cells");

    /// <summary>Virtual column shorthand for the constants tables.</summary>
    protected static StoneVirtualColumn V(int column, int step, int offset) => new(column, step, offset);
}
