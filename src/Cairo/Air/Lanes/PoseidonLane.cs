using Zetina.Stark.Air;
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
internal sealed class PoseidonLane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "poseidon";
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

    private static readonly (int Column, int Row)[] s_nextEntries = [(State, 1), (State + 1, 1), (State + 2, 1), (Active, 1), (Cell, 1)];

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);

    int IBuiltinLane.CellsPerInstance => CellsPerInstance;
    int IBuiltinLane.InstanceRows => InstanceRows;
    int IBuiltinLane.Width => Width;
    int IBuiltinLane.Active => Active;
    int IBuiltinLane.Cell => Cell;
    int IBuiltinLane.MemorySlots => MemorySlots;
    int IBuiltinLane.MemoryAddress(int slot) => MemoryAddress(slot);

    /// <inheritdoc/>
    public IReadOnlyList<(int Column, int Row)> NextEntries => s_nextEntries;

    /// <summary>The periodic columns' values over one 128-row period.</summary>
    public IReadOnlyList<Felt[]> Periodic => s_periodic.Value;

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public int Capacity(int rows) => rows / InstanceRows;

    /// <inheritdoc/>
    public int MinimumRows => InstanceRows;

    /// <summary>None: the state starts at the instance's input cells.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow => [];

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
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"poseidon[{lane}]_";
        for (int i = 0; i < 3; i++) add($"{p}square[{i}]", 2);
        for (int i = 0; i < 3; i++) add($"{p}cube[{i}]", 2);
        for (int i = 0; i < 3; i++) add($"{p}round[{i}]", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1); add(p + "selector", 2);
        for (int i = 0; i < 3; i++) { add($"{p}memory_address[{i}]", 2); add($"{p}memory_value[{i}]", 2); }
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        T u0 = f[c] + per[0], u1 = f[c + 1] + per[1], u2 = f[c + 2] + per[2];
        T q0 = f[c + Square], q1 = f[c + Square + 1], q2 = f[c + Square + 2];
        T k0 = f[c + Cube], k1 = f[c + Cube + 1], k2 = f[c + Cube + 2];
        r[o++] = q0 - u0 * u0;
        r[o++] = q1 - u1 * u1;
        r[o++] = q2 - u2 * u2;
        r[o++] = k0 - q0 * u0;
        r[o++] = k1 - q1 * u1;
        r[o++] = k2 - q2 * u2;
        T full = per[Full], partial = per[Partial], round = per[Round];
        T v0 = full * k0 + partial * u0, v1 = full * k1 + partial * u1, v2 = round * k2;
        T sum = v0 + v1 + v2;
        // R·t' = M·v, M·v = (sum + 2·v0, sum − 2·v1, sum − 3·v2).
        r[o++] = round * f[at[0]] - (sum + v0 + v0);
        r[o++] = round * f[at[1]] - (sum - (v1 + v1));
        r[o++] = round * f[at[2]] - (sum - (v2 + v2 + v2));
        T act = f[c + Active], actN = f[at[3]], cell = f[c + Cell], sel = f[c + Selector];
        r[o++] = act * (act - one);
        r[o++] = actN * (one - act);
        r[o++] = f[at[4]] - cell - per[CellStep];
        r[o++] = sel - per[MemoryRow] * act;
        for (int i = 0; i < 3; i++)
        {
            int m = c + MemoryAddress(i);
            r[o++] = sel * (f[m] - cell - (Felt)(ulong)i);
            r[o++] = sel * (f[m + 1] - f[c + i]);
        }
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, rows 128·(k mod cap) …, its input state read from
    /// begin + 6k + {0, 1, 2}; unused instances permute (0, 0, 0); the memory slots hold the input cells on row 0 and
    /// the output cells on row 91 of an used instance.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var result = new Felt[lanes][][];
        if (lanes == 0) return result;
        var template = new Felt[Width][];
        for (int c = 0; c < template.Length; c++) template[c] = new Felt[InstanceRows];
        FillInstance(template, 0, 0, Felt.Zero, Felt.Zero, Felt.Zero);
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
                    Felt s0 = witness.Read(cell, k, "poseidon input s0");
                    Felt s1 = witness.Read(cell + 1, k, "poseidon input s1");
                    Felt s2 = witness.Read(cell + 2, k, "poseidon input s2");
                    (Felt o0, Felt o1, Felt o2) = FillInstance(cols, 0, row0, s0, s1, s2);
                    witness.CheckOutput(cell + 3, o0, $"poseidon instance {k}");
                    witness.CheckOutput(cell + 4, o1, $"poseidon instance {k}");
                    witness.CheckOutput(cell + 5, o2, $"poseidon instance {k}");
                    witness.Enter(cell, s0); witness.Enter(cell + 1, s1); witness.Enter(cell + 2, s2);
                    witness.Enter(cell + 3, o0); witness.Enter(cell + 4, o1); witness.Enter(cell + 5, o2);
                }
                else
                    for (int c = 0; c < Active; c++) Array.Copy(template[c], 0, cols[c], row0, InstanceRows);
                for (int j = 0; j < InstanceRows; j++)
                {
                    int row = row0 + j;
                    ulong at = cell + (j >= OutputRow ? 3UL : 0);
                    cols[Cell][row] = at;
                    if (pos >= used) continue;
                    cols[Active][row] = Felt.One;
                    if (j != 0 && j != OutputRow) continue;
                    cols[Selector][row] = Felt.One;
                    for (int i = 0; i < MemorySlots; i++)
                    {
                        cols[MemoryAddress(i)][row] = at + (ulong)i;
                        cols[MemoryAddress(i) + 1][row] = cols[State + i][row];
                    }
                }
            }
            result[l] = cols;
        }
        return result;
    }

    /// <summary>
    /// Writes one instance's permutation of (s0, s1, s2) into rows [row0, row0 + 128) of the lane at column
    /// <paramref name="c"/> (state, squares, cubes) and returns the output state.
    /// </summary>
    public static (Felt, Felt, Felt) FillInstance(Felt[][] cols, int c, int row0, Felt s0, Felt s1, Felt s2)
    {
        IReadOnlyList<Felt[]> per = s_periodic.Value;
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
