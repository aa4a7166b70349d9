using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The poseidon builtin's columns: one lane of <see cref="Width"/> columns holds n/128 instances, each the Hades
/// permutation of StarkNet's Poseidon (<see cref="PoseidonHash"/>: width 3, 4 full, 83 partial, 4 full rounds,
/// S-box x³, MDS [[3, 1, 1], [1, −1, 1], [1, 1, −2]]) over 128 rows.
/// </summary>
/// <remarks>
/// <para><b>Rows of an instance.</b> Row r (0 ≤ r &lt; 91) holds the state t before round r and applies the round:
/// u_i = t_i + c_(r,i) with the round constants as periodic columns, Square_i = u_i², Cube_i = Square_i·u_i (two
/// degree-2 steps instead of one of degree 3), v_i = F·Cube_i + G·u_i for i = 0, 1 and v_2 = R·Cube_2 (F = 1 on full
/// rounds, G = 1 on partial rounds, R = F + G = 1 on the 91 round rows), then R·t' = M·v. Row 91 holds the output;
/// rows 92–127 are padding (R = 0, no constraint on t').</para>
/// <para><b>Memory.</b> Cells begin + 6k + j: inputs (j = 0, 1, 2) are the state on row 0, outputs (j = 3, 4, 5) the
/// state on row 91, through the lane's three memory slots; on other rows the slots are free.</para>
/// </remarks>
public static class PoseidonLane
{
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 128;
    /// <summary>Memory cells per instance: three inputs, three outputs.</summary>
    public const int CellsPerInstance = 6;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 3;
    /// <summary>Row (within an instance) that holds the output state.</summary>
    public const int OutputRow = 91;

    /// <summary>Column offset of state element i (i = 0, 1, 2).</summary>
    public const int State = 0;
    /// <summary>Column offset of (t_i + c_i)².</summary>
    public const int Square = 3;
    /// <summary>Column offset of (t_i + c_i)³.</summary>
    public const int Cube = 6;
    /// <summary>Column offset: 1 on the rows of used instances (a prefix of the lane).</summary>
    public const int Active = 9;
    /// <summary>Column offset: the instance's base cell for the current memory row (begin + 6k, then + 3 from row 91).</summary>
    public const int Cell = 10;
    /// <summary>Column offset: (row is 0 or 91)·Active.</summary>
    public const int Selector = 11;
    /// <summary>Columns per lane.</summary>
    public const int Width = 18;

    /// <summary>Column offset of memory slot j's address (its value is the next column).</summary>
    public static int MemoryAddress(int j) => 12 + 2 * j;

    /// <summary>Periodic columns (period 128): c_0, c_1, c_2, full round, partial round, round, memory row, cell step.</summary>
    public const int PeriodicCount = 8;
    private const int Full = 3, Partial = 4, Round = 5, MemoryRow = 6, CellStep = 7;

    /// <summary>The (column offset, row offset) pairs beyond the current row that the constraints read, in frame order.</summary>
    public static readonly (int Column, int Row)[] NextEntries = [(State, 1), (State + 1, 1), (State + 2, 1), (Active, 1), (Cell, 1)];

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);

    /// <summary>The periodic columns' values over one 128-row period.</summary>
    public static IReadOnlyList<Felt[]> Periodic => s_periodic.Value;

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public static int Capacity(int rows) => rows / InstanceRows;

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        int half = PoseidonHash.FullRounds / 2;
        for (int r = 0; r < PoseidonHash.TotalRounds; r++)
        {
            for (int i = 0; i < 3; i++) p[i][r] = PoseidonHash.RoundConstant(r, i);
            bool full = r < half || r >= half + PoseidonHash.PartialRounds;
            p[full ? Full : Partial][r] = Felt.One;
            p[Round][r] = Felt.One;
        }
        p[MemoryRow][0] = Felt.One;
        p[MemoryRow][OutputRow] = Felt.One;
        p[CellStep][OutputRow - 1] = 3UL;
        p[CellStep][InstanceRows - 1] = 3UL;
        return p;
    }

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public static void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"poseidon[{lane}]_";
        for (int i = 0; i < 3; i++) add($"{p}square[{i}]", 2);
        for (int i = 0; i < 3; i++) add($"{p}cube[{i}]", 2);
        for (int i = 0; i < 3; i++) add($"{p}round[{i}]", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1); add(p + "selector", 2);
        for (int i = 0; i < 3; i++) { add($"{p}memory_address[{i}]", 2); add($"{p}memory_value[{i}]", 2); }
    }

    /// <summary>Evaluates the lane's transition constraints (see <see cref="PedersenLane.Evaluate"/> for the arguments).</summary>
    public static void Evaluate(ReadOnlySpan<Felt> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<Felt> per, Span<Felt> r, ref int o)
    {
        Felt one = Felt.One;
        Felt u0 = f[c] + per[0], u1 = f[c + 1] + per[1], u2 = f[c + 2] + per[2];
        Felt q0 = f[c + Square], q1 = f[c + Square + 1], q2 = f[c + Square + 2];
        Felt k0 = f[c + Cube], k1 = f[c + Cube + 1], k2 = f[c + Cube + 2];
        r[o++] = q0 - u0 * u0;
        r[o++] = q1 - u1 * u1;
        r[o++] = q2 - u2 * u2;
        r[o++] = k0 - q0 * u0;
        r[o++] = k1 - q1 * u1;
        r[o++] = k2 - q2 * u2;
        Felt full = per[Full], partial = per[Partial], round = per[Round];
        Felt v0 = full * k0 + partial * u0, v1 = full * k1 + partial * u1, v2 = round * k2;
        Felt sum = v0 + v1 + v2;
        // R·t' = M·v, M·v = (sum + 2·v0, sum − 2·v1, sum − 3·v2).
        r[o++] = round * f[at[0]] - (sum + v0 + v0);
        r[o++] = round * f[at[1]] - (sum - (v1 + v1));
        r[o++] = round * f[at[2]] - (sum - (v2 + v2 + v2));
        Felt act = f[c + Active], actN = f[at[3]], cell = f[c + Cell], sel = f[c + Selector];
        r[o++] = act * (act - one);
        r[o++] = actN * (one - act);
        r[o++] = f[at[4]] - cell - per[CellStep];
        r[o++] = sel - per[MemoryRow] * act;
        for (int i = 0; i < 3; i++)
        {
            int m = c + MemoryAddress(i);
            r[o++] = sel * (f[m] - cell - (ulong)i);
            r[o++] = sel * (f[m + 1] - f[c + i]);
        }
    }

    /// <summary>
    /// Writes one instance's permutation of (s0, s1, s2) into rows [row0, row0 + 128) of the lane at column
    /// <paramref name="c"/> (state, squares, cubes) and returns the output state.
    /// </summary>
    public static (Felt, Felt, Felt) FillInstance(Felt[][] cols, int c, int row0, Felt s0, Felt s1, Felt s2)
    {
        IReadOnlyList<Felt[]> per = Periodic;
        int half = PoseidonHash.FullRounds / 2;
        Span<Felt> t = stackalloc Felt[3];
        Span<Felt> v = stackalloc Felt[3];
        for (int r = 0; r < InstanceRows; r++)
        {
            int row = row0 + r;
            t[0] = s0; t[1] = s1; t[2] = s2;
            for (int i = 0; i < 3; i++)
            {
                Felt u = t[i] + per[i][r];
                Felt sq = u * u, cu = sq * u;
                cols[c + State + i][row] = t[i];
                cols[c + Square + i][row] = sq;
                cols[c + Cube + i][row] = cu;
                v[i] = cu;
                if (i < 2 && r >= half && r < half + PoseidonHash.PartialRounds) v[i] = u;
            }
            if (r < PoseidonHash.TotalRounds)
            {
                Felt sum = v[0] + v[1] + v[2];
                s0 = sum + v[0] + v[0];
                s1 = sum - (v[1] + v[1]);
                s2 = sum - (v[2] + v[2] + v[2]);
            }
            else { s0 = Felt.Zero; s1 = Felt.Zero; s2 = Felt.Zero; }
        }
        return (cols[c][row0 + OutputRow], cols[c + 1][row0 + OutputRow], cols[c + 2][row0 + OutputRow]);
    }
}
