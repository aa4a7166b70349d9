using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Builtins;

/// <summary>A public-memory page of the output: <see cref="Size"/> cells from <see cref="Start"/> (an offset from the output state's base).</summary>
/// <param name="Start">The first cell, as an offset from the state's base.</param>
/// <param name="Size">The number of cells.</param>
public readonly record struct OutputPage(long Start, long Size);

/// <summary>
/// What a program sees of the output builtin while it runs (cairo-lang <c>OutputBuiltinRunner.get_state()</c>): the
/// base its pages are counted from, the pages and the attributes.
/// </summary>
/// <param name="Base">The address page starts are counted from.</param>
/// <param name="Pages">Pages by id.</param>
/// <param name="Attributes">Attributes by name.</param>
public sealed record OutputBuiltinState(Relocatable Base, SortedDictionary<int, OutputPage> Pages, Dictionary<string, JsonElement> Attributes);

/// <summary>
/// The output builtin: a plain segment the program writes its public output to. Its cells become public memory in
/// proof mode, on page 0 unless a hint assigned them a page (<see cref="AddPage"/>); it has no ratio and no private
/// input.
/// </summary>
/// <remarks>
/// Pages and attributes (cairo-lang <c>output_builtin_runner.py</c>) are how a bootloader tells the verifier's fact
/// registry how the output splits into facts: page i &gt; 0 is hashed separately from page 0 (Stone's
/// "continuous pages"). The bootloader swaps the state (<see cref="NewState"/>, <see cref="State"/>) around the
/// simple bootloader and each program task, so a task's own <c>add_page</c> calls count from its output start.
/// </remarks>
public sealed class OutputBuiltinRunner(bool included) : BuiltinRunner("output", included, null, 1, 1)
{
    private Relocatable? _stateBase;

    /// <summary>Pages by id (id ≥ 1; unassigned cells are page 0), offsets relative to <see cref="StateBase"/>.</summary>
    public SortedDictionary<int, OutputPage> Pages { get; private set; } = new();

    /// <summary>Attributes (such as <c>gps_fact_topology</c>) carried into a PIE's additional data.</summary>
    public Dictionary<string, JsonElement> Attributes { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>The base pages are counted from: the segment's start unless a state was swapped in.</summary>
    public Relocatable StateBase => _stateBase ?? new Relocatable(Base, 0);

    /// <summary>The current state (cairo-lang <c>get_state()</c>); the objects are shared, not copied, as in Python.</summary>
    public OutputBuiltinState State => new(StateBase, Pages, Attributes);

    /// <summary>Clears pages and attributes and counts pages from <paramref name="base"/> (cairo-lang <c>new_state</c>).</summary>
    public void NewState(Relocatable @base)
    {
        _stateBase = @base;
        Pages = new SortedDictionary<int, OutputPage>();
        Attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
    }

    /// <summary>Restores a state taken with <see cref="State"/> (cairo-lang <c>set_state</c>).</summary>
    public void SetState(OutputBuiltinState state)
    {
        _stateBase = state.Base;
        Pages = state.Pages;
        Attributes = state.Attributes;
    }

    /// <summary>
    /// Marks <paramref name="size"/> cells from <paramref name="start"/> as page <paramref name="pageId"/> (cairo-lang
    /// <c>add_page</c>); the start must lie in the segment of the current base, and a page id is assigned once.
    /// </summary>
    public void AddPage(int pageId, Relocatable start, long size)
    {
        if (Pages.ContainsKey(pageId)) throw new CairoException(CairoErrorKind.BuiltinError, $"output page {pageId} was already assigned");
        Relocatable b = StateBase;
        if (start.Segment != b.Segment)
            throw new CairoException(CairoErrorKind.BuiltinError, $"output page {pageId} starts at {start}, outside the output segment {b.Segment}");
        Pages[pageId] = new OutputPage(start.Offset - b.Offset, size);
    }

    /// <summary>
    /// The page of each used cell, for the public memory (cairo-lang <c>finalize_segments</c>): page 0 unless a page
    /// covers it; a page past the used cells or two pages over one cell are refused.
    /// </summary>
    public int[] PageOfEachCell(long used)
    {
        var pageOf = new int[used];
        var assigned = new bool[used];
        foreach (var (id, page) in Pages)
        {
            if (page.Start < 0 || page.Start + page.Size > used)
                throw new CairoException(CairoErrorKind.BuiltinError, $"output page {id} [{page.Start}, {page.Start + page.Size}) is outside the {used} output cells");
            for (long i = page.Start; i < page.Start + page.Size; i++)
            {
                if (assigned[i] && pageOf[i] != id) throw new CairoException(CairoErrorKind.BuiltinError, $"output cell {i} was already assigned page {pageOf[i]}");
                pageOf[i] = id;
                assigned[i] = true;
            }
        }
        return pageOf;
    }

    public override long AllocatedInstances(long steps, Memory memory) => 0;

    public override long UsedInstances(Memory memory) => UsedCells(memory);

    public override (long Used, long Size) UsedCellsAndAllocatedSize(long steps, Memory memory)
    {
        long used = UsedCells(memory);
        return (used, used);
    }

    public override Relocatable FinalStack(Memory memory, Relocatable pointer)
    {
        if (!Included)
        {
            StopPtr = 0;
            return pointer;
        }
        Relocatable at = pointer.Add(-1);
        MaybeRelocatable v = memory.Get(at);
        if (!v.IsRelocatable || v.Segment != Base)
            throw new CairoException(CairoErrorKind.RunnerError, $"output: invalid stop pointer at {at} ({v})");
        long used = UsedCells(memory);
        if (v.Offset != used)
            throw new CairoException(CairoErrorKind.RunnerError, $"output: invalid stop pointer, expected {Base}:{used}, found {v}");
        StopPtr = v.Offset;
        return at;
    }

    public override bool HasPrivateInput => false;

    /// <summary>The written output values in order (empty cells are skipped).</summary>
    public List<MaybeRelocatable> Output(Memory memory)
    {
        var list = new List<MaybeRelocatable>();
        foreach (MaybeRelocatable v in memory.Segment(Base).Written) if (!v.IsEmpty) list.Add(v);
        return list;
    }

    /// <summary>Writes the builtin's PIE additional data: <c>{"pages": {"id": [start, size]}, "attributes": {…}}</c>.</summary>
    public void WriteAdditionalData(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartObject("pages");
        foreach (var (id, page) in Pages)
        {
            w.WriteStartArray(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumberValue(page.Start);
            w.WriteNumberValue(page.Size);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartObject("attributes");
        foreach (var (name, value) in Attributes)
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
