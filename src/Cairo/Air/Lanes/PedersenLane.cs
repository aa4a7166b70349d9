using Zetina.Stark.Air;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The pedersen builtin's columns: one lane of <see cref="Width"/> columns holds n/512 instances, each a
/// 512-row computation of H(x, y) = [P0 + x_low·P1 + x_high·P2 + y_low·P3 + y_high·P4].x (StarkNet's Pedersen hash,
/// <see cref="Zetina.Stark.Hashing.PedersenHash"/>; x_low the low 248 bits, x_high the top 4).
/// </summary>
/// <remarks>
/// <para><b>Rows of an instance</b> (offsets within its 512 rows): rows 0–251 process the bits of x, one per row
/// from bit 0; rows 256–507 those of y; rows 252–255 and 508–511 are padding. Row j of a half adds
/// 2^j·P1 (j &lt; 248) or 2^(j−248)·P2 (the constant points are the periodic columns qx, qy; P3, P4 for y) to the
/// accumulator (X, Y) when its bit is set. The accumulator starts at the shift point P0 on row 0 and holds the
/// hash in X from row 508 on.</para>
/// <para><b>Bit unpacking.</b> <c>Suffix</c> s_j = ⌊v / 2^j⌋ for the half's input v: s_0 = v, bit_j = s_j − 2·s_(j+1)
/// is a bit and s is 0 on the padding rows, so v = Σ_(j&lt;252) bit_j·2^j as an integer below 2^252. That integer
/// must be v's canonical value (below p = 2^251 + 17·2^192 + 1), or a prover could hash v + p instead; with bit 251
/// set this needs the rest ≤ 17·2^192: bits 197–250 zero, and if bit 196 is set, bits 193–195 zero and, if bit 192
/// is also set, bits 0–191 zero. The helper columns Top = bit_(j+55)·bit_j, HighCheck, MidCheck, Top192, LowCheck
/// (constraints below) express exactly these conditions at rows 196, 193 and 0 of each half.</para>
/// <para><b>Memory.</b> The instance's cells begin + 3k + {0, 1, 2} enter the memory argument through the lane's
/// memory slot on rows 0 (x), 256 (y) and 508 (the hash) of an active instance; on every other row the slot is
/// free (the trace builder puts public-memory dummies, address holes or fillers there). <c>Active</c> is 1 on the
/// used instances (a prefix of the lane; boundary assertions pin where it ends) and <c>Cell</c> runs through the
/// instance's addresses.</para>
/// </remarks>
internal sealed class PedersenLane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "pedersen";
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 512;
    /// <summary>Memory cells per instance: x, y, H(x, y).</summary>
    public const int CellsPerInstance = 3;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;
    /// <summary>Row (within an instance) whose memory slot holds the hash.</summary>
    public const int OutputRow = 508;

    /// <summary>Column offset: s, the input's bits from the current row up.</summary>
    public const int Suffix = 0;
    /// <summary>Column offset: this row's bit, s − 2·s'.</summary>
    public const int Bit = 1;
    /// <summary>Column offset: accumulator x.</summary>
    public const int X = 2;
    /// <summary>Column offset: accumulator y.</summary>
    public const int Y = 3;
    /// <summary>Column offset: the slope of this row's addition (0 when the bit is 0).</summary>
    public const int Slope = 4;
    /// <summary>Column offset: bit[+55]·bit (at row 196: bit_251·bit_196).</summary>
    public const int Top = 5;
    /// <summary>Column offset: bit[+55]·(s[+1] − 2^54) (zero at row 196: bits 197–250 clear when bit 251 is set).</summary>
    public const int HighCheck = 6;
    /// <summary>Column offset: Top[+3]·(s − 2^58 − 8) (zero at row 193: bits 193–195 clear when bits 251, 196 are set).</summary>
    public const int MidCheck = 7;
    /// <summary>Column offset: Top[+4]·bit (at row 192: bit_251·bit_196·bit_192).</summary>
    public const int Top192 = 8;
    /// <summary>Column offset: Top192[+192]·(s − 2^192·s[+192]) (zero at row 0: bits 0–191 clear when bits 251, 196, 192 are set).</summary>
    public const int LowCheck = 9;
    /// <summary>Column offset: 1 on the rows of used instances (a prefix of the lane).</summary>
    public const int Active = 10;
    /// <summary>Column offset: the address of the cell the instance reads or writes next (begin + 3k + 0, 1, 2).</summary>
    public const int Cell = 11;
    /// <summary>Column offset: RowIsInput·Active (rows 0 and 256 of a used instance).</summary>
    public const int InputSelector = 12;
    /// <summary>Column offset: RowIsOutput·Active (row 508 of a used instance).</summary>
    public const int OutputSelector = 13;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = 14;
    /// <summary>Columns per lane.</summary>
    public const int Width = 16;

    /// <summary>Periodic columns (period 512): qx, qy, padding, period end, input row, output row, cell step, row 196, row 193.</summary>
    public const int PeriodicCount = 9;
    private const int Qx = 0, Qy = 1, Pad = 2, End = 3, InputRow = 4, OutRow = 5, CellStep = 6, Row196 = 7, Row193 = 8;

    private static readonly (int Column, int Row)[] s_nextEntries =
        [(Suffix, 1), (X, 1), (Y, 1), (Active, 1), (Cell, 1), (Bit, 55), (Top, 3), (Top, 4), (Top192, 192), (Suffix, 192)];

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);
    private static readonly Felt s_two54 = Pow2(54);
    private static readonly Felt s_shiftX = ConstantPoints.ShiftPoint.X;
    private static readonly Felt s_shiftY = ConstantPoints.ShiftPoint.Y;
    private static readonly Felt s_two58p8 = Pow2(58) + 8UL;
    private static readonly Felt s_two192 = Pow2(192);

    int IBuiltinLane.CellsPerInstance => CellsPerInstance;
    int IBuiltinLane.InstanceRows => InstanceRows;
    int IBuiltinLane.Width => Width;
    int IBuiltinLane.Active => Active;
    int IBuiltinLane.Cell => Cell;
    int IBuiltinLane.MemorySlots => MemorySlots;
    int IBuiltinLane.MemoryAddress(int slot) => MemoryAddress;

    /// <inheritdoc/>
    public IReadOnlyList<(int Column, int Row)> NextEntries => s_nextEntries;

    /// <summary>The periodic columns' values over one 512-row period.</summary>
    public IReadOnlyList<Felt[]> Periodic => s_periodic.Value;

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public int Capacity(int rows) => rows / InstanceRows;

    /// <inheritdoc/>
    public int MinimumRows => InstanceRows;

    /// <summary>Every instance's accumulator starts at the shift point P0 (lane row 0 here, the previous instance's end below).</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow { get; } =
        [(X, ConstantPoints.ShiftPoint.X, "shift_x_first"), (Y, ConstantPoints.ShiftPoint.Y, "shift_y_first")];

    private static Felt Pow2(int e) => Felt.FromUInt64(2).Pow((ulong)e);

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        EcPoint[] bases = [ConstantPoints.P1, ConstantPoints.P2, ConstantPoints.P3, ConstantPoints.P4];
        for (int half = 0; half < 2; half++)
        {
            // Row j adds 2^j·P_low (j < 248) or 2^(j−248)·P_high; the doublings share one inversion.
            EcPoint[] low = StarkCurve.Doublings(bases[2 * half], 248);
            EcPoint[] high = StarkCurve.Doublings(bases[2 * half + 1], 4);
            for (int j = 0; j < 256; j++)
            {
                int row = 256 * half + j;
                if (j < 252)
                {
                    EcPoint q = j < 248 ? low[j] : high[j - 248];
                    p[Qx][row] = q.X;
                    p[Qy][row] = q.Y;
                }
                else p[Pad][row] = Felt.One;
            }
            p[InputRow][256 * half] = Felt.One;
            p[Row196][256 * half + 196] = Felt.One;
            p[Row193][256 * half + 193] = Felt.One;
        }
        p[End][InstanceRows - 1] = Felt.One;
        p[OutRow][OutputRow] = Felt.One;
        p[CellStep][255] = Felt.One;
        p[CellStep][OutputRow - 1] = Felt.One;
        p[CellStep][InstanceRows - 1] = Felt.One;
        return p;
    }

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"pedersen[{lane}]_";
        add(p + "bit", 2); add(p + "unpack", 2); add(p + "padding_bit", 2); add(p + "padding_suffix", 2);
        add(p + "top", 2); add(p + "high_check", 2); add(p + "canonical_high", 2);
        add(p + "mid_check", 2); add(p + "canonical_mid", 2);
        add(p + "top192", 2); add(p + "low_check", 2); add(p + "canonical_low", 2);
        add(p + "slope", 2); add(p + "add_x", 2); add(p + "add_y", 2); add(p + "copy_x", 2); add(p + "copy_y", 2);
        add(p + "shift_x", 2); add(p + "shift_y", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1);
        add(p + "input_selector", 2); add(p + "output_selector", 2);
        add(p + "memory_address", 2); add(p + "memory_input", 2); add(p + "memory_output", 2);
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        T s = f[c + Suffix], sN = f[at[0]], b = f[c + Bit], ax = f[c + X], axN = f[at[1]], ay = f[c + Y], ayN = f[at[2]];
        T lam = f[c + Slope], top = f[c + Top], top192 = f[c + Top192];
        T act = f[c + Active], actN = f[at[3]], cell = f[c + Cell], cellN = f[at[4]];
        T mIn = f[c + InputSelector], mOut = f[c + OutputSelector], ma = f[c + MemoryAddress], mv = f[c + MemoryAddress + 1];
        T b55 = f[at[5]], top3 = f[at[6]], top4 = f[at[7]], top192At192 = f[at[8]], s192 = f[at[9]];
        T qx = per[Qx], qy = per[Qy], pad = per[Pad], end = per[End];

        // bit = s − 2·s' is a bit on the 252 bit rows; on padding rows the bit and s are 0.
        r[o++] = b * (b - one);
        r[o++] = (one - pad) * (s - (sN + sN) - b);
        r[o++] = pad * b;
        r[o++] = pad * s;
        // Canonical range (input < p), at rows 196, 193 and 0 of each half.
        r[o++] = top - b55 * b;
        T high = f[c + HighCheck];
        r[o++] = high - b55 * (sN - s_two54);
        r[o++] = per[Row196] * high;
        T mid = f[c + MidCheck];
        r[o++] = mid - top3 * (s - s_two58p8);
        r[o++] = per[Row193] * mid;
        r[o++] = top192 - top4 * b;
        T low = f[c + LowCheck];
        r[o++] = low - top192At192 * (s - s_two192 * s192);
        r[o++] = per[InputRow] * low;
        // Conditional addition of Q = (qx, qy): with the bit set, (X', Y') = (X, Y) + Q by the slope λ.
        r[o++] = b * (ay - qy) - lam * (ax - qx);
        r[o++] = lam * lam - b * (ax + qx + axN);
        r[o++] = b * (ay + ayN) - lam * (ax - axN);
        // Without it the accumulator is copied — except from the last row of an instance to the next instance's first.
        T keep = one - b - end;
        r[o++] = keep * (axN - ax);
        r[o++] = keep * (ayN - ay);
        r[o++] = end * (axN - s_shiftX);
        r[o++] = end * (ayN - s_shiftY);
        // Used instances: a prefix of the lane; their cells run begin + 3k + j; selectors bind the memory slot.
        r[o++] = act * (act - one);
        r[o++] = actN * (one - act);
        r[o++] = cellN - cell - per[CellStep];
        r[o++] = mIn - per[InputRow] * act;
        r[o++] = mOut - per[OutRow] * act;
        r[o++] = (mIn + mOut) * (ma - cell);
        r[o++] = mIn * (mv - s);
        r[o++] = mOut * (mv - ax);
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, rows 512·(k mod cap) …, reading x, y from begin + 3k,
    /// begin + 3k + 1; unused instances hash (0, 0); the memory slot holds (cell, value) on an used instance's rows 0,
    /// 256, 508 and is left zero (free) elsewhere.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var result = new Felt[lanes][][];
        if (lanes == 0) return result;
        var template = new Felt[Width][];
        for (int c = 0; c < template.Length; c++) template[c] = new Felt[InstanceRows];
        FillInstance(template, 0, 0, Felt.Zero, Felt.Zero);
        for (int l = 0; l < lanes; l++)
        {
            Felt[][] cols = witness.NewLane(Width);
            int used = instances.UsedInLane(l, n);
            for (int pos = 0; pos < cap; pos++)
            {
                int row0 = pos * InstanceRows, k = instances.First + l * cap + pos; // k: the instance's index in the segment
                ulong cell = instances.Cell(k - instances.First);
                if (pos < used)
                {
                    Felt x = witness.Read(cell, k, "pedersen input x");
                    Felt y = witness.Read(cell + 1, k, "pedersen input y");
                    Felt h = FillInstance(cols, 0, row0, x, y);
                    witness.CheckOutput(cell + 2, h, $"pedersen instance {k}");
                    witness.Enter(cell, x); witness.Enter(cell + 1, y); witness.Enter(cell + 2, h);
                }
                else
                    for (int c = 0; c <= Slope; c++) Array.Copy(template[c], 0, cols[c], row0, InstanceRows);
                for (int j = 0; j < InstanceRows; j++)
                {
                    int row = row0 + j;
                    ulong at = cell + (j >= 256 ? 1UL : 0) + (j >= OutputRow ? 1UL : 0);
                    cols[Cell][row] = at;
                    if (pos >= used) continue;
                    cols[Active][row] = Felt.One;
                    bool input = j is 0 or 256, output = j == OutputRow;
                    if (!input && !output) continue;
                    cols[input ? InputSelector : OutputSelector][row] = Felt.One;
                    cols[MemoryAddress][row] = at;
                    cols[MemoryAddress + 1][row] = input ? cols[Suffix][row] : cols[X][row];
                }
            }
            FillHelpers(cols, 0, n);
            result[l] = cols;
        }
        return result;
    }

    /// <summary>
    /// Writes one instance's computation of H(x, y) into rows [row0, row0 + 512) of the lane at column
    /// <paramref name="c"/> (suffix, bit, accumulator, slope; the helper columns come from <see cref="FillHelpers"/>)
    /// and returns the hash. Throws <see cref="CairoTraceException"/> in the (negligible-probability) event that an
    /// addition meets equal x-coordinates.
    /// </summary>
    public static Felt FillInstance(Felt[][] cols, int c, int row0, in Felt x, in Felt y)
    {
        Span<ulong> limbs = stackalloc ulong[8];
        x.ToCanonical(out limbs[0], out limbs[1], out limbs[2], out limbs[3]);
        y.ToCanonical(out limbs[4], out limbs[5], out limbs[6], out limbs[7]);
        return FillInstanceBits(cols, c, row0, limbs);
    }

    /// <summary>
    /// <see cref="FillInstance"/> from the inputs' 252-bit patterns (x in limbs 0–3, y in 4–7, little-endian), which
    /// need not be canonical: tests use it to show that a pattern ≥ p violates the canonical-range constraints.
    /// </summary>
    internal static Felt FillInstanceBits(Felt[][] cols, int c, int row0, ReadOnlySpan<ulong> inputs)
    {
        IReadOnlyList<Felt[]> per = s_periodic.Value;
        EcPoint shift = ConstantPoints.ShiftPoint;
        Felt ax = shift.X, ay = shift.Y;
        for (int half = 0; half < 2; half++)
        {
            ReadOnlySpan<ulong> limbs = inputs.Slice(4 * half, 4);
            // s_j from the top down: s_252 = 0, s_j = 2·s_(j+1) + bit_j.
            Felt suffix = Felt.Zero;
            for (int j = 255; j >= 0; j--)
            {
                int row = row0 + 256 * half + j;
                ulong bit = j < 252 ? (limbs[j >> 6] >> (j & 63)) & 1 : 0;
                suffix = suffix + suffix + bit;
                cols[c + Suffix][row] = suffix;
                cols[c + Bit][row] = bit;
            }
            for (int j = 0; j < 256; j++)
            {
                int row = row0 + 256 * half + j, p = 256 * half + j;
                cols[c + X][row] = ax;
                cols[c + Y][row] = ay;
                if (cols[c + Bit][row].IsZero) { cols[c + Slope][row] = Felt.Zero; continue; }
                Felt qx = per[Qx][p], qy = per[Qy][p];
                if (ax == qx) throw new CairoTraceException("pedersen: an addition met equal x-coordinates (a discrete-log relation among the constant points)");
                Felt lam = (ay - qy) * (ax - qx).Inverse();
                Felt nx = lam * lam - ax - qx;
                ay = lam * (ax - nx) - ay;
                ax = nx;
                cols[c + Slope][row] = lam;
            }
        }
        return ax;
    }

    /// <summary>Fills the helper columns of the canonical-range check from the bits and suffixes of all n rows.</summary>
    public static void FillHelpers(Felt[][] cols, int c, int n)
    {
        Felt[] s = cols[c + Suffix], b = cols[c + Bit], top = cols[c + Top], top192 = cols[c + Top192];
        for (int i = 0; i < n; i++) top[i] = b[(i + 55) % n] * b[i];
        for (int i = 0; i < n; i++)
        {
            cols[c + HighCheck][i] = b[(i + 55) % n] * (s[(i + 1) % n] - s_two54);
            cols[c + MidCheck][i] = top[(i + 3) % n] * (s[i] - s_two58p8);
            top192[i] = top[(i + 4) % n] * b[i];
        }
        for (int i = 0; i < n; i++) cols[c + LowCheck][i] = top192[(i + 192) % n] * (s[i] - s_two192 * s[(i + 192) % n]);
    }
}
