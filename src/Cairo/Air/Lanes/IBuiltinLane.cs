using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// A builtin proved in its own columns: a <b>lane</b> is a group of <see cref="Width"/> columns over all n rows that
/// holds the builtin's instances one after another, <see cref="InstanceRows"/> rows each (docs/cairo-air.md, "Lanes").
/// The AIR, the trace shape, the boundary and the trace builder treat every lane alike through this contract and the
/// table <see cref="BuiltinLanes.All"/>; what differs between builtins lives in one file per builtin.
/// </summary>
/// <remarks>
/// A lane's own columns are addressed by offsets from its first column. Every lane has an <c>Active</c> column (1 on
/// the rows of used instances, a prefix of the lane) and a <c>Cell</c> column (the instance's address in the builtin
/// segment on row 0), which the boundary pins (<see cref="CairoAir.BoundaryConstraints"/>).
/// </remarks>
internal interface IBuiltinLane
{
    /// <summary>The builtin's name, as its memory segment is named in the public input ("pedersen").</summary>
    string Builtin { get; }

    /// <summary>
    /// Whether a statement names this builtin (as "(name, 0)") when it has no lanes. True for the lanes of proof
    /// format 3 as first published; a lane added later is named only when used, so the transcript and the document of
    /// every proof that does not use it stay as they were (docs/cairo-air.md, "Lanes").
    /// </summary>
    bool StatedWhenUnused => true;

    /// <summary>Memory cells per instance (the segment holds whole instances).</summary>
    int CellsPerInstance { get; }

    /// <summary>Rows per instance.</summary>
    int InstanceRows { get; }

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    int Capacity(int rows);

    /// <summary>The fewest trace rows in which one lane holds one instance.</summary>
    int MinimumRows { get; }

    /// <summary>Columns per lane.</summary>
    int Width { get; }

    /// <summary>Column offset of the <c>Active</c> column (1 on the rows of used instances, a prefix of the lane).</summary>
    int Active { get; }

    /// <summary>Column offset of the <c>Cell</c> column (on an instance's row 0: its first cell, begin + cells·k).</summary>
    int Cell { get; }

    /// <summary>Memory slots per row of a lane: (address, value) pairs in the memory permutation.</summary>
    int MemorySlots { get; }

    /// <summary>Column offset of memory slot <paramref name="slot"/>'s address (its value is the next column).</summary>
    int MemoryAddress(int slot);

    /// <summary>
    /// Range-check slots per row of a lane: columns whose values enter the range-check permutation (so each lies in
    /// [rc_min, rc_max] ⊂ [0, 2^16)). A slot is the lane's on the rows where <c>Active</c> is 1 and free (the trace
    /// builder puts the range's holes there) on the others. None unless the lane says so.
    /// </summary>
    int RangeCheckSlots => 0;

    /// <summary>Column offset of range-check slot <paramref name="slot"/>.</summary>
    int RangeCheckColumn(int slot) => throw new ArgumentOutOfRangeException(nameof(slot), $"the {Builtin} lane has no range-check slots");

    /// <summary>The lane's periodic columns over one instance's rows (the AIR adds them once, when a lane is used).</summary>
    IReadOnlyList<Felt[]> Periodic { get; }

    /// <summary>
    /// The (column offset, row offset) pairs beyond the current row that the constraints read, in frame order. A
    /// negative row offset −r reads r rows above (the AIR's mask offset n − r, which wraps around the trace).
    /// </summary>
    IReadOnlyList<(int Column, int Row)> NextEntries { get; }

    /// <summary>Row-0 values the boundary asserts beyond the first cell (the accumulators' start points), in order.</summary>
    IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow { get; }

    /// <summary>Appends lane <paramref name="lane"/>'s constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    void AddConstraints(int lane, Action<string, int> add);

    /// <summary>
    /// Evaluates one lane's transition constraints into <paramref name="result"/> from <paramref name="o"/> on.
    /// <paramref name="column"/> is the lane's first column (its current-row values are frame[column + offset]);
    /// <paramref name="at"/> the frame indices of <see cref="NextEntries"/>; <paramref name="periodic"/> starts at the
    /// lane's periodic values. Written once over <typeparamref name="T"/>: field elements (<see cref="FeltValue"/>) where
    /// the verifier and the trace checker evaluate at one point, a recording where the prover runs them in lanes.
    /// </summary>
    /// <typeparam name="T">what the constraints are evaluated over</typeparam>
    void Evaluate<T>(ReadOnlySpan<T> frame, int column, ReadOnlySpan<int> at, ReadOnlySpan<T> periodic, Span<T> result, ref int o)
        where T : struct, IConstraintValue<T>;

    /// <summary>
    /// The columns of every lane the run's <paramref name="instances"/> need (lane, column, row), each instance
    /// computed from its input cells in <paramref name="witness"/>'s memory and private input; the cells enter the
    /// memory permutation through <see cref="LaneWitness.Enter"/>. A memory slot left zero is free. Throws
    /// <see cref="CairoTraceException"/> when an instance's inputs are missing or outside the builtin's domain.
    /// </summary>
    Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness);
}
