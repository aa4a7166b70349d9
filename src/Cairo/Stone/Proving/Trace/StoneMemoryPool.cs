using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// The memory pool: every memory access of the trace (a, v) in the layout's pool columns, the public-memory slots,
/// the vacant cells filled as Stone fills them, the accesses sorted by address, and the permutation's running product
/// (Stone's <c>MemoryCell</c>, <c>CpuAir::WritePublicMemory</c>, <c>MemoryComponentProverContext</c>; Cairo paper §9.7).
/// </summary>
/// <remarks>
/// <para>The CPU and the builtins write their accesses straight into the pool columns; a cell is vacant while its
/// address is 0 (Cairo addresses start at 1) and it is not a public-memory slot.</para>
/// <para>Public-memory slot j holds (0, 0) in the trace, while the sorted copy holds the public cell j (the first public
/// cell again for the slots past the last): the permutation then ends at z^S / Π (z − (a + α v)) over the slots, which
/// the verifier computes from the public input alone.</para>
/// <para>Vacant cells, in pool order, take the addresses missing from [a_min, a_max] in increasing order (value 0), so
/// the sorted addresses are continuous; once no hole is left, the rest take (a_max + 1, 0).</para>
/// </remarks>
internal sealed class StoneMemoryPool
{
    private readonly StoneTraceTable _main;
    private readonly MemoryColumns _columns;
    private readonly IReadOnlyList<PublicMemoryEntry> _publicMemory;
    private readonly int _slotStride;
    private readonly int _firstSlot;

    /// <summary>The pool of <paramref name="main"/> in <paramref name="columns"/>, with the run's <paramref name="publicMemory"/>.</summary>
    public StoneMemoryPool(StoneTraceTable main, MemoryColumns columns, IReadOnlyList<PublicMemoryEntry> publicMemory)
    {
        _main = main;
        _columns = columns;
        _publicMemory = publicMemory;
        StoneVirtualColumn pool = columns.PoolAddr, slots = columns.PublicMemoryAddr;
        // The slots are a sub-view of the pool: pool cell (slot offset − pool offset)/pool step, then every slot step/pool step.
        if (slots.Column != pool.Column || slots.Step % pool.Step != 0 || (slots.Offset - pool.Offset) % pool.Step != 0)
            throw new ArgumentException($"public-memory slots ({slots}) are not cells of the memory pool ({pool})", nameof(columns));
        _slotStride = slots.Step / pool.Step;
        _firstSlot = (slots.Offset - pool.Offset) / pool.Step;
        if (publicMemory.Count == 0) throw new StoneTraceException("the public input has no public memory");
        if (publicMemory.Count > SlotCount)
            throw new StoneTraceException($"{publicMemory.Count} public memory cells do not fit in the trace's {SlotCount} public-memory slots");
    }

    /// <summary>Cells in the pool: n / pool step.</summary>
    public int Size => _main.Size(_columns.PoolAddr);

    /// <summary>Public-memory slots: n / public-memory step.</summary>
    public int SlotCount => _main.Size(_columns.PublicMemoryAddr);

    /// <summary>Writes (0, 0) into every public-memory slot (Stone's <c>WritePublicMemory</c> with <c>is_public_memory</c>).</summary>
    public void WritePublicMemory()
    {
        for (int j = 0; j < SlotCount; j++)
        {
            _main[_columns.PublicMemoryAddr, j] = Felt.Zero;
            _main[_columns.PublicMemoryValue, j] = Felt.Zero;
        }
    }

    /// <summary>
    /// Fills the vacant cells (holes first, then spares) and writes the sorted copy; run after every component has
    /// written its accesses.
    /// </summary>
    /// <exception cref="StoneTraceException">An address is not below 2^64, an address holds two values, or the holes outnumber the vacant cells.</exception>
    public void FillAndSort()
    {
        int size = Size;
        var address = new ulong[size];
        var value = new Felt[size];
        var vacant = new bool[size];
        for (int k = 0; k < size; k++)
        {
            Felt a = _main[_columns.PoolAddr, k];
            if (!FeltMath.TryToUInt64(a, out address[k])) throw new StoneTraceException($"memory pool cell {k}: address {a} is not below 2^64");
            value[k] = _main[_columns.PoolValue, k];
            vacant[k] = address[k] == 0;
        }
        for (int j = 0; j < SlotCount; j++)
        {
            PublicMemoryEntry cell = _publicMemory[j < _publicMemory.Count ? j : 0];
            int k = _firstSlot + j * _slotStride;
            (address[k], value[k], vacant[k]) = (cell.Address, cell.Value, false);
        }

        FillHoles(address, value, vacant);
        WriteSorted(address, value);
    }

    /// <summary>The running product over the pool against its sorted copy, with a + α·v per access, into the interaction trace.</summary>
    public Felt WriteInteraction(StoneTraceTable interaction, in Felt z, in Felt alpha)
    {
        int size = Size;
        var original = new Felt[size];
        var sorted = new Felt[size];
        for (int k = 0; k < size; k++)
        {
            original[k] = _main[_columns.PoolAddr, k] + alpha * _main[_columns.PoolValue, k];
            sorted[k] = _main[_columns.SortedAddr, k] + alpha * _main[_columns.SortedValue, k];
        }
        return StonePermutationProduct.Write(interaction, _columns.CumulativeProduct, z, original, sorted);
    }

    private void FillHoles(ulong[] address, Felt[] value, bool[] vacant)
    {
        ulong min = ulong.MaxValue, max = 0;
        for (int k = 0; k < address.Length; k++)
            if (!vacant[k]) { min = Math.Min(min, address[k]); max = Math.Max(max, address[k]); }
        if (min > max) throw new StoneTraceException("the memory pool holds no access");
        if (max - min >= int.MaxValue) throw new StoneTraceException($"the memory's address range [{min}, {max}] is too wide for one trace");
        var used = new bool[max - min + 1];
        for (int k = 0; k < address.Length; k++)
            if (!vacant[k]) used[address[k] - min] = true;

        ulong hole = min;
        for (int k = 0; k < address.Length; k++)
        {
            if (!vacant[k]) continue;
            while (hole <= max && used[hole - min]) hole++;
            // A hole, or max + 1 once the holes are filled; either way value 0.
            address[k] = hole;
            value[k] = Felt.Zero;
            _main[_columns.PoolAddr, k] = Felt.FromUInt64(hole);
            _main[_columns.PoolValue, k] = Felt.Zero;
            if (hole <= max) hole++;
        }
        while (hole <= max && used[hole - min]) hole++;
        if (hole <= max)
            throw new StoneTraceException($"the memory has holes from address {hole} on that the trace has no vacant pool cells left to fill (range [{min}, {max}])");
    }

    private void WriteSorted(ulong[] address, Felt[] value)
    {
        // Sorted by address; equal addresses must carry equal values, so the order among them does not matter.
        Array.Sort(address, value);
        for (int k = 0; k < address.Length; k++)
        {
            if (k > 0 && address[k] == address[k - 1] && value[k] != value[k - 1])
                throw new StoneTraceException($"memory address {address[k]} is accessed with two values: {value[k - 1]} and {value[k]}");
            _main[_columns.SortedAddr, k] = Felt.FromUInt64(address[k]);
            _main[_columns.SortedValue, k] = value[k];
        }
    }
}
