using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The ecdsa builtin's columns: one lane of <see cref="Width"/> columns holds n/256 − 1 instances. An instance
/// (cells pubkey.x, message z; private r and w = s⁻¹ mod the curve order) is valid when r, w, z &lt; 2^251 and the
/// x-coordinate of w·(z·G + r·Q) is r for a curve point Q with x = pubkey.x (either sign, as the builtin accepts).
/// </summary>
/// <remarks>
/// <para><b>Three scalar multiplications</b>, each down a 256-row block, one bit per row (rows 0–250; 251–255 padding),
/// in three column groups: (1) S + z·G with the doublings of G as periodic columns; (2) −S + r·Q with Q's doublings in
/// columns (Q on the curve: Qy² = Qx·Qxx + Qx + β); at the block's last row A = (S + zG) + (−S + rQ) = zG + rQ;
/// (3) in the <b>next</b> block, S + w·A with A's doublings in columns; at that block's last row B = (S + wA) − S and
/// the instance's first row checks B.x = r through a mask offset of 511 rows. S is the Pedersen shift point. So the
/// last block of a lane holds no instance.</para>
/// <para><b>No discrete-log assumption:</b> every addition with its bit set proves its x-coordinates differ by an
/// inverse column ((X − Dx)·Inv = bit), and the two combining additions likewise, so each addition is the curve's.</para>
/// <para><b>Memory.</b> Cells begin + 2k (pubkey.x = Qx on row 0) and begin + 2k + 1 (z on row 0) go through the
/// lane's memory slot on rows 0 and 1 of a used instance's block, one selector on row 0 reading both.</para>
/// </remarks>
internal sealed class EcdsaLane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "ecdsa";
    /// <summary>Rows per block (one instance per block, its last multiplication in the next block).</summary>
    public const int InstanceRows = 256;
    /// <summary>Memory cells per instance: pubkey.x, message.</summary>
    public const int CellsPerInstance = 2;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;
    /// <summary>Bits of each scalar.</summary>
    public const int Bits = 251;

    // Multiplication 1 (z·G, fixed base).
    internal const int Z = 0, ZBit = 1, A1x = 2, A1y = 3, L1 = 4, I1 = 5;
    // Multiplication 2 (r·Q).
    internal const int R = 6, RBit = 7, Qx = 8, Qy = 9, M2 = 10, N2x = 11, N2y = 12, Qxx = 13, A2x = 14, A2y = 15, L2 = 16, I2 = 17;
    // Multiplication 3 (w·A, the previous block's instance).
    internal const int W = 18, WBit = 19, D3x = 20, D3y = 21, M3 = 22, N3x = 23, N3y = 24, A3x = 25, A3y = 26, L3 = 27, I3 = 28;
    // A = R1 + R2 at the block's last row; B = R3 − S there.
    internal const int Gap = 29, GapInv = 30, Nu = 31, Ax = 32, Ay = 33, Hgap = 34, HgapInv = 35, Rho = 36, Bx = 37;
    /// <summary>Column offset: 1 on the blocks of used instances (a prefix of the lane).</summary>
    public const int Active = 38;
    /// <summary>Column offset: the instance's first cell, begin + 2k.</summary>
    public const int Cell = 39;
    /// <summary>Column offset: Row0·Active.</summary>
    public const int Selector = 40;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = 41;
    /// <summary>Columns per lane.</summary>
    public const int Width = 43;

    /// <summary>Periodic columns (period 256): padding, block end, row 0, cell step, 2^j·G (x, y).</summary>
    public const int PeriodicCount = 6;
    private const int Pad = 0, End = 1, Row0 = 2, CellStep = 3, Gx = 4, Gy = 5;

    private static readonly (int Column, int Row)[] s_nextEntries =
    [
        (Z, 1), (R, 1), (W, 1), (A1x, 1), (A1y, 1), (A2x, 1), (A2y, 1), (A3x, 1), (A3y, 1),
        (Qx, 1), (Qy, 1), (D3x, 1), (D3y, 1), (Active, 1), (Cell, 1), (MemoryAddress, 1), (MemoryAddress + 1, 1), (Bx, 2 * InstanceRows - 1),
    ];

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);
    private static readonly Felt s_sx = ConstantPoints.ShiftPoint.X, s_sy = ConstantPoints.ShiftPoint.Y;
    private static readonly Felt s_three = 3UL;

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

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows (its last block holds none).</summary>
    public int Capacity(int rows) => Math.Max(0, rows / InstanceRows - 1);

    /// <summary>Two blocks: an instance's last multiplication runs in the next block.</summary>
    public int MinimumRows => 2 * InstanceRows;

    /// <summary>The three accumulators start at S, −S, S on the lane's row 0.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow { get; } =
    [
        (A1x, s_sx, "zg_start_x"), (A1y, s_sy, "zg_start_y"), (A2x, s_sx, "rq_start_x"), (A2y, -s_sy, "rq_start_y"),
        (A3x, s_sx, "wa_start_x"), (A3y, s_sy, "wa_start_y"),
    ];

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        EcPoint g = StarkCurve.Generator;
        for (int j = 0; j < InstanceRows; j++)
        {
            if (j < Bits)
            {
                p[Gx][j] = g.X;
                p[Gy][j] = g.Y;
                g = StarkCurve.Double(g);
            }
            else p[Pad][j] = Felt.One;
        }
        p[End][InstanceRows - 1] = Felt.One;
        p[Row0][0] = Felt.One;
        p[CellStep][InstanceRows - 1] = (ulong)CellsPerInstance;
        return p;
    }

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"ecdsa[{lane}]_";
        foreach (string m in (ReadOnlySpan<string>)["zg_", "rq_", "wa_"])
        {
            foreach (string c in (ReadOnlySpan<string>)["bit", "unpack", "padding_scalar", "padding_bit", "x_differ", "slope", "add_x", "add_y", "copy_x", "copy_y", "start_x", "start_y"])
                add(p + m + c, 2);
            if (m != "zg_")
                foreach (string c in (ReadOnlySpan<string>)["double_slope", "double_x", "double_y", "next_x", "next_y"]) add(p + m + c, 2);
        }
        add(p + "rq_square", 2); add(p + "rq_on_curve", 2);
        add(p + "wa_base_x", 2); add(p + "wa_base_y", 2);
        add(p + "sum_gap", 2); add(p + "sum_x_differ", 2); add(p + "sum_slope", 2); add(p + "sum_x", 2); add(p + "sum_y", 2);
        add(p + "unshift_gap", 2); add(p + "unshift_x_differ", 2); add(p + "unshift_slope", 2); add(p + "unshift_x", 2);
        add(p + "signature", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1); add(p + "selector", 2);
        add(p + "pubkey_address", 2); add(p + "pubkey_value", 2); add(p + "message_address", 2); add(p + "message_value", 2);
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One, pad = per[Pad], end = per[End];
        // (1) S + z·G: the base is periodic.
        Multiply(f, c, Z, ZBit, per[Gx], per[Gy], A1x, A1y, L1, I1, f[at[0]], f[at[3]], f[at[4]], pad, end, s_sx, s_sy, r, ref o);
        // (2) −S + r·Q: Q's doublings in columns.
        T qx = f[c + Qx], qy = f[c + Qy];
        Multiply(f, c, R, RBit, qx, qy, A2x, A2y, L2, I2, f[at[1]], f[at[5]], f[at[6]], pad, end, s_sx, -s_sy, r, ref o);
        Double(f, c, Qx, Qy, M2, N2x, N2y, f[at[9]], f[at[10]], end, r, ref o);
        // (3) S + w·A.
        T dx = f[c + D3x], dy = f[c + D3y];
        Multiply(f, c, W, WBit, dx, dy, A3x, A3y, L3, I3, f[at[2]], f[at[7]], f[at[8]], pad, end, s_sx, s_sy, r, ref o);
        Double(f, c, D3x, D3y, M3, N3x, N3y, f[at[11]], f[at[12]], end, r, ref o);
        // Q on the curve: Qy² = Qx³ + Qx + β (α = 1), through Qxx = Qx².
        T qxx = f[c + Qxx];
        r[o++] = qxx - qx * qx;
        r[o++] = qy * qy - (qxx * qx + qx + StarkCurve.Beta);
        // The next block's multiplication (3) starts from A.
        T ax = f[c + Ax], ay = f[c + Ay];
        r[o++] = end * (f[at[11]] - ax);
        r[o++] = end * (f[at[12]] - ay);
        // A = R1 + R2 on the block's last row: Gap = end·(R1.x − R2.x) is invertible there.
        T a1x = f[c + A1x], a1y = f[c + A1y], a2x = f[c + A2x], a2y = f[c + A2y], gap = f[c + Gap], nu = f[c + Nu];
        r[o++] = gap - end * (a1x - a2x);
        r[o++] = gap * f[c + GapInv] - end;
        r[o++] = nu * gap - end * (a1y - a2y);
        r[o++] = ax - (nu * nu - a1x - a2x);
        r[o++] = ay - (nu * (a1x - ax) - a1y);
        // B = R3 − S on the block's last row, and B.x = r for the instance of the previous block (offset 511 from its row 0).
        T a3x = f[c + A3x], a3y = f[c + A3y], h = f[c + Hgap], rho = f[c + Rho];
        r[o++] = h - end * (a3x - s_sx);
        r[o++] = h * f[c + HgapInv] - end;
        r[o++] = rho * h - end * (a3y + s_sy);
        r[o++] = f[c + Bx] - (rho * rho - a3x - s_sx);
        T sel = f[c + Selector];
        r[o++] = sel * (f[at[17]] - f[c + R]);
        // Used instances and their cells.
        T act = f[c + Active], cell = f[c + Cell];
        r[o++] = act * (act - one);
        r[o++] = f[at[13]] * (one - act);
        r[o++] = f[at[14]] - cell - per[CellStep];
        r[o++] = sel - per[Row0] * act;
        r[o++] = sel * (f[c + MemoryAddress] - cell);
        r[o++] = sel * (f[c + MemoryAddress + 1] - qx);
        r[o++] = sel * (f[at[15]] - cell - one);
        r[o++] = sel * (f[at[16]] - f[c + Z]);
    }

    /// <summary>
    /// One multiplication's constraints: the scalar's bits, and acc' = acc + bit·D with the x-difference proved by an
    /// inverse; the accumulator restarts at (sx, sy) after the block's last row.
    /// </summary>
    private static void Multiply<T>(ReadOnlySpan<T> f, int c, int scalar, int bitCol, in T dx, in T dy, int accX, int accY, int slope, int inv,
        in T scalarN, in T axN, in T ayN, in T pad, in T end, in T sx, in T sy, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        T s = f[c + scalar], b = f[c + bitCol], ax = f[c + accX], ay = f[c + accY], lam = f[c + slope];
        r[o++] = b * (b - one);
        r[o++] = (one - pad) * (s - (scalarN + scalarN) - b);
        r[o++] = pad * s;
        r[o++] = pad * b;
        r[o++] = (ax - dx) * f[c + inv] - b;
        r[o++] = lam * (ax - dx) - b * (ay - dy);
        r[o++] = lam * lam - b * (ax + dx + axN);
        r[o++] = b * (ay + ayN) - lam * (ax - axN);
        T keep = one - b - end;
        r[o++] = keep * (axN - ax);
        r[o++] = keep * (ayN - ay);
        r[o++] = end * (axN - sx);
        r[o++] = end * (ayN - sy);
    }

    /// <summary>D' = 2D within a block: slope μ·2Dy = 3Dx² + 1, N = 2D through columns, D' = N except after the last row.</summary>
    private static void Double<T>(ReadOnlySpan<T> f, int c, int dxCol, int dyCol, int muCol, int nxCol, int nyCol, in T dxN, in T dyN, in T end,
        Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T dx = f[c + dxCol], dy = f[c + dyCol], mu = f[c + muCol], nx = f[c + nxCol], ny = f[c + nyCol];
        r[o++] = mu * (dy + dy) - (s_three * dx * dx + Felt.One);
        r[o++] = nx - (mu * mu - (dx + dx));
        r[o++] = ny - (mu * (dx - nx) - dy);
        T keep = Felt.One - end;
        r[o++] = keep * (dxN - nx);
        r[o++] = keep * (dyN - ny);
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, block k mod cap, its public key x and message read from
    /// begin + 2k, begin + 2k + 1 and its signature (r, w) from the witness's ecdsa signatures; blocks without a used
    /// instance compute <see cref="Dummy"/>.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n), blocks = n / InstanceRows;
        var result = new Felt[lanes][][];
        if (lanes == 0) return result;
        // A block whose instance and predecessor are both the dummy is always the same: computed once, then copied.
        var template = new Felt[Width][];
        for (int c = 0; c < template.Length; c++) template[c] = new Felt[InstanceRows];
        EcPoint dummyA = FillBlock(template, 0, 0, Dummy, Dummy, StarkCurve.Generator);
        for (int l = 0; l < lanes; l++)
        {
            Felt[][] cols = witness.NewLane(Width);
            int used = instances.UsedInLane(l, n);
            Instance previous = Dummy;
            EcPoint previousA = StarkCurve.Generator; // the dummy's z·G + r·Q
            for (int blk = 0; blk < blocks; blk++)
            {
                int row0 = blk * InstanceRows, k = instances.First + l * cap + blk; // k: the instance's index in the segment
                ulong cell = instances.Cell(l * cap + blk);
                Instance current = Dummy;
                if (blk < used)
                {
                    Felt pub = witness.Read(cell, k, "ecdsa public key");
                    Felt msg = witness.Read(cell + 1, k, "ecdsa message");
                    if (witness.EcdsaSignatures is not { } signatures || !signatures.TryGetValue(k, out (Felt R, Felt W) sig))
                        throw new CairoTraceException($"ecdsa instance {k}: no signature (give the run's air_private_input)");
                    current = Make(pub, msg, sig.R, sig.W, $"ecdsa instance {k}");
                    witness.Enter(cell, pub); witness.Enter(cell + 1, msg);
                    for (int j = 0; j < InstanceRows; j++) cols[Active][row0 + j] = Felt.One;
                    cols[Selector][row0] = Felt.One;
                    cols[MemoryAddress][row0] = cell;
                    cols[MemoryAddress + 1][row0] = pub;
                    cols[MemoryAddress][row0 + 1] = cell + 1;
                    cols[MemoryAddress + 1][row0 + 1] = msg;
                }
                for (int j = 0; j < InstanceRows; j++) cols[Cell][row0 + j] = cell;
                if (blk > used)
                {
                    for (int c = 0; c < Active; c++) Array.Copy(template[c], 0, cols[c], row0, InstanceRows);
                    previousA = dummyA;
                }
                else previousA = FillBlock(cols, 0, row0, current, previous, previousA);
                previous = current;
            }
            result[l] = cols;
        }
        return result;
    }

    /// <summary>An instance's inputs: the public key point (the sign that verifies), message z, r and w = s⁻¹.</summary>
    public readonly record struct Instance(EcPoint Q, BigInteger Z, BigInteger R, BigInteger W);

    /// <summary>The instance inactive blocks compute: Q = G, z = 1, r = 0, w = 1 (every addition well defined).</summary>
    public static Instance Dummy => new(StarkCurve.Generator, 1, 0, 1);

    /// <summary>
    /// The instance for public key x <paramref name="pubX"/>, message <paramref name="z"/>, signature (r, w): picks the
    /// point with that x whose signature check passes. Throws <see cref="CairoTraceException"/> when the values are
    /// out of range or the signature is invalid for both points.
    /// </summary>
    public static Instance Make(in Felt pubX, in Felt z, in Felt r, in Felt w, string what)
    {
        BigInteger zi = z.ToBigInteger(), ri = r.ToBigInteger(), wi = w.ToBigInteger(), bound = BigInteger.One << Bits;
        if (zi >= bound || ri.IsZero || ri >= bound || wi.IsZero || wi >= bound)
            throw new CairoTraceException($"{what}: message, r or w out of range (z < 2^251, 0 < r, w < 2^251)");
        if (!StarkCurve.TryRecoverY(pubX, out EcPoint q)) throw new CairoTraceException($"{what}: public key x {pubX.ToHexString()} is not on the curve");
        foreach (EcPoint cand in (ReadOnlySpan<EcPoint>)[q, q.Negate()])
        {
            EcPoint a = StarkCurve.Add(StarkCurve.Multiply(StarkCurve.Generator, zi), StarkCurve.Multiply(cand, ri));
            if (a.IsInfinity) continue;
            EcPoint b = StarkCurve.Multiply(a, wi);
            if (!b.IsInfinity && b.X == r) return new Instance(cand, zi, ri, wi);
        }
        throw new CairoTraceException($"{what}: the signature (r {r.ToHexString()}, w {w.ToHexString()}) does not verify");
    }

    /// <summary>
    /// Writes one block's rows (columns from <paramref name="c"/>, rows from <paramref name="row0"/> of <paramref name="cols"/>): multiplications (1), (2) of <paramref name="current"/> and (3) of
    /// <paramref name="previous"/> from the point <paramref name="previousA"/>, and the combination columns; returns
    /// this block's A = z·G + r·Q. Throws <see cref="CairoTraceException"/> if an addition meets equal x-coordinates.
    /// </summary>
    public static EcPoint FillBlock(Felt[][] cols, int c, int row0, in Instance current, in Instance previous, in EcPoint previousA)
    {
        IReadOnlyList<Felt[]> per = s_periodic.Value;
        EcPoint shift = ConstantPoints.ShiftPoint;
        EcPoint r1 = FillMultiply(cols, c, row0, current.Z, Z, ZBit, -1, -1, -1, -1, -1, A1x, A1y, L1, I1, default, shift, per);
        EcPoint r2 = FillMultiply(cols, c, row0, current.R, R, RBit, Qx, Qy, M2, N2x, N2y, A2x, A2y, L2, I2, current.Q, shift.Negate(), per);
        FillMultiply(cols, c, row0, previous.W, W, WBit, D3x, D3y, M3, N3x, N3y, A3x, A3y, L3, I3, previousA, shift, per);
        for (int j = 0; j < InstanceRows; j++)
        {
            int row = row0 + j;
            Felt qx = cols[c + Qx][row];
            cols[c + Qxx][row] = qx * qx;
        }
        int last = row0 + InstanceRows - 1;
        // Combination columns: uniform formulas, with gap, inverse and slope nonzero only on the last row.
        for (int j = 0; j < InstanceRows; j++)
        {
            int row = row0 + j;
            Felt a1x = cols[c + A1x][row], a1y = cols[c + A1y][row], a2x = cols[c + A2x][row], a2y = cols[c + A2y][row];
            Felt a3x = cols[c + A3x][row], a3y = cols[c + A3y][row];
            Felt nu = Felt.Zero, rho = Felt.Zero;
            if (row == last)
            {
                if (a1x == a2x || a3x == shift.X) throw new CairoTraceException("ecdsa: a combining addition met equal x-coordinates");
                Felt gi = (a1x - a2x).Inverse(), hi = (a3x - shift.X).Inverse();
                nu = (a1y - a2y) * gi;
                rho = (a3y + shift.Y) * hi;
                cols[c + Gap][row] = a1x - a2x;
                cols[c + GapInv][row] = gi;
                cols[c + Hgap][row] = a3x - shift.X;
                cols[c + HgapInv][row] = hi;
            }
            cols[c + Nu][row] = nu;
            cols[c + Rho][row] = rho;
            Felt axv = nu * nu - a1x - a2x;
            cols[c + Ax][row] = axv;
            cols[c + Ay][row] = nu * (a1x - axv) - a1y;
            cols[c + Bx][row] = rho * rho - a3x - shift.X;
        }
        return StarkCurve.Add(r1, r2);
    }

    private static EcPoint FillMultiply(Felt[][] cols, int c, int row0, BigInteger k, int scalarCol, int bitCol, int dxCol, int dyCol, int muCol, int nxCol, int nyCol,
        int accX, int accY, int slopeCol, int invCol, EcPoint d, EcPoint acc, IReadOnlyList<Felt[]> per)
    {
        Felt suffix = Felt.Zero;
        for (int j = InstanceRows - 1; j >= 0; j--)
        {
            ulong bit = j < Bits && !(k >> j).IsEven ? 1UL : 0UL;
            suffix = suffix + suffix + bit;
            cols[c + scalarCol][row0 + j] = suffix;
            cols[c + bitCol][row0 + j] = bit;
        }
        Felt ax = acc.X, ay = acc.Y;
        for (int j = 0; j < InstanceRows; j++)
        {
            int row = row0 + j;
            Felt dx, dy;
            if (dxCol < 0) { dx = per[Gx][j]; dy = per[Gy][j]; }
            else
            {
                dx = d.X; dy = d.Y;
                cols[c + dxCol][row] = dx;
                cols[c + dyCol][row] = dy;
                Felt mu = (s_three * dx * dx + Felt.One) * (dy + dy).Inverse();
                Felt nx = mu * mu - (dx + dx);
                Felt ny = mu * (dx - nx) - dy;
                cols[c + muCol][row] = mu;
                cols[c + nxCol][row] = nx;
                cols[c + nyCol][row] = ny;
                d = new EcPoint(nx, ny);
            }
            cols[c + accX][row] = ax;
            cols[c + accY][row] = ay;
            if (cols[c + bitCol][row].IsZero) continue;
            if (ax == dx) throw new CairoTraceException("ecdsa: an addition met equal x-coordinates");
            Felt inv = (ax - dx).Inverse();
            Felt lam = (ay - dy) * inv;
            Felt nax = lam * lam - ax - dx;
            ay = lam * (ax - nax) - ay;
            ax = nax;
            cols[c + slopeCol][row] = lam;
            cols[c + invCol][row] = inv;
        }
        return new EcPoint(ax, ay);
    }
}
