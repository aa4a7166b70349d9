using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The add_mod and mul_mod builtins' columns (cairo-lang's <c>ModBuiltinRunner</c>, batch size 1, four 96-bit words;
/// docs/cairo-air.md, "add_mod and mul_mod"): one lane of <see cref="Width"/> columns holds n/128 − 1 instances,
/// one per 128-row block, each proving a op b = c + k·p over the integers for the values its offsets select.
/// </summary>
/// <remarks>
/// <para><b>Cells.</b> Instance k has cells begin + 7k + (0 … 6) = p0, p1, p2, p3, values_ptr, offsets_ptr, n. It
/// reads the offsets at offsets_ptr + (0, 1, 2) and the words of a, b, c at values_ptr + offset + (0 … 3): 22 memory
/// accesses, on rows 0–21 of its block through the lane's one memory slot, read from row 0 by mask offsets.</para>
/// <para><b>Words.</b> Each of the 20 words (p, a, b, c, k, four each) and the 6 carries has a suffix column over the
/// whole lane: s_r = 2·s_(r+1) + bit_r with every bit_r = s_r − 2s_(r+1) in {0, 1}, so on a block's row 0 the word is
/// s − 2^96·s[+96] = Σ_(j&lt;96) bit_j·2^j, an integer below 2^96 (a carry: s − 2^100·s[+100] − 2^99, an integer in
/// [−2^99, 2^99)). One constraint per column, uniform on every row: no padding rows, no bit columns.</para>
/// <para><b>Arithmetic.</b> With words x_i of x = Σ x_i·2^(96 i), the integer a op b − c − k·p = Σ_t S_t·2^(96 t)
/// (t = 0 … 6). Product columns M_t hold the degree-2 sums Σ_(i+j=t) (a_i·b_j − k_i·p_j) (add: a_t + b_t − Σ k_i·p_j)
/// on every row; on row 0, M_t − c_t + d_(t−1) − 2^96·d_t = 0 with d_(−1) = d_6 = 0 carries the columns. Every term
/// is below 2^197 in size, far below the field's 2^251, so each equation holds over the integers and their sum
/// weighted by 2^(96 t) is a op b − c − k·p = 0.</para>
/// <para><b>Batches.</b> An instance with n ≠ 1 continues into the next one: the same p and values_ptr, offsets_ptr
/// + 3, n − 1, and the next block is active; the lane's last block is never active, so a batch ends inside the lane
/// with n = 1 (cairo-lang's <c>run_security_checks</c>: the chain while n &gt; batch_size, the last n = batch_size).</para>
/// </remarks>
internal sealed class ModLane(ModOperation operation) : IBuiltinLane
{
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 128;
    /// <summary>Memory cells per instance: p0, p1, p2, p3, values_ptr, offsets_ptr, n.</summary>
    public const int CellsPerInstance = 7;
    /// <summary>Memory slots per row of a lane.</summary>
    public const int MemorySlots = 1;
    /// <summary>Words per value.</summary>
    public const int Words = 4;
    /// <summary>Bits per word.</summary>
    public const int WordBits = 96;
    /// <summary>Bits of a biased carry (carry + 2^99 ∈ [0, 2^100)).</summary>
    public const int CarryBits = 100;
    /// <summary>Carries between the seven word positions of a op b − c − k·p.</summary>
    public const int Carries = 6;
    /// <summary>Word positions of a product of two 4-word values.</summary>
    public const int Positions = 7;
    /// <summary>Memory accesses per instance: its 7 cells, 3 offsets, 12 words of a, b, c.</summary>
    public const int Reads = 22;

    /// <summary>The operands with words in suffix columns, in column order.</summary>
    public enum Operand { P = 0, A = 1, B = 2, C = 3, K = 4 }

    /// <summary>Column offset of word i of value v: <c>4·v + i</c>.</summary>
    public static int Word(Operand v, int i) => Words * (int)v + i;
    /// <summary>Column offset of carry t's suffix (the carry biased by 2^99).</summary>
    public static int Carry(int t) => 5 * Words + t;
    /// <summary>Suffix columns: 20 words and 6 carries.</summary>
    public const int Suffixes = 5 * Words + Carries;
    /// <summary>Column offset of M_0 (M_t is <c>M0 + t</c>).</summary>
    public const int M0 = Suffixes;
    /// <summary>Column offset: the inverse of p0 + p1 + p2 + p3 on an instance's row 0.</summary>
    public const int PInverse = M0 + Positions;
    /// <summary>Column offset: 1 on the rows of used instances (a prefix of the lane).</summary>
    public const int Active = PInverse + 1;
    /// <summary>Column offset: the instance's first cell, begin + 7k.</summary>
    public const int Cell = Active + 1;
    /// <summary>Column offset: Row0·Active.</summary>
    public const int Selector = Cell + 1;
    /// <summary>Column offset: Selector·(n − 1), nonzero when the batch continues into the next instance.</summary>
    public const int Continue = Selector + 1;
    /// <summary>Column offset: the lane's memory slot address (its value is the next column).</summary>
    public const int MemoryAddress = Continue + 1;
    /// <summary>Column offset: the memory slot's value.</summary>
    public const int MemoryValue = MemoryAddress + 1;
    /// <summary>Columns per lane.</summary>
    public const int Width = MemoryValue + 1;

    private const int Row0 = 0, CellStep = 1;

    // Frame indices of the next-row entries, in s_nextEntries' order.
    private const int AtSuffixNext = 0, AtWordHigh = AtSuffixNext + Suffixes, AtCarryHigh = AtWordHigh + 5 * Words;
    private const int AtActiveNext = AtCarryHigh + Carries, AtCellNext = AtActiveNext + 1, AtMemory = AtCellNext + 1;
    private const int AtChain = AtMemory + 2 * (Reads - 1), AtNextActive = AtChain + CellsPerInstance;

    private static readonly Felt s_two96 = Felt.FromBigInteger(BigInteger.One << WordBits);
    private static readonly Felt s_two95 = Felt.FromBigInteger(BigInteger.One << (WordBits - 1));
    private static readonly Felt s_two100 = Felt.FromBigInteger(BigInteger.One << CarryBits);
    private static readonly Felt s_bias = Felt.FromBigInteger(CarryBias);
    private static readonly string[] s_suffixNames = BuildSuffixNames();
    private static readonly (int Column, int Row)[] s_nextEntries = BuildNextEntries();
    private static readonly Lazy<Felt[][]> s_periodic = new(BuildPeriodic);

    /// <summary>The bias that makes a carry non-negative: 2^99.</summary>
    public static BigInteger CarryBias => BigInteger.One << (CarryBits - 1);

    /// <summary>The lane's operation.</summary>
    public ModOperation Operation => operation;

    /// <inheritdoc/>
    public string Builtin => operation == ModOperation.Add ? "add_mod" : "mul_mod";

    /// <summary>A statement names this lane only when it has lanes, so proofs made before it existed keep their transcript.</summary>
    public bool StatedWhenUnused => false;

    int IBuiltinLane.CellsPerInstance => CellsPerInstance;
    int IBuiltinLane.InstanceRows => InstanceRows;
    int IBuiltinLane.Width => Width;
    int IBuiltinLane.Active => Active;
    int IBuiltinLane.Cell => Cell;
    int IBuiltinLane.MemorySlots => MemorySlots;
    int IBuiltinLane.MemoryAddress(int slot) => MemoryAddress;

    /// <inheritdoc/>
    public IReadOnlyList<(int Column, int Row)> NextEntries => s_nextEntries;

    /// <summary>The periodic columns over one 128-row block: row 0, cell step (7 on row 127).</summary>
    public IReadOnlyList<Felt[]> Periodic => s_periodic.Value;

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows: every block but the last.</summary>
    public int Capacity(int rows) => rows / InstanceRows - 1;

    /// <inheritdoc/>
    public int MinimumRows => 2 * InstanceRows;

    /// <summary>None: every block starts from its own cells.</summary>
    public IReadOnlyList<(int Column, Felt Value, string Name)> FirstRow => [];

    /// <summary>The name of suffix column j in constraint names: p0 … k3, carry0 … carry5.</summary>
    public static string SuffixName(int j) => s_suffixNames[j];

    private static string[] BuildSuffixNames()
    {
        var names = new string[Suffixes];
        for (int v = 0; v < 5; v++)
            for (int i = 0; i < Words; i++) names[Words * v + i] = $"{"pabck"[v]}{i}";
        for (int t = 0; t < Carries; t++) names[Carry(t)] = $"carry{t}";
        return names;
    }

    private static (int Column, int Row)[] BuildNextEntries()
    {
        var e = new List<(int, int)>();
        for (int j = 0; j < Suffixes; j++) e.Add((j, 1));
        for (int j = 0; j < 5 * Words; j++) e.Add((j, WordBits));
        for (int t = 0; t < Carries; t++) e.Add((Carry(t), CarryBits));
        e.Add((Active, 1));
        e.Add((Cell, 1));
        for (int j = 1; j < Reads; j++) { e.Add((MemoryAddress, j)); e.Add((MemoryValue, j)); }
        for (int j = 0; j < CellsPerInstance; j++) e.Add((MemoryValue, InstanceRows + j));
        e.Add((Active, InstanceRows));
        return e.ToArray();
    }

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[2][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        p[Row0][0] = Felt.One;
        p[CellStep][InstanceRows - 1] = (ulong)CellsPerInstance;
        return p;
    }

    /// <summary>The cell memory row <paramref name="j"/> of an instance reads, as its constraint names it.</summary>
    private static bool ReadsWord(int j) => j < Words || j >= 10;

    /// <summary>The word memory row <paramref name="j"/> (j &lt; 4 or j ≥ 10) binds: p_j, then a, b, c word by word.</summary>
    private static int WordOfRead(int j) => j < Words ? Word(Operand.P, j) : Words * (1 + (j - 10) / Words) + (j - 10) % Words;

    /// <summary>Appends the lane's constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"{Builtin}[{lane}]_";
        for (int j = 0; j < Suffixes; j++) add($"{p}bit[{SuffixName(j)}]", 2);
        for (int t = 0; t < Positions; t++) add($"{p}product[{t}]", 2);
        add(p + "p_nonzero", 2);
        add(p + "active_bit", 2); add(p + "active_prefix", 2); add(p + "cell_step", 1); add(p + "selector", 2);
        add(p + "continue", 2);
        for (int j = 0; j < Reads; j++)
        {
            add($"{p}memory_address[{j}]", 2);
            if (ReadsWord(j)) add($"{p}memory_value[{j}]", 2);
        }
        for (int t = 0; t < Positions; t++) add($"{p}result[{t}]", 2);
        if (operation == ModOperation.Add)
        {
            add(p + "k_bit", 2);
            for (int i = 1; i < Words; i++) add($"{p}k_high[{i}]", 2);
        }
        for (int i = 0; i < Words; i++) add($"{p}chain_p[{i}]", 2);
        add(p + "chain_values_ptr", 2); add(p + "chain_offsets_ptr", 2); add(p + "chain_n", 2); add(p + "chain_next_active", 2);
    }

    /// <inheritdoc/>
    public void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> per, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        // bit = s − 2s' ∈ {0, 1} on every row: each suffix column is a bit string read from the bottom up.
        for (int j = 0; j < Suffixes; j++)
        {
            T s1 = f[at[AtSuffixNext + j]];
            T bit = f[c + j] - (s1 + s1);
            r[o++] = bit * (bit - one);
        }
        // Words w = s − 2^96·s[+96] (an integer below 2^96); carries d = s − 2^100·s[+100] − 2^99.
        var scratch = new ConstraintScratch<T>();
        Span<T> w = ((Span<T>)scratch)[..(5 * Words)];
        for (int j = 0; j < w.Length; j++) w[j] = f[c + j] - s_two96 * f[at[AtWordHigh + j]];
        Span<T> d = ((Span<T>)scratch).Slice(5 * Words, Carries);
        for (int t = 0; t < Carries; t++) d[t] = f[c + Carry(t)] - s_two100 * f[at[AtCarryHigh + t]] - s_bias;
        // M_t = Σ_(i+j=t) (a_i·b_j − k_i·p_j), for add a_t + b_t − Σ_(i+j=t) k_i·p_j, on every row.
        for (int t = 0; t < Positions; t++) r[o++] = f[c + M0 + t] - Column(operation, w, t);
        T act = f[c + Active], cell = f[c + Cell], sel = f[c + Selector], cont = f[c + Continue];
        // (p0 + p1 + p2 + p3)·PInv = selector: an instance's p is not zero (its words are non-negative).
        T pSum = w[Word(Operand.P, 0)] + w[Word(Operand.P, 1)] + w[Word(Operand.P, 2)] + w[Word(Operand.P, 3)];
        r[o++] = pSum * f[c + PInverse] - sel;
        // active is a bit and a prefix; cell' − cell − step; selector = row0·active.
        r[o++] = act * (act - one);
        r[o++] = f[at[AtActiveNext]] * (one - act);
        r[o++] = f[at[AtCellNext]] - cell - per[CellStep];
        r[o++] = sel - per[Row0] * act;
        // continue = selector·(n − 1), n the value of memory row 6.
        r[o++] = cont - sel * (Read(f, c, at, 6) - one);
        // Memory rows 0–21: the instance's cells, its offsets at offsets_ptr + x, the words at values_ptr + offset + i.
        T valuesPtr = Read(f, c, at, 4), offsetsPtr = Read(f, c, at, 5);
        for (int j = 0; j < Reads; j++)
        {
            T expected = j < CellsPerInstance ? cell + (Felt)(ulong)j
                : j < 10 ? offsetsPtr + (Felt)(ulong)(j - CellsPerInstance)
                : valuesPtr + Read(f, c, at, CellsPerInstance + (j - 10) / Words) + (Felt)(ulong)((j - 10) % Words);
            r[o++] = sel * (Address(f, c, at, j) - expected);
            if (ReadsWord(j)) r[o++] = sel * (Read(f, c, at, j) - w[WordOfRead(j)]);
        }
        // M_t − c_t + d_(t−1) − 2^96·d_t = 0 on row 0 (d_(−1) = d_6 = 0): a op b − c − k·p = 0 over the integers.
        for (int t = 0; t < Positions; t++)
        {
            T e = f[c + M0 + t];
            if (t < Words) e -= w[Word(Operand.C, t)];
            if (t > 0) e += d[t - 1];
            if (t < Carries) e -= s_two96 * d[t];
            r[o++] = sel * e;
        }
        if (operation == ModOperation.Add)
        {
            // k ∈ {0, 1}: bits 1 … 95 of k0 are clear (s[+1] − 2^95·s[+96] = 0), k1 = k2 = k3 = 0.
            int k0 = Word(Operand.K, 0);
            r[o++] = sel * (f[at[AtSuffixNext + k0]] - s_two95 * f[at[AtWordHigh + k0]]);
            for (int i = 1; i < Words; i++) r[o++] = sel * w[Word(Operand.K, i)];
        }
        // n ≠ 1: the next block holds the batch's next instance (same p and values_ptr, offsets_ptr + 3, n − 1).
        for (int i = 0; i < Words; i++) r[o++] = cont * (f[at[AtChain + i]] - Read(f, c, at, i));
        r[o++] = cont * (f[at[AtChain + 4]] - valuesPtr);
        r[o++] = cont * (f[at[AtChain + 5]] - offsetsPtr - (Felt)3UL);
        r[o++] = cont * (f[at[AtChain + 6]] - Read(f, c, at, 6) + one);
        r[o++] = cont * (one - f[at[AtNextActive]]);
    }

    private static T Address<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, int j)
        where T : struct, IConstraintValue<T> =>
        j == 0 ? f[c + MemoryAddress] : f[at[AtMemory + 2 * (j - 1)]];

    private static T Read<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, int j)
        where T : struct, IConstraintValue<T> =>
        j == 0 ? f[c + MemoryValue] : f[at[AtMemory + 2 * (j - 1) + 1]];

    /// <summary>M_t from the row's words <paramref name="w"/> (indexed by <see cref="Word"/>).</summary>
    private static T Column<T>(ModOperation op, ReadOnlySpan<T> w, int t)
        where T : struct, IConstraintValue<T>
    {
        T m = Felt.Zero;
        if (op == ModOperation.Add && t < Words) m = w[Word(Operand.A, t)] + w[Word(Operand.B, t)];
        for (int i = Math.Max(0, t - Words + 1); i <= Math.Min(t, Words - 1); i++)
        {
            if (op == ModOperation.Mul) m += w[Word(Operand.A, i)] * w[Word(Operand.B, t - i)];
            m -= w[Word(Operand.K, i)] * w[Word(Operand.P, t - i)];
        }
        return m;
    }

    /// <summary>
    /// The lanes' columns: used instance k at lane k / cap, block k mod cap (cap = n/128 − 1), its 22 reads from
    /// <paramref name="witness"/>'s memory. Throws <see cref="CairoTraceException"/> naming the instance when a cell is
    /// missing, a word is not below 2^96, p is 0, a op b − c is not k·p with k in the builtin's bound, or a batch does
    /// not continue as the runner requires (or crosses into the next lane).
    /// </summary>
    public Felt[][][] Fill(BuiltinInstances instances, LaneWitness witness)
    {
        int n = witness.Rows, lanes = instances.Lanes(n), cap = Capacity(n);
        var reads = new ModInstance[instances.Count];
        for (int k = 0; k < reads.Length; k++) reads[k] = ModInstance.Read(this, instances.Cell(k), k, witness);
        for (int k = 0; k < reads.Length; k++)
        {
            if (reads[k].N == Felt.One) continue;
            string who = $"{Builtin} instance {k}";
            if (k + 1 == reads.Length)
                throw new CairoTraceException($"{who}: n = {reads[k].N.ToHexString()} but it is the last instance (a batch ends with n = 1)");
            if ((k + 1) % cap == 0)
                throw new CairoTraceException($"{who}: its batch continues into the next lane of {cap} instances, which this AIR does not prove");
            reads[k].CheckContinuedBy(reads[k + 1], who);
        }
        var result = new Felt[lanes][][];
        for (int l = 0; l < lanes; l++)
        {
            int used = instances.UsedInLane(l, n);
            var blocks = new ModInstance?[n / InstanceRows];
            for (int pos = 0; pos < used; pos++) blocks[pos] = reads[l * cap + pos];
            result[l] = FillLane(operation, n, instances.Cell(l * cap), blocks, witness);
        }
        return result;
    }

    /// <summary>
    /// One lane's columns over <paramref name="n"/> rows: block i holds <paramref name="blocks"/>[i] (active) or
    /// nothing (inactive, zero words); cells step by 7 from <paramref name="firstCell"/>. The active blocks' reads
    /// enter <paramref name="witness"/> (when given) through the memory slot.
    /// </summary>
    public static Felt[][] FillLane(ModOperation op, int n, ulong firstCell, IReadOnlyList<ModInstance?> blocks, LaneWitness? witness)
    {
        var cols = new Felt[Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = HugePages.NewArray<Felt>(n);
        var bits = new byte[Suffixes][];
        for (int j = 0; j < bits.Length; j++) bits[j] = new byte[n];
        for (int b = 0; b < n / InstanceRows; b++)
        {
            int row0 = b * InstanceRows;
            ulong cell = firstCell + (ulong)(CellsPerInstance * b);
            for (int j = 0; j < InstanceRows; j++) cols[Cell][row0 + j] = cell;
            if (b >= blocks.Count || blocks[b] is not ModInstance inst) continue;
            for (int j = 0; j < InstanceRows; j++) cols[Active][row0 + j] = Felt.One;
            cols[Selector][row0] = Felt.One;
            cols[Continue][row0] = inst.N - Felt.One;
            for (int j = 0; j < Reads; j++)
            {
                cols[MemoryAddress][row0 + j] = inst.Addresses[j];
                cols[MemoryValue][row0 + j] = inst.Values[j];
                witness?.Enter(inst.Addresses[j], inst.Values[j]);
            }
            for (int v = 0; v < 5; v++)
            {
                BigInteger x = (Operand)v switch { Operand.P => inst.P, Operand.A => inst.A, Operand.B => inst.B, Operand.C => inst.C, _ => inst.K };
                for (int i = 0; i < Words; i++) WriteBits(bits[Word((Operand)v, i)], row0, (x >> (WordBits * i)) & ((BigInteger.One << WordBits) - 1), WordBits);
            }
            for (int t = 0; t < Carries; t++) WriteBits(bits[Carry(t)], row0, inst.Carries[t] + CarryBias, CarryBits);
        }
        for (int j = 0; j < Suffixes; j++)
        {
            Felt[] s = cols[j];
            byte[] bj = bits[j];
            s[n - 1] = bj[n - 1];
            for (int r = n - 2; r >= 0; r--) s[r] = s[r + 1] + s[r + 1] + bj[r];
        }
        FillHelpers(cols, op, n);
        return cols;
    }

    /// <summary>The product columns M_t and PInverse on every row, from the suffix columns and the selector.</summary>
    public static void FillHelpers(Felt[][] cols, ModOperation op, int n)
    {
        Span<Felt> w = stackalloc Felt[5 * Words];
        for (int r = 0; r < n; r++)
        {
            int high = (r + WordBits) % n;
            for (int j = 0; j < w.Length; j++) w[j] = cols[j][r] - s_two96 * cols[j][high];
            for (int t = 0; t < Positions; t++) cols[M0 + t][r] = Column(op, FeltValue.Of(w), t);
            Felt pSum = w[Word(Operand.P, 0)] + w[Word(Operand.P, 1)] + w[Word(Operand.P, 2)] + w[Word(Operand.P, 3)];
            cols[PInverse][r] = cols[Selector][r].IsZero || pSum.IsZero ? Felt.Zero : pSum.Inverse();
        }
    }

    private static void WriteBits(byte[] bits, int row0, BigInteger x, int count)
    {
        for (int j = 0; j < count; j++) bits[row0 + j] = (byte)((x >> j) & 1);
    }
}
