using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The bitwise builtin's columns: one lane of <see cref="Width"/> columns holds n/256 instances, each the bits of
/// x, y (both below 2^251) over 256 rows, giving x AND y; x XOR y and x OR y follow by x + y = (x ⊕ y) + 2(x ∧ y)
/// and x ∨ y = (x ⊕ y) + (x ∧ y).
/// </summary>
/// <remarks>
/// <para><b>Rows of an instance.</b> Row j (0 ≤ j &lt; 251) holds bit j of x and y; rows 251–255 are padding. The
/// suffix columns hold s_j = ⌊v / 2^j⌋ with bit_j = s_j − 2·s_(j+1) a bit and s = 0 on the padding rows, so
/// x = Σ_(j&lt;251) bit_j·2^j exactly, an integer below 2^251 &lt; p: the decomposition is unique, no canonical check
/// is needed. AndBit = XBit·YBit and the AND suffix unpacks to AndBit the same way, so its row-0 value is x ∧ y.</para>
/// <para><b>Memory.</b> The five cells begin + 5k + j (x, y, x∧y, x⊕y, x∨y) go through the lane's memory slot on
/// rows 0–4 of a used instance; one selector on row 0 reads the slot's address and value on the rows below (mask
/// offsets 0–4), so the values are fixed linear forms of the row-0 suffixes.</para>
/// </remarks>
internal sealed class BitwiseLane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "bitwise";
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 256;
    /// <summary>Memory cells per instance: x, y, x∧y, x⊕y, x∨y.</summary>
    public const int CellsPerInstance = 5;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;
    /// <summary>Bits of an input.</summary>
    public const int Bits = 251;

    /// <summary>Column offset: x's suffix.</summary>
    public const int XSuffix = 0;
    /// <summary>Column offset: y's suffix.</summary>
    public const int YSuffix = 1;
    /// <summary>Column offset: (x ∧ y)'s suffix.</summary>
    public const int AndSuffix = 2;
    /// <summary>Column offset: x's bit.</summary>
    public const int XBit = 3;
    /// <summary>Column offset: y's bit.</summary>
    public const int YBit = 4;
    /// <summary>Column offset: XBit·YBit.</summary>
    public const int AndBit = 5;
    /// <summary>Column offset: 1 on the rows of used instances (a prefix of the lane).</summary>
    public const int Active = 6;
    /// <summary>Column offset: the instance's first cell, begin + 5k.</summary>
    public const int Cell = 7;
    /// <summary>Column offset: Row0·Active.</summary>
    public const int Selector = 8;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = 9;
    /// <summary>Columns per lane.</summary>
    public const int Width = 11;

    /// <summary>Periodic columns (period 256): padding, row 0, cell step (5 on row 255).</summary>
    public const int PeriodicCount = 3;
    private const int Pad = 0, Row0 = 1, CellStep = 2;

    private static readonly (int Column, int Row)[] s_nextEntries =
    [
        (XSuffix, 1), (YSuffix, 1), (AndSuffix, 1), (Active, 1), (Cell, 1),
        (MemoryAddress, 1), (MemoryAddress, 2), (MemoryAddress, 3), (MemoryAddress, 4),
        (MemoryAddress + 1, 1), (MemoryAddress + 1, 2), (MemoryAddress + 1, 3), (MemoryAddress + 1, 4),
    ];

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);

    int IBuiltinLane.CellsPerInstance => CellsPerInstance;
    int IBuiltinLane.InstanceRows => InstanceRows;
    int IBuiltinLane.Width => Width;
    int IBuiltinLane.Active => Active;
    int IBuiltinLane.Cell => Cell;
    int IBuiltinLane.MemorySlots => MemorySlots;
    int IBuiltinLane.MemoryAddress(int slot) => MemoryAddress;

    /// <inheritdoc/>
    public IReadOnlyList<(int Column, int Row)> NextEntries => s_nextEntries;

    /// <summary>The periodic columns' values over one 256-row period.</summary>
    public IReadOnlyList<Felt[]> Periodic => s_periodic.Value;

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public int Capacity(int rows) => rows / InstanceRows;

    /// <inheritdoc/>
    public int MinimumRows => InstanceRows;

    /// <summary>None: the suffixes start at the instance's input cells.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow => [];

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        for (int j = Bits; j < InstanceRows; j++) p[Pad][j] = Felt.One;
        p[Row0][0] = Felt.One;
        p[CellStep][InstanceRows - 1] = (ulong)CellsPerInstance;
        return p;
    }

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"bitwise[{lane}]_";
        add(p + "x_bit", 2); add(p + "y_bit", 2); add(p + "and_bit", 2);
        add(p + "x_unpack", 2); add(p + "y_unpack", 2); add(p + "and_unpack", 2);
        add(p + "x_padding", 2); add(p + "y_padding", 2); add(p + "and_padding", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1); add(p + "selector", 2);
        for (int j = 0; j < CellsPerInstance; j++) { add($"{p}memory_address[{j}]", 2); add($"{p}memory_value[{j}]", 2); }
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        T sx = f[c + XSuffix], sy = f[c + YSuffix], sa = f[c + AndSuffix];
        T bx = f[c + XBit], by = f[c + YBit], ba = f[c + AndBit];
        T pad = per[Pad], live = one - pad;
        r[o++] = bx * (bx - one);
        r[o++] = by * (by - one);
        r[o++] = ba - bx * by;
        T sxN = f[at[0]], syN = f[at[1]], saN = f[at[2]];
        r[o++] = live * (sx - (sxN + sxN) - bx);
        r[o++] = live * (sy - (syN + syN) - by);
        r[o++] = live * (sa - (saN + saN) - ba);
        r[o++] = pad * sx;
        r[o++] = pad * sy;
        r[o++] = pad * sa;
        T act = f[c + Active], cell = f[c + Cell], sel = f[c + Selector];
        r[o++] = act * (act - one);
        r[o++] = f[at[3]] * (one - act);
        r[o++] = f[at[4]] - cell - per[CellStep];
        r[o++] = sel - per[Row0] * act;
        // Cells j = 0 … 4 on rows 0 … 4: x, y, x∧y, x⊕y = x + y − 2(x∧y), x∨y = x + y − (x∧y).
        T sum = sx + sy;
        for (int j = 0; j < CellsPerInstance; j++)
        {
            T addr = j == 0 ? f[c + MemoryAddress] : f[at[4 + j]];
            T value = j == 0 ? f[c + MemoryAddress + 1] : f[at[8 + j]];
            T expected = j switch { 0 => sx, 1 => sy, 2 => sa, 3 => sum - (sa + sa), _ => sum - sa };
            r[o++] = sel * (addr - cell - (Felt)(ulong)j);
            r[o++] = sel * (value - expected);
        }
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, rows 256·(k mod cap) …, x and y read from begin + 5k,
    /// begin + 5k + 1 (each below 2^251); unused instances take (0, 0); the memory slot holds cell begin + 5k + j on
    /// row j (j &lt; 5) of an used instance.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var result = new Felt[lanes][][];
        var values = new Felt[CellsPerInstance];
        for (int l = 0; l < lanes; l++)
        {
            Felt[][] cols = witness.NewLane(Width);
            int used = instances.UsedInLane(l, n);
            for (int pos = 0; pos < cap; pos++)
            {
                int row0 = pos * InstanceRows, k = instances.First + l * cap + pos; // k: the instance's index in the segment
                ulong cell = instances.Cell(k - instances.First);
                for (int j = 0; j < InstanceRows; j++) cols[Cell][row0 + j] = cell;
                if (pos >= used) continue; // (0, 0): every column of the computation is zero
                Felt x = witness.Read(cell, k, "bitwise input x");
                Felt y = witness.Read(cell + 1, k, "bitwise input y");
                foreach (Felt v in (ReadOnlySpan<Felt>)[x, y])
                {
                    v.ToCanonical(out _, out _, out _, out ulong top);
                    if (top >> (Bits - 192) != 0)
                        throw new CairoTraceException($"bitwise instance {k}: input {v.ToHexString()} is not below 2^{Bits}");
                }
                (Felt and, Felt xor, Felt or) = FillInstance(cols, 0, row0, x, y);
                values[0] = x; values[1] = y; values[2] = and; values[3] = xor; values[4] = or;
                for (int j = 0; j < CellsPerInstance; j++)
                {
                    if (j >= 2) witness.CheckOutput(cell + (ulong)j, values[j], $"bitwise instance {k}");
                    witness.Enter(cell + (ulong)j, values[j]);
                    cols[MemoryAddress][row0 + j] = cell + (ulong)j;
                    cols[MemoryAddress + 1][row0 + j] = values[j];
                }
                cols[Selector][row0] = Felt.One;
                for (int j = 0; j < InstanceRows; j++) cols[Active][row0 + j] = Felt.One;
            }
            result[l] = cols;
        }
        return result;
    }

    /// <summary>
    /// Writes one instance's bits of x and y (canonical values below 2^251) into rows [row0, row0 + 256) of the lane
    /// at column <paramref name="c"/> and returns (x∧y, x⊕y, x∨y).
    /// </summary>
    public static (Felt And, Felt Xor, Felt Or) FillInstance(Felt[][] cols, int c, int row0, in Felt x, in Felt y)
    {
        Span<ulong> xl = stackalloc ulong[4];
        Span<ulong> yl = stackalloc ulong[4];
        x.ToCanonical(out xl[0], out xl[1], out xl[2], out xl[3]);
        y.ToCanonical(out yl[0], out yl[1], out yl[2], out yl[3]);
        Felt sx = Felt.Zero, sy = Felt.Zero, sa = Felt.Zero;
        for (int j = InstanceRows - 1; j >= 0; j--)
        {
            int row = row0 + j;
            ulong bx = j < Bits ? (xl[j >> 6] >> (j & 63)) & 1 : 0, by = j < Bits ? (yl[j >> 6] >> (j & 63)) & 1 : 0;
            sx = sx + sx + bx;
            sy = sy + sy + by;
            sa = sa + sa + (bx & by);
            cols[c + XSuffix][row] = sx;
            cols[c + YSuffix][row] = sy;
            cols[c + AndSuffix][row] = sa;
            cols[c + XBit][row] = bx;
            cols[c + YBit][row] = by;
            cols[c + AndBit][row] = bx & by;
        }
        Felt sum = sx + sy;
        return (sa, sum - (sa + sa), sum - sa);
    }
}
