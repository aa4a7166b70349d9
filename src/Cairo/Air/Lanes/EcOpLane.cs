using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The ec_op builtin's columns: one lane of <see cref="Width"/> columns holds n/256 instances, one per 256-row block.
/// An instance's cells p_x, p_y, q_x, q_y, m, r_x, r_y (begin + 7k + j) satisfy R = P + m·Q on the STARK curve
/// y² = x³ + x + β with P and Q on the curve (cairo-lang's <c>EcOpBuiltinRunner</c>; our VM's
/// <see cref="Builtins.EcOpBuiltinRunner"/>).
/// </summary>
/// <remarks>
/// <para><b>Rows of a block.</b> Row j &lt; 252 holds bit j of m (suffix s_j = Σ_(i≥j) bit_i·2^(i−j), so s_0 = m as an
/// integer below 2^252, checked below p like pedersen's inputs), D = 2^j·Q (doubled in columns) and the accumulator
/// A_j = P + (m mod 2^j)·Q; rows 252–255 are padding, where A stays R = P + m·Q.</para>
/// <para><b>No discrete-log assumption:</b> every row proves A.x ≠ D.x by an inverse column ((A.x − D.x)·Inv = 1),
/// so each addition is the curve's group law; A and D are on the curve on every row (through the squares Axx, Dxx),
/// which puts P and Q on it. Requiring it on every row, not only where a bit is set, is cairo-lang's
/// <c>ec_op_impl</c>, which refuses an instance whose 256 rounds meet equal x-coordinates at any round.</para>
/// <para><b>Memory.</b> One selector on row 0 (row0·active) reads the lane's memory slot on rows 0–6 through mask
/// offsets: (cell + j, e_j) with e = (A.x, A.y, D.x, D.y, s, A.x[+255], A.y[+255]).</para>
/// </remarks>
internal sealed class EcOpLane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "ec_op";
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 256;
    /// <summary>Memory cells per instance: p_x, p_y, q_x, q_y, m, r_x, r_y.</summary>
    public const int CellsPerInstance = 7;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;
    /// <summary>Bits of the scalar (every field element is below 2^252).</summary>
    public const int Bits = 252;

    /// <summary>Column offsets: the scalar's suffix and bit.</summary>
    public const int Suffix = 0, Bit = 1;
    /// <summary>Column offsets: the canonical-range helpers, as in <see cref="PedersenLane"/>.</summary>
    public const int Top = 2, HighCheck = 3, MidCheck = 4, Top192 = 5, LowCheck = 6;
    /// <summary>Column offsets: the accumulator A, its x², the addition's slope and the x-difference's inverse.</summary>
    public const int Ax = 7, Ay = 8, Axx = 9, Slope = 10, Inv = 11;
    /// <summary>Column offsets: the doubled point D = 2^j·Q, its x², the doubling slope μ and 2D.</summary>
    public const int Dx = 12, Dy = 13, Dxx = 14, Mu = 15, Nx = 16, Ny = 17;
    /// <summary>Column offset: 1 on the blocks of used instances (a prefix of the lane).</summary>
    public const int Active = 18;
    /// <summary>Column offset: the instance's first cell, begin + 7k.</summary>
    public const int Cell = 19;
    /// <summary>Column offset: Row0·Active.</summary>
    public const int Selector = 20;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = 21;
    /// <summary>Columns per lane.</summary>
    public const int Width = 23;

    /// <summary>Periodic columns (period 256): padding, block end, row 0, cell step, row 196, row 193.</summary>
    public const int PeriodicCount = 6;
    private const int Pad = 0, End = 1, Row0 = 2, CellStep = 3, Row196 = 4, Row193 = 5;

    // Frame indices of the next entries: 0–6 next row, 7–11 the canonical check, 12–13 R, 14–25 the memory slot.
    private const int NextMemory = 14;
    private static readonly (int Column, int Row)[] s_nextEntries = BuildNextEntries();

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);
    private static readonly Felt s_three = 3UL, s_two54 = Pow2(54), s_two58Plus8 = Pow2(58) + 8UL, s_two192 = Pow2(192);

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

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows: one per block.</summary>
    public int Capacity(int rows) => rows / InstanceRows;

    /// <inheritdoc/>
    public int MinimumRows => InstanceRows;

    /// <summary>None: each block's accumulator starts at its own P, bound to memory.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow => [];

    private static Felt Pow2(int k) => Felt.FromBigInteger(BigInteger.One << k);

    private static (int Column, int Row)[] BuildNextEntries()
    {
        var e = new List<(int, int)>
        {
            (Suffix, 1), (Ax, 1), (Ay, 1), (Dx, 1), (Dy, 1), (Active, 1), (Cell, 1),
            (Bit, 55), (Top, 3), (Top, 4), (Top192, 192), (Suffix, 192),
            (Ax, InstanceRows - 1), (Ay, InstanceRows - 1),
        };
        for (int j = 1; j < CellsPerInstance; j++) { e.Add((MemoryAddress, j)); e.Add((MemoryAddress + 1, j)); }
        return [.. e];
    }

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        for (int j = Bits; j < InstanceRows; j++) p[Pad][j] = Felt.One;
        p[End][InstanceRows - 1] = Felt.One;
        p[Row0][0] = Felt.One;
        p[CellStep][InstanceRows - 1] = (ulong)CellsPerInstance;
        p[Row196][196] = Felt.One;
        p[Row193][193] = Felt.One;
        return p;
    }

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"ec_op[{lane}]_";
        foreach (string c in (ReadOnlySpan<string>)
            ["bit", "unpack", "padding_suffix", "padding_bit",
             "top", "high_check", "canonical_high", "mid_check", "canonical_mid", "top192", "low_check", "canonical_low",
             "p_square", "p_on_curve", "x_differ", "slope", "add_x", "add_y", "copy_x", "copy_y",
             "q_square", "q_on_curve", "double_slope", "double_x", "double_y", "next_x", "next_y",
             "active_bit", "active_prefix"])
            add(p + c, 2);
        add(p + "cell_step", 1);
        add(p + "selector", 2);
        for (int j = 0; j < CellsPerInstance; j++) add(p + $"memory_address[{j}]", 2);
        for (int j = 0; j < CellsPerInstance; j++) add(p + $"memory_value[{j}]", 2);
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One, pad = per[Pad], end = per[End];
        T s = f[c + Suffix], b = f[c + Bit], sN = f[at[0]];
        // The scalar: bits, s_j = 2·s_(j+1) + bit_j on rows 0–251, s and bits zero on padding rows, so s_0 = Σ bit_j·2^j.
        r[o++] = b * (b - one);
        r[o++] = (one - pad) * (s - (sN + sN) - b);
        r[o++] = pad * s;
        r[o++] = pad * b;
        // Canonical range (s_0 < p), at rows 196, 193 and 0: PedersenLane's check on one 252-bit input.
        T b55 = f[at[7]], top3 = f[at[8]], top4 = f[at[9]], top192At192 = f[at[10]], s192 = f[at[11]];
        T top = f[c + Top], high = f[c + HighCheck], mid = f[c + MidCheck], top192 = f[c + Top192], low = f[c + LowCheck];
        r[o++] = top - b55 * b;
        r[o++] = high - b55 * (sN - s_two54);
        r[o++] = per[Row196] * high;
        r[o++] = mid - top3 * (s - s_two58Plus8);
        r[o++] = per[Row193] * mid;
        r[o++] = top192 - top4 * b;
        r[o++] = low - top192At192 * (s - s_two192 * s192);
        r[o++] = per[Row0] * low;
        // The accumulator: on the curve on every row; A.x ≠ D.x on every row, proved by an inverse (cairo-lang's
        // ec_op_impl refuses equal x at any of its 256 rounds); A' = A + bit·D; kept on
        // bit 0 rows; free after the block's last row (the next block starts at its own P).
        T ax = f[c + Ax], ay = f[c + Ay], axx = f[c + Axx], lam = f[c + Slope], axN = f[at[1]], ayN = f[at[2]];
        T dx = f[c + Dx], dy = f[c + Dy], dxx = f[c + Dxx];
        r[o++] = axx - ax * ax;
        r[o++] = ay * ay - (axx * ax + ax + StarkCurve.Beta);
        r[o++] = (ax - dx) * f[c + Inv] - one;
        r[o++] = lam * (ax - dx) - b * (ay - dy);
        r[o++] = lam * lam - b * (ax + dx + axN);
        r[o++] = b * (ay + ayN) - lam * (ax - axN);
        T keep = one - b - end;
        r[o++] = keep * (axN - ax);
        r[o++] = keep * (ayN - ay);
        // The doubled point: on the curve on every row; D' = 2D within the block (μ·2Dy = 3Dx² + 1, α = 1).
        T mu = f[c + Mu], nx = f[c + Nx], ny = f[c + Ny];
        r[o++] = dxx - dx * dx;
        r[o++] = dy * dy - (dxx * dx + dx + StarkCurve.Beta);
        r[o++] = mu * (dy + dy) - (s_three * dxx + one);
        r[o++] = nx - (mu * mu - (dx + dx));
        r[o++] = ny - (mu * (dx - nx) - dy);
        T next = one - end;
        r[o++] = next * (f[at[3]] - nx);
        r[o++] = next * (f[at[4]] - ny);
        // Used instances and their cells: (cell + j, e_j) on row j of the block, read from row 0.
        T act = f[c + Active], cell = f[c + Cell], sel = f[c + Selector];
        r[o++] = act * (act - one);
        r[o++] = f[at[5]] * (one - act);
        r[o++] = f[at[6]] - cell - per[CellStep];
        r[o++] = sel - per[Row0] * act;
        r[o++] = sel * (f[c + MemoryAddress] - cell);
        for (int j = 1; j < CellsPerInstance; j++) r[o++] = sel * (f[at[NextMemory + 2 * (j - 1)]] - cell - (Felt)(ulong)j);
        r[o++] = sel * (f[c + MemoryAddress + 1] - ax);
        r[o++] = sel * (f[at[NextMemory + 1]] - ay);
        r[o++] = sel * (f[at[NextMemory + 3]] - dx);
        r[o++] = sel * (f[at[NextMemory + 5]] - dy);
        r[o++] = sel * (f[at[NextMemory + 7]] - s);
        r[o++] = sel * (f[at[NextMemory + 9]] - f[at[12]]);
        r[o++] = sel * (f[at[NextMemory + 11]] - f[at[13]]);
    }

    /// <summary>An instance's inputs: P, Q and the scalar m (canonical, below p).</summary>
    public readonly record struct Instance(EcPoint P, EcPoint Q, BigInteger M);

    /// <summary>
    /// The instance unused blocks compute: P = G, Q = 2G, m = 0 (no addition; A = G and D_j = 2^(j+1)·G never share
    /// an x-coordinate, which <see cref="FillBlock"/> checks on every row).
    /// </summary>
    public static Instance Dummy => new(StarkCurve.Generator, StarkCurve.Double(StarkCurve.Generator), BigInteger.Zero);

    /// <summary>
    /// The instance of cells (p_x, p_y, q_x, q_y, m); throws <see cref="CairoTraceException"/> naming
    /// <paramref name="what"/> when P or Q is off the curve.
    /// </summary>
    public static Instance Make(in Felt px, in Felt py, in Felt qx, in Felt qy, in Felt m, string what)
    {
        var p = new EcPoint(px, py);
        var q = new EcPoint(qx, qy);
        if (!StarkCurve.IsOnCurve(p)) throw new CairoTraceException($"{what}: point P ({px.ToHexString()}, {py.ToHexString()}) is not on the curve");
        if (!StarkCurve.IsOnCurve(q)) throw new CairoTraceException($"{what}: point Q ({qx.ToHexString()}, {qy.ToHexString()}) is not on the curve");
        return new Instance(p, q, m.ToBigInteger());
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, block k mod cap, its cells read from begin + 7k + j; the
    /// outputs checked against memory where it holds them; unused blocks compute <see cref="Dummy"/> with their memory
    /// slots free. Throws <see cref="CairoTraceException"/> naming the instance when a cell is missing, a point is off
    /// the curve, or a row meets equal x-coordinates.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var result = new Felt[lanes][][];
        if (lanes == 0) return result;
        // Every unused block is the same: computed once, then copied.
        var template = new Felt[Width][];
        for (int c = 0; c < template.Length; c++) template[c] = new Felt[InstanceRows];
        FillBlock(template, 0, 0, Dummy, "ec_op dummy instance");
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
                if (pos >= used)
                {
                    for (int c = 0; c < Active; c++) Array.Copy(template[c], 0, cols[c], row0, InstanceRows);
                    continue;
                }
                string what = $"ec_op instance {k}";
                string[] names = ["p_x", "p_y", "q_x", "q_y", "m"];
                for (int j = 0; j < names.Length; j++) values[j] = witness.Read(cell + (ulong)j, k, "ec_op " + names[j]);
                Instance inst = Make(values[0], values[1], values[2], values[3], values[4], what);
                EcPoint rp = FillBlock(cols, 0, row0, inst, what);
                values[5] = rp.X; values[6] = rp.Y;
                for (int j = 0; j < CellsPerInstance; j++)
                {
                    if (j >= 5) witness.CheckOutput(cell + (ulong)j, values[j], what);
                    witness.Enter(cell + (ulong)j, values[j]);
                    cols[MemoryAddress][row0 + j] = cell + (ulong)j;
                    cols[MemoryAddress + 1][row0 + j] = values[j];
                }
                cols[Selector][row0] = Felt.One;
                for (int j = 0; j < InstanceRows; j++) cols[Active][row0 + j] = Felt.One;
            }
            FillHelpers(cols, 0, n);
            result[l] = cols;
        }
        return result;
    }

    /// <summary>
    /// Writes one instance's computation into rows [row0, row0 + 256) at column <paramref name="c"/> (all columns
    /// before <see cref="Active"/> but the canonical-range helpers, which <see cref="FillHelpers"/> writes over the
    /// whole lane) and returns R = P + m·Q. The scalar's bits are written as given: a value ≥ p (a non-canonical
    /// pattern, which tests use) is written too. Throws <see cref="CairoTraceException"/> naming <paramref name="what"/>
    /// when a row meets equal x-coordinates of A and D, whether or not its bit is set (the lane proves A.x ≠ D.x on
    /// every row, as cairo-lang's <c>ec_op_impl</c> asserts on every round).
    /// </summary>
    public static EcPoint FillBlock(Felt[][] cols, int c, int row0, in Instance inst, string what)
    {
        Felt suffix = Felt.Zero;
        for (int j = InstanceRows - 1; j >= 0; j--)
        {
            ulong bit = j < Bits && !(inst.M >> j).IsEven ? 1UL : 0UL;
            suffix = suffix + suffix + bit;
            cols[c + Suffix][row0 + j] = suffix;
            cols[c + Bit][row0 + j] = bit;
        }
        Felt ax = inst.P.X, ay = inst.P.Y;
        EcPoint d = inst.Q;
        for (int j = 0; j < InstanceRows; j++)
        {
            int row = row0 + j;
            Felt dx = d.X, dy = d.Y;
            Felt mu = (s_three * dx * dx + Felt.One) * (dy + dy).Inverse();
            Felt nx = mu * mu - (dx + dx);
            Felt ny = mu * (dx - nx) - dy;
            cols[c + Dx][row] = dx; cols[c + Dy][row] = dy; cols[c + Dxx][row] = dx * dx;
            cols[c + Mu][row] = mu; cols[c + Nx][row] = nx; cols[c + Ny][row] = ny;
            d = new EcPoint(nx, ny);
            cols[c + Ax][row] = ax; cols[c + Ay][row] = ay; cols[c + Axx][row] = ax * ax;
            if (ax == dx) throw new CairoTraceException($"{what}: the computation meets equal x-coordinates at bit {j} (cairo-lang's ec_op refuses it), which the ec_op lane cannot prove");
            Felt inv = (ax - dx).Inverse();
            cols[c + Inv][row] = inv;
            if (cols[c + Bit][row].IsZero) continue;
            Felt lam = (ay - dy) * inv;
            Felt nax = lam * lam - ax - dx;
            ay = lam * (ax - nax) - ay;
            ax = nax;
            cols[c + Slope][row] = lam;
        }
        return new EcPoint(ax, ay);
    }

    /// <summary>Fills the canonical-range helper columns from the bits and suffixes of all n rows (as PedersenLane).</summary>
    public static void FillHelpers(Felt[][] cols, int c, int n)
    {
        Felt[] s = cols[c + Suffix], b = cols[c + Bit], top = cols[c + Top], top192 = cols[c + Top192];
        for (int i = 0; i < n; i++) top[i] = b[(i + 55) % n] * b[i];
        for (int i = 0; i < n; i++)
        {
            cols[c + HighCheck][i] = b[(i + 55) % n] * (s[(i + 1) % n] - s_two54);
            cols[c + MidCheck][i] = top[(i + 3) % n] * (s[i] - s_two58Plus8);
            top192[i] = top[(i + 4) % n] * b[i];
        }
        for (int i = 0; i < n; i++) cols[c + LowCheck][i] = top192[(i + 192) % n] * (s[i] - s_two192 * s[(i + 192) % n]);
    }
}
