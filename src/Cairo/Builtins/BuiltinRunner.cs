using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// A builtin: a memory segment with its own rules (validation of written cells, deduction of output cells) and
/// its share of the layout (one instance every <see cref="Ratio"/> steps).
/// </summary>
/// <remarks>
/// Mirrors cairo-lang's <c>SimpleBuiltinRunner</c> / cairo-vm's <c>BuiltinRunner</c>: the allocation rules
/// (<see cref="AllocatedInstances"/>, <see cref="UsedCellsAndAllocatedSize"/>) decide how proof mode pads the trace
/// and sizes builtin segments, and so the addresses in air_public_input.json.
/// </remarks>
public abstract class BuiltinRunner : ISegmentRules
{
    protected BuiltinRunner(string name, bool included, int? ratio, int cellsPerInstance, int inputCellsPerInstance)
    {
        Name = name;
        Included = included;
        Ratio = ratio;
        CellsPerInstance = cellsPerInstance;
        InputCellsPerInstance = inputCellsPerInstance;
    }

    /// <summary>The builtin's name as in program JSON and air_public_input.json (<c>range_check</c>, not <c>range_check_builtin</c>).</summary>
    public string Name { get; }

    /// <summary>True when the program declares this builtin (proof mode also creates undeclared layout builtins).</summary>
    public bool Included { get; }

    /// <summary>Steps per instance in the layout; null when the layout gives no ratio (output).</summary>
    public int? Ratio { get; }

    /// <summary>Memory cells per instance.</summary>
    public int CellsPerInstance { get; }

    /// <summary>Input cells per instance (the rest are deduced outputs).</summary>
    public int InputCellsPerInstance { get; }

    /// <summary>Instances per AIR component (1, or 16 for keccak).</summary>
    public virtual int InstancesPerComponent => 1;

    /// <summary>The builtin's segment index, set by <see cref="InitializeSegments"/>.</summary>
    public int Base { get; private set; } = -1;

    /// <summary>Offset of the stop pointer returned by the program (set by <see cref="FinalStack"/>).</summary>
    public long? StopPtr { get; internal set; }

    /// <summary>Adds the builtin's segment and registers this runner as its validator and deducer.</summary>
    public virtual void InitializeSegments(Memory memory)
    {
        Base = memory.AddSegment().Segment;
        memory.Segment(Base).Builtin = this;
    }

    /// <summary>The values pushed on the initial stack for <c>main</c>: the segment base when included.</summary>
    public virtual void InitialStack(List<MaybeRelocatable> stack)
    {
        if (Included) stack.Add(MaybeRelocatable.FromRelocatable(Base, 0));
    }

    /// <summary>Checks a value written into this builtin's segment; throws a <see cref="CairoErrorKind.BuiltinError"/> when invalid.</summary>
    internal virtual void Validate(MemorySegment segment, long offset, in MaybeRelocatable value) { }

    /// <summary>Computes an output cell from its instance's inputs; returns false when this cell is not deducible (yet).</summary>
    internal virtual bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value)
    {
        value = default;
        return false;
    }

    void ISegmentRules.Validate(MemorySegment segment, long offset, in MaybeRelocatable value) => Validate(segment, offset, value);

    bool ISegmentRules.TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value) => TryDeduce(memory, segment, offset, out value);

    /// <summary>Cells written in the segment.</summary>
    public long UsedCells(Memory memory) => memory.Segment(Base).UsedSize;

    /// <summary>Instances touched: used cells rounded up to whole instances.</summary>
    public virtual long UsedInstances(Memory memory) => (UsedCells(memory) + CellsPerInstance - 1) / CellsPerInstance;

    /// <summary>Instances the layout allots for <paramref name="steps"/> steps; throws <see cref="InsufficientAllocatedCellsException"/> below the minimum.</summary>
    public virtual long AllocatedInstances(long steps, Memory memory)
    {
        if (Ratio is not int ratio)
        {
            long instances = UsedCells(memory) / CellsPerInstance;
            long components = instances / InstancesPerComponent;
            return components > 0 ? InstancesPerComponent * (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)components) : 0;
        }
        if (ratio == 0) return 0;
        long minStep = (long)ratio * InstancesPerComponent;
        if (steps < minStep) throw new InsufficientAllocatedCellsException($"{Name}: at least {minStep} steps are needed, the run has {steps}");
        return steps / ratio;
    }

    /// <summary>Memory units allotted: allocated instances × cells per instance.</summary>
    public long AllocatedMemoryUnits(long steps, Memory memory) => AllocatedInstances(steps, memory) * CellsPerInstance;

    /// <summary>(used cells, allocated segment size); throws when the builtin uses more cells than allotted.</summary>
    public virtual (long Used, long Size) UsedCellsAndAllocatedSize(long steps, Memory memory)
    {
        long used = UsedCells(memory);
        long size = AllocatedMemoryUnits(steps, memory);
        if (used > size) throw new InsufficientAllocatedCellsException($"{Name}: {used} cells used, only {size} allocated");
        return (used, size);
    }

    /// <summary>
    /// Reads this builtin's stop pointer just below <paramref name="pointer"/> (the program returns its builtin
    /// pointers on the stack), checks it equals base + used cells, and returns the pointer below it.
    /// </summary>
    public virtual Relocatable FinalStack(Memory memory, Relocatable pointer)
    {
        if (!Included)
        {
            StopPtr = 0;
            return pointer;
        }
        Relocatable at = pointer.Add(-1);
        MaybeRelocatable v = memory.Get(at);
        if (!v.IsRelocatable)
            throw new CairoException(CairoErrorKind.RunnerError, $"{Name}: no stop pointer at {at} (found {v})");
        Relocatable stop = v.Relocatable;
        if (stop.Segment != Base)
            throw new CairoException(CairoErrorKind.RunnerError, $"{Name}: stop pointer {stop} is not in the builtin's segment {Base}");
        long used = UsedInstances(memory) * CellsPerInstance;
        if (stop.Offset != used)
            throw new CairoException(CairoErrorKind.RunnerError, $"{Name}: invalid stop pointer, expected {Base}:{used}, found {stop}");
        StopPtr = stop.Offset;
        return at;
    }

    /// <summary>(min, max) over the 16-bit parts of range-checked values, null for other builtins or no values.</summary>
    public virtual (long Min, long Max)? RangeCheckUsage(Memory memory) => null;

    /// <summary>Range-check units this builtin consumes from the permutation range check.</summary>
    public virtual long UsedPermRangeCheckUnits(long steps, Memory memory) => 0;

    /// <summary>Diluted-pool units per instance (bitwise and keccak).</summary>
    public virtual long UsedDilutedCheckUnits(int spacing, int nBits) => 0;

    /// <summary>True when air_private_input.json carries a list for this builtin (all but output).</summary>
    public virtual bool HasPrivateInput => true;

    /// <summary>Writes the builtin's air_private_input.json value (usually an array of per-instance objects).</summary>
    public virtual void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        writer.WriteStartArray();
        writer.WriteEndArray();
    }

    /// <summary>Throws a builtin error about <paramref name="address"/>.</summary>
    protected CairoException Error(Relocatable address, string message) =>
        new(CairoErrorKind.BuiltinError, $"{Name} builtin at {address}: {message}");
}
