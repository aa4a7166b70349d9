using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// Lays a Cairo run out as a Stone layout's original trace and, once the interaction elements are drawn, its
/// interaction trace, cell for cell as Stone's <c>CpuAir::GetTrace</c> and <c>GetInteractionTrace</c> do.
/// </summary>
/// <remarks>
/// The original trace is built in Stone's order, because later steps fill what earlier ones left vacant:
/// <list type="number">
/// <item>the CPU component, step by step (memory-pool and range-check-pool cells among them);</item>
/// <item>the public-memory slots, (0, 0) each;</item>
/// <item>the builtins (<see cref="StoneBuiltinTraces.Fill"/>), which add memory-pool and range-check-pool cells;</item>
/// <item>the 16-bit range-check pool's vacant cells and sorted copy;</item>
/// <item>the range_check builtin's memory cells, whose unused instances read the parts just filled;</item>
/// <item>the memory pool's vacant cells and sorted copy.</item>
/// </list>
/// The interaction trace holds the memory permutation's product (elements z, α), the range check's (z), then the
/// builtins' (the diluted pool's), in the order the layout's constraints take the elements.
/// </remarks>
internal sealed class StoneTraceBuilder : IStoneTraceSource
{
    private readonly StoneCairoLayout _layout;
    private readonly StoneMemoryPool _memory;
    private readonly StoneRangeCheck16Pool _rangeCheck16;

    private StoneTraceBuilder(StoneCairoLayout layout, StoneTraceTable main, StoneMemoryPool memory, StoneRangeCheck16Pool rangeCheck16)
    {
        _layout = layout;
        Main = main;
        _memory = memory;
        _rangeCheck16 = rangeCheck16;
    }

    /// <inheritdoc/>
    public StoneTraceTable Main { get; }

    /// <summary>Builds the original trace of <paramref name="run"/> in <paramref name="layout"/>.</summary>
    /// <exception cref="StoneTraceException">The run does not fit the layout (see the message).</exception>
    public static StoneTraceBuilder Build(StoneCairoLayout layout, CairoRun run)
    {
        AirPublicInput input = run.PublicInput;
        if (input.Layout != layout.Name)
            throw new StoneTraceException($"the run was made for layout '{input.Layout}', not '{layout.Name}'");
        long steps = run.Trace.LongLength;
        if (steps == 0 || (steps & (steps - 1)) != 0)
            throw new StoneTraceException($"the run has {steps} steps, not a power of two (a proof-mode run pads to one)");
        if (steps != input.NSteps)
            throw new StoneTraceException($"the run has {steps} steps and its public input says n_steps = {input.NSteps}");
        if (steps * layout.RowsPerStep > 1 << 30)
            throw new StoneTraceException($"{steps} steps need {steps * layout.RowsPerStep} rows, more than one trace of 2^30 rows");

        var main = new StoneTraceTable(layout.TraceColumns, (int)steps * layout.RowsPerStep);
        var memory = new StoneMemoryPool(main, layout.MemoryColumns, input.PublicMemory);
        var rangeCheck16 = new StoneRangeCheck16Pool(main, layout.RangeCheck16Columns);

        StoneCpuTrace.Write(main, layout.CpuColumns, run);
        memory.WritePublicMemory();
        StoneBuiltinTraces.Fill(main, layout, run);
        rangeCheck16.FillAndSort(input.RcMin, input.RcMax);
        if (layout.BuiltinColumns.RangeCheck is { } rangeCheck) StoneRangeCheckBuiltinMemory.Write(main, rangeCheck, input);
        memory.FillAndSort();
        return new StoneTraceBuilder(layout, main, memory, rangeCheck16);
    }

    /// <inheritdoc/>
    public StoneTraceTable BuildInteraction(Felt[] interactionElements)
    {
        if (interactionElements.Length != _layout.InteractionElementCount)
            throw new ArgumentException($"layout '{_layout.Name}' takes {_layout.InteractionElementCount} interaction elements, not {interactionElements.Length}", nameof(interactionElements));
        var interaction = new StoneTraceTable(_layout.InteractionColumns, Main.Rows, firstColumn: _layout.TraceColumns);
        _memory.WriteInteraction(interaction, z: interactionElements[0], alpha: interactionElements[1]);
        _rangeCheck16.WriteInteraction(interaction, z: interactionElements[2]);
        StoneBuiltinTraces.FillInteraction(interaction, Main, _layout, interactionElements);
        return interaction;
    }
}
