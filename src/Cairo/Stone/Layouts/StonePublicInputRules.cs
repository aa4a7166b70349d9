using Zetina.Cairo.Run;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The facts about the public input that a layout's AIR relies on and the transcript does not check
/// (Stone's <c>CpuAirStatement</c> and <c>CpuAir</c> constructor; Integrity's <c>PublicInputTrait::validate</c>).
/// </summary>
internal static class StonePublicInputRules
{
    /// <summary>Largest value the 16-bit range check holds.</summary>
    public const long RangeCheckMax = (1L << 16) - 1;

    /// <summary>
    /// Null when <paramref name="publicInput"/> fits <paramref name="layout"/> (<paramref name="rowsPerStep"/> rows a
    /// step, a public-memory slot every <paramref name="publicMemoryStep"/> rows, <paramref name="builtins"/>),
    /// otherwise the first fact that fails, named.
    /// </summary>
    public static string? Check(AirPublicInput publicInput, string layout, int rowsPerStep, int publicMemoryStep, IReadOnlyList<StoneBuiltin> builtins)
    {
        if (publicInput.Layout != layout) return $"public input is for layout '{publicInput.Layout}', not '{layout}'";
        long steps = publicInput.NSteps;
        if (steps <= 0 || (steps & (steps - 1)) != 0) return $"n_steps {steps} is not a positive power of two";
        if (steps > (1L << 40) / rowsPerStep) return $"n_steps {steps} is too large for a trace";
        long traceLength = steps * rowsPerStep;
        if (publicInput.RcMin < 0 || publicInput.RcMin > publicInput.RcMax || publicInput.RcMax > RangeCheckMax)
            return $"range-check bounds [{publicInput.RcMin}, {publicInput.RcMax}] are not within [0, {RangeCheckMax}] in order";
        if (publicInput.PublicMemory.Count == 0) return "public memory is empty";
        long slots = traceLength / publicMemoryStep;
        if (publicInput.PublicMemory.Count > slots)
            return $"public memory has {publicInput.PublicMemory.Count} cells, layout {layout} has {slots} slots in {steps} steps";

        // Segments are named (Stone's JSON keeps them in a map, so their order in the file says nothing).
        string[] names = ["program", "execution", .. builtins.Select(b => b.Name)];
        foreach (string name in names)
        {
            if (!publicInput.TryGetSegment(name, out MemorySegment segment)) return $"public input has no '{name}' segment, which layout {layout} needs";
            if (segment.StopPtr < segment.BeginAddr) return $"segment '{name}' stops at {segment.StopPtr}, before its begin {segment.BeginAddr}";
        }
        if (publicInput.MemorySegments.Count != names.Length)
            return $"layout {layout} has {names.Length} memory segments ({string.Join(", ", names)}), the public input {publicInput.MemorySegments.Count}";

        foreach (StoneBuiltin builtin in builtins)
        {
            if (builtin.RowRatio == 0) continue;
            MemorySegment segment = publicInput.Segment(builtin.Name);
            ulong instances = segment.Used / (ulong)builtin.CellsPerInstance;
            long capacity = traceLength / builtin.RowRatio;
            if (segment.Used % (ulong)builtin.CellsPerInstance != 0)
                return $"segment '{builtin.Name}' holds {segment.Used} cells, not a multiple of {builtin.CellsPerInstance}";
            if (instances > (ulong)capacity)
                return $"segment '{builtin.Name}' has {instances} instances, layout {layout} fits {capacity} in {steps} steps";
        }
        return null;
    }
}
