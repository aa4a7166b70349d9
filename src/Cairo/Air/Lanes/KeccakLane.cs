using Zetina.Stark.Air;
using Zetina.Stark.Common;
using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The keccak builtin's columns: one lane of <see cref="Width"/> columns holds n/2048 instances, each the
/// Keccak-f[1600] permutation (FIPS 202 §3.3–3.4, 24 rounds of θ, ρ, π, χ, ι) of the 1600-bit state that the
/// instance's eight 200-bit input cells spell, giving its eight output cells.
/// </summary>
/// <remarks>
/// <para><b>Bits by slice.</b> A row holds one <i>slice</i> z (0 ≤ z &lt; 64) of the state: bit z of the 25 lanes
/// A[x, y] (column x + 5y), χ's input B at that slice, and θ's parities, carries and D. A 64-row <i>block</i> is one
/// round. θ's column parities and χ's rows are then row-local; ρ's rotations and θ's shift of the parity by one slice
/// are reads of fixed rows above (z − ρ, or z − ρ + 64 where that wraps within the block), chosen by a periodic
/// column. Constraints of degree ≤ 3 let θ's output A ⊕ D be read where it is needed instead of committed, and χ be
/// written A' ⊕ B = ¬B1 ∧ B2 without a product column: 77 columns a lane.</para>
/// <para><b>Blocks of an instance</b> (2048 rows = 32 blocks). Block 0 <i>loads</i>: its χ input is free, so its χ
/// output, the state on block 1, can be any state (χ is a bijection on each 5-bit row); block 1 holds the input
/// state, block b (1 ≤ b ≤ 24) applies round b − 1, block 25 holds the output state, blocks 25–31 run rounds
/// with ι's constant 0 (their result enters the next instance's load block, whose state is not used). So the
/// rounds' constraints hold on every row, unguarded; only the ρπ link is switched off on block 0.</para>
/// <para><b>Memory.</b> Eight accumulator columns pack a block's state into the eight 200-bit felts (state bit
/// i = 64ℓ + z is bit i − 200k of felt k = ⌊i / 200⌋, cairo-lang's byte order); on row 0 of block 1 they are
/// the input cells begin + 16k + j, on row 0 of block 25 the outputs begin + 16k + 8 + j, read through one memory
/// slot on that row and the seven below (as bitwise reads its five).</para>
/// </remarks>
internal sealed class KeccakLane : IBuiltinLane
{
    /// <inheritdoc/>
    public string Builtin => "keccak";
    /// <summary>Rows per instance: 32 blocks of 64.</summary>
    public const int InstanceRows = 2048;
    /// <summary>Rows per block (one slice a row).</summary>
    public const int BlockRows = 64;
    /// <summary>Memory cells per instance: eight inputs, eight outputs.</summary>
    public const int CellsPerInstance = 16;
    /// <summary>Input (and output) cells: felts of 200 bits.</summary>
    public const int Felts = 8;
    /// <summary>Bits per cell.</summary>
    public const int FeltBits = 200;
    /// <summary>Rounds of Keccak-f[1600].</summary>
    public const int Rounds = 24;
    /// <summary>Block holding the input state.</summary>
    public const int InputBlock = 1;
    /// <summary>Block holding the output state.</summary>
    public const int OutputBlock = InputBlock + Rounds;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;

    /// <summary>Column offset of state bit A[x, y] at the row's slice (column x + 5y).</summary>
    public const int State = 0;
    /// <summary>Column offset of χ's input B = π(ρ(θ output)) (25 columns; free on block 0).</summary>
    public const int Pi = 25;
    /// <summary>Column offset of θ's parity C[x] = ⊕_y A[x, y] (5 columns).</summary>
    public const int Parity = 50;
    /// <summary>Column offset of the carry K[x] = (Σ_y A[x, y] − C[x]) / 2 ∈ {0, 1, 2} (5 columns).</summary>
    public const int Carry = 55;
    /// <summary>Column offset of θ's D[x] = C[x − 1] ⊕ C[x + 1] at slice z − 1 (5 columns).</summary>
    public const int Mix = 60;
    /// <summary>Column offset of accumulator k: the block's felt k from the row's slice down (8 columns).</summary>
    public const int Accumulator = 65;
    /// <summary>Column offset: 1 on the rows of used instances (a prefix of the lane).</summary>
    public const int Active = 73;
    /// <summary>Column offset: the instance's first cell, begin + 16k.</summary>
    public const int Cell = 74;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = 75;
    /// <summary>Columns per lane.</summary>
    public const int Width = 77;

    // Periodic columns (period 2048).
    private const int Z0 = 0, Last = 1, Link = 2, Rc = 3, Pow = 4, MemoryRow = 5, OutputRow = 6, CellStep = 7;
    private const int High = 8, Low = 15, Wrap = 22;
    /// <summary>Periodic columns: slice 0, slice 63, link, ι bit, 2^z, memory row, output row, cell step, 2^(z−t)·[z ≥ t] and 2^z·[z &lt; t] for t = 8 … 56, and per lane L ≠ 0 link·[z &lt; ρ(L)].</summary>
    public const int PeriodicCount = Wrap + 24;

    /// <summary>ρ's rotation of lane x + 5y (FIPS 202 Algorithm 2: (t + 1)(t + 2)/2 mod 64 along (x, y) → (y, 2x + 3y)).</summary>
    public static readonly int[] Rotation = BuildRotations();

    /// <summary>ι's round constants RC[i] (FIPS 202 Algorithms 5 and 6: bit 2^j − 1 is rc(j + 7i), the LFSR x^8 + x^6 + x^5 + x^4 + 1).</summary>
    public static readonly ulong[] RoundConstants = BuildRoundConstants();

    /// <summary>π's source: B[X, Y] is the rotated θ output of lane ((X + 3Y) mod 5) + 5X (FIPS 202 Algorithm 3).</summary>
    private static readonly int[] s_piSource = BuildPiSource();

    /// <summary>χ's inverse on one 5-bit row (bit x is lane x of the row).</summary>
    private static readonly byte[] s_chiInverse = BuildChiInverse();

    // Mask entries beyond the current row, and their indices.
    private static readonly (int Column, int Row)[] s_nextEntries;
    private static readonly int[] s_nextState = new int[25];
    private static readonly int[] s_stateAbove = new int[25], s_stateWrapped = new int[25], s_mixAbove = new int[25], s_mixWrapped = new int[25];
    private static readonly int[] s_parityAbove = new int[5], s_parityWrapped = new int[5], s_nextAccumulator = new int[Felts];
    private static readonly int s_nextActive, s_nextCell;
    private static readonly int[] s_memoryAddress = new int[Felts], s_memoryValue = new int[Felts];

    /// <summary>Per felt k, the (lane, periodic column, coefficient) terms whose sum over the row is the slice's share of felt k.</summary>
    private static readonly (int Lane, int Periodic, Felt Coefficient)[][] s_packTerms = BuildPackTerms();

    /// <summary>2^i for i &lt; 200.</summary>
    private static readonly Felt[] s_powers = BuildPowers();

    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);

    static KeccakLane()
    {
        var e = new List<(int, int)>();
        int Add(int column, int row) { e.Add((column, row)); return e.Count - 1; }
        for (int l = 0; l < 25; l++) s_nextState[l] = Add(State + l, BlockRows);
        for (int l = 1; l < 25; l++)
        {
            int src = s_piSource[l], rho = Rotation[src];
            s_stateAbove[l] = Add(State + src, -rho);
            s_stateWrapped[l] = Add(State + src, BlockRows - rho);
            s_mixAbove[l] = Add(Mix + src % 5, -rho);
            s_mixWrapped[l] = Add(Mix + src % 5, BlockRows - rho);
        }
        for (int x = 0; x < 5; x++) { s_parityAbove[x] = Add(Parity + x, -1); s_parityWrapped[x] = Add(Parity + x, BlockRows - 1); }
        for (int k = 0; k < Felts; k++) s_nextAccumulator[k] = Add(Accumulator + k, 1);
        s_nextActive = Add(Active, 1);
        s_nextCell = Add(Cell, 1);
        for (int j = 1; j < Felts; j++) { s_memoryAddress[j] = Add(MemoryAddress, j); s_memoryValue[j] = Add(MemoryAddress + 1, j); }
        s_nextEntries = e.ToArray();
    }

    /// <summary>False: added after proof format 3 was published, so a statement names keccak only when it has lanes.</summary>
    public bool StatedWhenUnused => false;

    int IBuiltinLane.CellsPerInstance => CellsPerInstance;
    int IBuiltinLane.InstanceRows => InstanceRows;
    int IBuiltinLane.Width => Width;
    int IBuiltinLane.Active => Active;
    int IBuiltinLane.Cell => Cell;
    int IBuiltinLane.MemorySlots => MemorySlots;
    int IBuiltinLane.MemoryAddress(int slot) => MemoryAddress;

    /// <summary>The rows below and above (negative) that the constraints read.</summary>
    public IReadOnlyList<(int Column, int Row)> NextEntries => s_nextEntries;

    /// <summary>The periodic columns' values over one 2048-row period.</summary>
    public IReadOnlyList<Felt[]> Periodic => s_periodic.Value;

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public int Capacity(int rows) => rows / InstanceRows;

    /// <inheritdoc/>
    public int MinimumRows => InstanceRows;

    /// <summary>None: the state starts at the instance's input cells.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow => [];

    private static int[] BuildRotations()
    {
        var r = new int[25];
        int x = 1, y = 0;
        for (int t = 0; t < 24; t++)
        {
            r[x + 5 * y] = (t + 1) * (t + 2) / 2 % 64;
            (x, y) = (y, (2 * x + 3 * y) % 5);
        }
        return r;
    }

    private static ulong[] BuildRoundConstants()
    {
        static int Rc(int t)
        {
            if (t % 255 == 0) return 1;
            int r = 1; // R = 10000000, bit i of r is R[i]
            for (int i = 0; i < t % 255; i++)
            {
                r <<= 1; // R = 0 ‖ R
                int r8 = (r >> 8) & 1;
                r ^= r8 | (r8 << 4) | (r8 << 5) | (r8 << 6);
                r &= 0xff;
            }
            return r & 1;
        }
        var rc = new ulong[Rounds];
        for (int i = 0; i < Rounds; i++)
            for (int j = 0; j <= 6; j++)
                rc[i] |= (ulong)Rc(j + 7 * i) << ((1 << j) - 1);
        return rc;
    }

    private static int[] BuildPiSource()
    {
        var s = new int[25];
        for (int x = 0; x < 5; x++) for (int y = 0; y < 5; y++) s[x + 5 * y] = (x + 3 * y) % 5 + 5 * x;
        return s;
    }

    private static int Chi5(int v)
    {
        int o = 0;
        for (int x = 0; x < 5; x++)
        {
            int b = (v >> x) & 1, b1 = (v >> ((x + 1) % 5)) & 1, b2 = (v >> ((x + 2) % 5)) & 1;
            o |= (b ^ ((b1 ^ 1) & b2)) << x;
        }
        return o;
    }

    private static byte[] BuildChiInverse()
    {
        var inv = new byte[32];
        for (int v = 0; v < 32; v++) inv[Chi5(v)] = (byte)v;
        return inv;
    }

    private static Felt[] BuildPowers()
    {
        var p = new Felt[FeltBits];
        p[0] = Felt.One;
        for (int i = 1; i < p.Length; i++) p[i] = p[i - 1] + p[i - 1];
        return p;
    }

    /// <summary>The split points t = 200k mod 64 (k = 1 … 7) are 8, 16, …, 56: periodic index t/8 − 1.</summary>
    private static (int, int, Felt)[][] BuildPackTerms()
    {
        var terms = new (int, int, Felt)[Felts][];
        for (int k = 0; k < Felts; k++)
        {
            var list = new List<(int, int, Felt)>();
            int lo = FeltBits * k, hi = lo + FeltBits;
            for (int l = 0; l < 25; l++)
            {
                int a = 64 * l, b = a + 64;
                if (b <= lo || a >= hi) continue;
                if (a >= lo && b <= hi) list.Add((l, Pow, Felt.FromBigInteger(BigInteger.One << (a - lo))));
                else if (a < lo) list.Add((l, High + (lo - a) / 8 - 1, Felt.One));
                else list.Add((l, Low + (hi - a) / 8 - 1, Felt.FromBigInteger(BigInteger.One << (a - lo))));
            }
            terms[k] = list.ToArray();
        }
        return terms;
    }

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        for (int row = 0; row < InstanceRows; row++)
        {
            int block = row / BlockRows, z = row % BlockRows;
            if (z == 0) p[Z0][row] = Felt.One;
            if (z == BlockRows - 1) p[Last][row] = Felt.One;
            if (block != 0) p[Link][row] = Felt.One;
            if (block >= InputBlock && block < OutputBlock) p[Rc][row] = (RoundConstants[block - InputBlock] >> z) & 1;
            p[Pow][row] = s_powers[z];
            for (int i = 0; i < 7; i++)
            {
                int t = 8 * (i + 1);
                if (z >= t) p[High + i][row] = s_powers[z - t];
                else p[Low + i][row] = s_powers[z];
            }
            for (int l = 1; l < 25; l++)
                if (block != 0 && z < Rotation[s_piSource[l]]) p[Wrap + l - 1][row] = Felt.One;
        }
        p[MemoryRow][InputBlock * BlockRows] = Felt.One;
        p[MemoryRow][OutputBlock * BlockRows] = Felt.One;
        p[OutputRow][OutputBlock * BlockRows] = Felt.One;
        p[CellStep][InstanceRows - 1] = (ulong)CellsPerInstance;
        return p;
    }

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"keccak[{lane}]_";
        for (int l = 0; l < 25; l++) add($"{p}state_bit[{l}]", 2);
        for (int x = 0; x < 5; x++) add($"{p}parity_bit[{x}]", 2);
        for (int x = 0; x < 5; x++) add($"{p}carry[{x}]", 3);
        for (int x = 0; x < 5; x++) add($"{p}parity[{x}]", 1);
        for (int x = 0; x < 5; x++) add($"{p}mix[{x}]", 3);
        for (int l = 0; l < 25; l++) add($"{p}rho_pi[{l}]", 3);
        for (int l = 0; l < 25; l++) add($"{p}chi[{l}]", l == 0 ? 3 : 2);
        for (int k = 0; k < Felts; k++) add($"{p}pack[{k}]", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1);
        for (int j = 0; j < Felts; j++) { add($"{p}memory_address[{j}]", 3); add($"{p}memory_value[{j}]", 3); }
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One, two = (Felt)2UL;
        // Every state bit and every parity is a bit: a(a − 1) = 0; every carry is 0, 1 or 2.
        for (int l = 0; l < 25; l++) { T a = f[c + State + l]; r[o++] = a * (a - one); }
        for (int x = 0; x < 5; x++) { T v = f[c + Parity + x]; r[o++] = v * (v - one); }
        for (int x = 0; x < 5; x++) { T k = f[c + Carry + x]; r[o++] = k * (k - one) * (k - two); }
        // θ's parity: Σ_y A[x, y] = C + 2·K, the sum being at most 5 (so C ∈ {0, 1} is its parity).
        for (int x = 0; x < 5; x++)
        {
            T sum = f[c + State + x] + f[c + State + x + 5] + f[c + State + x + 10] + f[c + State + x + 15] + f[c + State + x + 20];
            T k = f[c + Carry + x];
            r[o++] = sum - f[c + Parity + x] - (k + k);
        }
        // θ's D[x] = C[x − 1] ⊕ R with R = C[x + 1] at slice z − 1: the row above, or 63 rows below on slice 0
        // (R = C[−1] − Z0·(C[−1] − C[+63])).
        for (int x = 0; x < 5; x++)
        {
            int x1 = (x + 1) % 5;
            T above = f[at[s_parityAbove[x1]]];
            T shifted = above - per[Z0] * (above - f[at[s_parityWrapped[x1]]]);
            r[o++] = f[c + Mix + x] - BitConstraints.Xor(f[c + Parity + (x + 4) % 5], shifted);
        }
        // ρ and π: B[L] is θ's output A ⊕ D of lane s = π⁻¹(L) rotated by ρ = ρ(s), i.e. at slice z − ρ: the row ρ
        // above, or 64 − ρ below where z < ρ. Link·(B − Θ[−ρ]) + W·(Θ[−ρ] − Θ[64 − ρ]) = 0 with W = link·[z < ρ]
        // and Θ = A[s] ⊕ D[s mod 5] read on those rows; off on block 0.
        r[o++] = per[Link] * (f[c + Pi] - BitConstraints.Xor(f[c + State], f[c + Mix]));
        for (int l = 1; l < 25; l++)
        {
            T above = BitConstraints.Xor(f[at[s_stateAbove[l]]], f[at[s_mixAbove[l]]]);
            T wrapped = BitConstraints.Xor(f[at[s_stateWrapped[l]]], f[at[s_mixWrapped[l]]]);
            r[o++] = per[Link] * (f[c + Pi + l] - above) + per[Wrap + l - 1] * (above - wrapped);
        }
        // χ and ι: A'[x, y] (the next block's state) = B ⊕ W ⊕ rc·[L = 0] with W = ¬B1 ∧ B2 = B2 − B1·B2, written
        // A' ⊕ B = W ⊕ rc (both sides of degree 2, 3 for L = 0), rc ι's bit of this round at slice z.
        for (int l = 0; l < 25; l++)
        {
            int x = l % 5, y5 = l - x;
            T b = f[c + Pi + l], b1 = f[c + Pi + y5 + (x + 1) % 5], b2 = f[c + Pi + y5 + (x + 2) % 5];
            T w = b2 - b1 * b2;
            r[o++] = BitConstraints.Xor(f[at[s_nextState[l]]], b) - (l == 0 ? BitConstraints.Xor(w, per[Rc]) : w);
        }
        // Packing: Acc_k = Σ_ℓ w_(k,ℓ)(z)·A[ℓ] + (1 − last)·Acc_k[+1], so Acc_k on slice 0 is felt k of the block's state.
        for (int k = 0; k < Felts; k++)
        {
            T sum = Felt.Zero;
            foreach ((int lane, int pi, Felt coefficient) in s_packTerms[k])
                sum += coefficient.IsOne ? per[pi] * f[c + State + lane] : coefficient * (per[pi] * f[c + State + lane]);
            T below = f[at[s_nextAccumulator[k]]];
            r[o++] = f[c + Accumulator + k] - sum - (below - per[Last] * below);
        }
        T act = f[c + Active], cell = f[c + Cell];
        r[o++] = act * (act - one);
        r[o++] = f[at[s_nextActive]] * (one - act);
        r[o++] = f[at[s_nextCell]] - cell - per[CellStep];
        // Cells on rows j = 0 … 7 below an active memory row: begin + 16k + 8·output + j holds Acc_j.
        T sel = per[MemoryRow] * act;
        T output = per[OutputRow] + per[OutputRow], base0 = cell + (output + output + output + output);
        for (int j = 0; j < Felts; j++)
        {
            T addr = j == 0 ? f[c + MemoryAddress] : f[at[s_memoryAddress[j]]];
            T value = j == 0 ? f[c + MemoryAddress + 1] : f[at[s_memoryValue[j]]];
            r[o++] = sel * (addr - base0 - (Felt)(ulong)j);
            r[o++] = sel * (value - f[c + Accumulator + j]);
        }
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, rows 2048·(k mod cap) …, its state read from the cells
    /// begin + 16k + j (j &lt; 8, each below 2^200); unused instances permute the zero state; the memory slot holds
    /// the input cells on rows 64–71 and the output cells on rows 1600–1607 of an used instance.
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var result = new Felt[lanes][][];
        for (int l = 0; l < lanes; l++)
        {
            Felt[][] cols = witness.NewLane(Width);
            int used = instances.UsedInLane(l, n);
            var loads = new ulong[cap][];
            var ends = new ulong[cap][];
            var cells = new (Felt[] Inputs, Felt[] Outputs)[used];
            var failures = new CairoTraceException?[cap];
            // The instances fill their own 2048 rows, on the threads side by side (a keccak instance is the costliest
            // builtin instance to fill); the cells then enter the memory argument in instance order.
            Parallelism.For(cap, 0, pos =>
            {
                int row0 = pos * InstanceRows, k = instances.First + l * cap + pos; // k: the instance's index in the segment
                ulong cell = instances.Cell(l * cap + pos);
                for (int j = 0; j < InstanceRows; j++) cols[Cell][row0 + j] = cell;
                ulong[] state = new ulong[25];
                var inputs = new Felt[Felts];
                try
                {
                    if (pos < used)
                    {
                        for (int j = 0; j < Felts; j++) inputs[j] = witness.Read(cell + (ulong)j, k, $"keccak input s{j}");
                        state = Unpack(inputs, $"keccak instance {k}");
                    }
                    loads[pos] = state;
                    (ulong[] output, ulong[] end) = FillRounds(cols, row0, state);
                    ends[pos] = end;
                    if (pos >= used) return;
                    Felt[] outputs = Pack(output);
                    for (int j = 0; j < Felts; j++) witness.CheckOutput(cell + Felts + (ulong)j, outputs[j], $"keccak instance {k}");
                    cells[pos] = (inputs, outputs);
                }
                catch (CairoTraceException e) { failures[pos] = e; }
            });
            foreach (CairoTraceException? failure in failures)
                if (failure is not null) throw failure;
            for (int pos = 0; pos < used; pos++)
            {
                int row0 = pos * InstanceRows;
                ulong cell = instances.Cell(l * cap + pos);
                (Felt[] inputs, Felt[] outputs) = cells[pos];
                for (int j = 0; j < Felts; j++)
                {
                    Bind(cols, witness, row0 + InputBlock * BlockRows + j, cell + (ulong)j, inputs[j]);
                    Bind(cols, witness, row0 + OutputBlock * BlockRows + j, cell + Felts + (ulong)j, outputs[j]);
                }
                for (int j = 0; j < InstanceRows; j++) cols[Active][row0 + j] = Felt.One;
            }
            // Each load block's state is the χ output of the block above it (the lane wraps around).
            for (int pos = 0; pos < cap; pos++) FillLoad(cols, pos * InstanceRows, ends[(pos + cap - 1) % cap], loads[pos]);
            result[l] = cols;
        }
        return result;
    }

    private static void Bind(Felt[][] cols, LaneWitness witness, int row, ulong address, in Felt value)
    {
        witness.Enter(address, value);
        cols[MemoryAddress][row] = address;
        cols[MemoryAddress + 1][row] = value;
    }

    /// <summary>
    /// The 25 lanes of the state the eight cells spell: state byte 25j + i is byte i of cell j (little-endian), lane
    /// ℓ is state bytes 8ℓ … 8ℓ + 7 (little-endian), as cairo-lang's keccak builtin reads them. Throws
    /// <see cref="CairoTraceException"/> naming <paramref name="what"/> when a cell is not below 2^200.
    /// </summary>
    public static ulong[] Unpack(ReadOnlySpan<Felt> cells, string what)
    {
        Span<byte> bytes = stackalloc byte[Felts * 25];
        Span<byte> word = stackalloc byte[32];
        for (int j = 0; j < Felts; j++)
        {
            cells[j].WriteBytesLittleEndian(word);
            for (int i = 25; i < 32; i++)
                if (word[i] != 0) throw new CairoTraceException($"{what}: input s{j} = {cells[j].ToHexString()} is not below 2^{FeltBits}");
            word[..25].CopyTo(bytes.Slice(25 * j, 25));
        }
        var lanes = new ulong[25];
        for (int l = 0; l < 25; l++) lanes[l] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8 * l, 8));
        return lanes;
    }

    /// <summary>The eight 200-bit cells of a state (the inverse of <see cref="Unpack"/>).</summary>
    public static Felt[] Pack(ReadOnlySpan<ulong> lanes)
    {
        Span<byte> bytes = stackalloc byte[Felts * 25];
        for (int l = 0; l < 25; l++) System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(8 * l, 8), lanes[l]);
        var cells = new Felt[Felts];
        Span<byte> word = stackalloc byte[32];
        for (int j = 0; j < Felts; j++)
        {
            word.Clear();
            bytes.Slice(25 * j, 25).CopyTo(word);
            Felt.TryFromBytesLittleEndian(word, out cells[j]);
        }
        return cells;
    }

    /// <summary>
    /// Writes blocks 1–31 of an instance with input <paramref name="input"/> into rows [row0 + 64, row0 + 2048) of
    /// the lane at column <paramref name="c"/>; returns the output state (block 25's) and χ's output of block 31.
    /// </summary>
    public static (ulong[] Output, ulong[] End) FillRounds(Felt[][] cols, int row0, ulong[] input, int c = 0)
    {
        ulong[] state = input, output = input;
        for (int block = InputBlock; block < InstanceRows / BlockRows; block++)
        {
            if (block == OutputBlock) output = state;
            ulong rc = block < OutputBlock ? RoundConstants[block - InputBlock] : 0;
            state = WriteBlock(cols, c, row0 + block * BlockRows, state, null, rc);
        }
        return (output, state);
    }

    /// <summary>
    /// Writes block 0 of an instance: its state <paramref name="state"/> (χ's output of the block above), and χ's
    /// input chosen as χ⁻¹(<paramref name="load"/>), so that block 1 holds <paramref name="load"/>.
    /// </summary>
    public static void FillLoad(Felt[][] cols, int row0, ulong[] state, ulong[] load, int c = 0)
    {
        var b = new ulong[25];
        for (int y = 0; y < 5; y++)
            for (int z = 0; z < 64; z++)
            {
                int v = 0;
                for (int x = 0; x < 5; x++) v |= (int)((load[x + 5 * y] >> z) & 1) << x;
                int u = s_chiInverse[v];
                for (int x = 0; x < 5; x++) b[x + 5 * y] |= (ulong)((u >> x) & 1) << z;
            }
        WriteBlock(cols, c, row0, state, b, 0);
    }

    /// <summary>
    /// Writes one block (one round) at rows [row, row + 64): θ's parities, carries and D of <paramref name="s"/>,
    /// χ's input <paramref name="b"/> (or ρπ of θ's output when null) and the accumulators; returns χ's output with
    /// <paramref name="rc"/> XORed into lane (0, 0) (FIPS 202 Algorithms 1–4 on 64-bit lanes).
    /// </summary>
    private static ulong[] WriteBlock(Felt[][] cols, int c, int row, ulong[] s, ulong[]? b, ulong rc)
    {
        Span<ulong> parity = stackalloc ulong[5], twos = stackalloc ulong[5], fours = stackalloc ulong[5], mix = stackalloc ulong[5];
        for (int x = 0; x < 5; x++)
        {
            // Bit-sliced counter of the five bits A[x, 0 … 4]: digits (parity, twos, fours), the carry twos + 2·fours.
            ulong d0 = 0, d1 = 0, d2 = 0;
            for (int y = 0; y < 5; y++)
            {
                ulong v = s[x + 5 * y], c0 = d0 & v;
                d0 ^= v;
                ulong c1 = d1 & c0;
                d1 ^= c0;
                d2 ^= c1;
            }
            parity[x] = d0; twos[x] = d1; fours[x] = d2;
        }
        for (int x = 0; x < 5; x++) mix[x] = parity[(x + 4) % 5] ^ BitOperations.RotateLeft(parity[(x + 1) % 5], 1);
        if (b is null)
        {
            b = new ulong[25];
            for (int l = 0; l < 25; l++)
            {
                int src = s_piSource[l];
                b[l] = BitOperations.RotateLeft(s[src] ^ mix[src % 5], Rotation[src]);
            }
        }
        var next = new ulong[25];
        for (int l = 0; l < 25; l++)
        {
            int x = l % 5, y5 = l - x;
            ulong b1 = b[y5 + (x + 1) % 5], b2 = b[y5 + (x + 2) % 5];
            next[l] = b[l] ^ (~b1 & b2);
        }
        next[0] ^= rc;
        Felt one = Felt.One;
        Span<Felt> acc = stackalloc Felt[Felts];
        for (int z = BlockRows - 1; z >= 0; z--)
        {
            int i = row + z;
            for (int l = 0; l < 25; l++)
            {
                if (((s[l] >> z) & 1) != 0)
                {
                    cols[c + State + l][i] = one;
                    int bit = 64 * l + z;
                    acc[bit / FeltBits] += s_powers[bit % FeltBits];
                }
                if (((b[l] >> z) & 1) != 0) cols[c + Pi + l][i] = one;
            }
            for (int x = 0; x < 5; x++)
            {
                if (((parity[x] >> z) & 1) != 0) cols[c + Parity + x][i] = one;
                ulong carry = ((twos[x] >> z) & 1) + 2 * ((fours[x] >> z) & 1);
                if (carry != 0) cols[c + Carry + x][i] = carry;
                if (((mix[x] >> z) & 1) != 0) cols[c + Mix + x][i] = one;
            }
            for (int k = 0; k < Felts; k++) cols[c + Accumulator + k][i] = acc[k];
        }
        return next;
    }
}
