using Zetina.Cairo.Run;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// What the lanes' trace fillers read and hand back: the run's memory and private input, and the builtin cells
/// (address, value) that the lanes put into the memory permutation.
/// </summary>
/// <param name="rows">Rows of the trace.</param>
/// <param name="memory">The run's memory.</param>
/// <param name="ecdsaSignatures">The ecdsa builtin's private input: (r, w) by instance.</param>
internal sealed class LaneWitness(int rows, MemoryImage memory, IReadOnlyDictionary<long, (Felt R, Felt W)>? ecdsaSignatures)
{
    private readonly List<(ulong Address, Felt Value)> _cells = [];

    /// <summary>Rows of the trace.</summary>
    public int Rows => rows;

    /// <summary>The ecdsa builtin's private input: (r, w) by instance; null when the run gave none.</summary>
    public IReadOnlyDictionary<long, (Felt R, Felt W)>? EcdsaSignatures => ecdsaSignatures;

    /// <summary>The cells the lanes' memory slots hold, in the order the fillers entered them.</summary>
    public IReadOnlyList<(ulong Address, Felt Value)> Cells => _cells;

    /// <summary>A lane's columns, zero: a zero memory slot is free.</summary>
    public Felt[][] NewLane(int width)
    {
        var cols = new Felt[width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = HugePages.NewArray<Felt>(rows);
        return cols;
    }

    /// <summary>An input cell of instance <paramref name="instance"/>; throws <see cref="CairoTraceException"/> when memory lacks it.</summary>
    public Felt Read(ulong address, int instance, string what)
    {
        if (!memory.TryGet(address, out Felt v))
            throw new CairoTraceException($"{what} of instance {instance} at address {address} is not in the memory file");
        return v;
    }

    /// <summary>A builtin's output cell: the memory file must hold the computed value there, if it holds the cell at all.</summary>
    public void CheckOutput(ulong address, in Felt computed, string what)
    {
        if (memory.TryGet(address, out Felt v) && v != computed)
            throw new CairoTraceException($"{what}: memory cell {address} holds {v.ToHexString()}, the builtin computes {computed.ToHexString()}");
    }

    /// <summary>Puts the cell (address, value) into the memory permutation (through a lane's memory slot).</summary>
    public void Enter(ulong address, in Felt value) => _cells.Add((address, value));
}
