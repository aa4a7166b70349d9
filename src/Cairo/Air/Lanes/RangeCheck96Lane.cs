using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The range_check96 builtin's columns: one lane of <see cref="Width"/> columns holds n − 1 instances, one a row,
/// each proving that its cell holds a value below 2^96 as six 16-bit parts that enter the range-check permutation
/// (cairo-lang's <c>RangeCheckBuiltinRunner</c> with <c>n_parts = 6</c>, the <c>range_check96</c> instance of the
/// all_cairo layout).
/// </summary>
/// <remarks>
/// <para><b>Rows.</b> Instance i of lane l sits on row i; <c>Cell</c> is begin + l·(n − 1) + i on row i (row 0 is
/// pinned by the boundary, each row adds 1). The last row holds no instance: of its slots only slot 0 is in the
/// permutations (see <see cref="CairoAir"/>), so a lane holds n − 1 instances.</para>
/// <para><b>Value.</b> On an active row, value = Σ_(i&lt;6) part_i·2^(16 i) with every part in [rc_min, rc_max] ⊂
/// [0, 2^16) by the range-check permutation, so value is an integer below 2^96 &lt; p and the parts are unique; the
/// memory slot (Cell, value) binds it to the cell the VM wrote. On the other rows the memory slot and the parts are
/// free (the trace builder puts the memory's and the range's holes there).</para>
/// </remarks>
internal sealed class RangeCheck96Lane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "range_check96";
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 1;
    /// <summary>Memory cells per instance: the checked value.</summary>
    public const int CellsPerInstance = 1;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;
    /// <summary>16-bit parts per value (values below 2^96).</summary>
    public const int Parts = 6;

    /// <summary>Column offset: 1 on the rows of used instances (a prefix of the lane).</summary>
    public const int Active = 0;
    /// <summary>Column offset: the row's cell, begin + l·(n − 1) + row.</summary>
    public const int Cell = 1;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = 2;
    /// <summary>Column offset: the memory slot's value, the checked value on an active row.</summary>
    public const int Value = 3;
    /// <summary>Column offset of part 0 (part i is <c>Part0 + i</c>), the lane's range-check slots.</summary>
    public const int Part0 = 4;
    /// <summary>Columns per lane.</summary>
    public const int Width = Part0 + Parts;

    private static readonly (int Column, int Row)[] s_nextEntries = [(Active, 1), (Cell, 1)];
    private static readonly Felt s_two16 = 1UL << 16;

    int IBuiltinLane.CellsPerInstance => CellsPerInstance;
    int IBuiltinLane.InstanceRows => InstanceRows;
    int IBuiltinLane.Width => Width;
    int IBuiltinLane.Active => Active;
    int IBuiltinLane.Cell => Cell;
    int IBuiltinLane.MemorySlots => MemorySlots;
    int IBuiltinLane.MemoryAddress(int slot) => MemoryAddress;
    int IBuiltinLane.RangeCheckSlots => Parts;
    int IBuiltinLane.RangeCheckColumn(int slot) => Part0 + slot;

    /// <inheritdoc/>
    public IReadOnlyList<(int Column, int Row)> NextEntries => s_nextEntries;

    /// <summary>None: every constraint holds on every row alike.</summary>
    public IReadOnlyList<Felt[]> Periodic => [];

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows: all rows but the last.</summary>
    public int Capacity(int rows) => rows - 1;

    /// <inheritdoc/>
    public int MinimumRows => 2;

    /// <summary>None: the lane has no accumulator.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow => [];

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"range_check96[{lane}]_";
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1);
        add(p + "memory_address", 2); add(p + "value", 2);
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One, act = f[c + Active], cell = f[c + Cell];
        // active·(active − 1) = 0, active'·(1 − active) = 0: the used instances are a prefix of the lane.
        r[o++] = act * (act - one);
        r[o++] = f[at[0]] * (one - act);
        // cell' − cell − 1 = 0: row i's cell is begin + l·(n − 1) + i.
        r[o++] = f[at[1]] - cell - one;
        // active·(addr − cell) = 0: an active row's memory slot reads its own cell.
        r[o++] = act * (f[c + MemoryAddress] - cell);
        // active·(value − Σ part_i·2^(16 i)) = 0: the value is the parts' number, below 2^96.
        T sum = Felt.Zero;
        for (int i = Parts - 1; i >= 0; i--) sum = sum * s_two16 + f[c + Part0 + i];
        r[o++] = act * (f[c + Value] - sum);
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / (n − 1), row k mod (n − 1), its value read from begin + k and
    /// split into six 16-bit parts; the memory slot and parts of the other rows are left zero (free). Throws
    /// <see cref="CairoTraceException"/> naming the instance when a value is not below 2^96.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var result = new Felt[lanes][][];
        for (int l = 0; l < lanes; l++)
        {
            Felt[][] cols = witness.NewLane(Width);
            int used = instances.UsedInLane(l, n);
            ulong first = instances.Cell(l * cap);
            for (int row = 0; row < n; row++) cols[Cell][row] = first + (ulong)row;
            for (int row = 0; row < used; row++)
            {
                int k = instances.First + l * cap + row; // k: the instance's index in the segment
                ulong cell = instances.Cell(k - instances.First);
                Felt v = witness.Read(cell, k, "range_check96 value");
                v.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
                if ((x1 >> 32 | x2 | x3) != 0)
                    throw new CairoTraceException($"range_check96 instance {k}: value {v.ToHexString()} at {cell} is not below 2^96");
                for (int i = 0; i < Parts; i++)
                {
                    ulong limb = i < 4 ? x0 : x1;
                    cols[Part0 + i][row] = (limb >> (16 * (i % 4))) & 0xffff;
                }
                cols[Active][row] = Felt.One;
                cols[MemoryAddress][row] = cell;
                cols[Value][row] = v;
                witness.Enter(cell, v);
            }
            result[l] = cols;
        }
        return result;
    }
}
