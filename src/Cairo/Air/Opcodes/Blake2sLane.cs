using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Air.Opcodes;

/// <summary>
/// The Blake2s opcode extension's columns (docs/cairo-air.md, "Opcode extensions: Blake2s"): one lane of
/// <see cref="Width"/> columns holds n/128 instances, one per 128-row block, each proving one BLAKE2s compression
/// (RFC 7693 §3.2) of the 8 state words at the state pointer and the 16 message words at the message pointer, with
/// counter t and the finalize flag, its 8 result words written from the output pointer read at [ap].
/// </summary>
/// <remarks>
/// <para><b>Rows of an instance.</b> Rows 0 … 79 are the 80 G calls (round ⌊r/8⌋, call r mod 8); rows 80 … 87 the
/// feed-forward h'_i = h_i ⊕ v_i ⊕ v_(i+8); rows 88 … 103 the message words' bit decompositions; row 104 reads the
/// output pointer at [ap]. The 16 state words v live in 16 columns; periodic selectors say which of them a G row takes
/// as a, b, c, d and which message words as x, y, and the row writes its four results back.</para>
/// <para><b>One G call per row.</b> Eight 32-bit words are bit columns: b and d (inputs), a1 = a + b + x, d1 = (d ⊕ a1)
/// ⋙ 16, c1 = c + d1, b1 = (b ⊕ c1) ⋙ 12, a2 = a1 + b1 + y, c2 = c1 + d2; d2 = (d1 ⊕ a2) ⋙ 8 and b2 = (b1 ⊕ c2) ⋙ 7 are
/// felt columns. XOR of bits is x + y − 2xy and a rotation a permutation of bit weights, so every XOR relation is
/// degree 2 and holds on every row (the filler keeps them true on non-G rows too); the additions are linear, gated
/// by periodic selectors: a + b + x = a1 + 2^32·k with k ∈ [0, 3] from two carry bits (every summand below 2^32, so the
/// equation holds over the integers and a1 is the sum mod 2^32).</para>
/// <para><b>Feed-forward rows</b> reuse the same columns: d = h_i ⋙ 8, a1 = v_i ⋙ 8, a2 = v_(i+8) ⋙ 24 (linear
/// links, gated) make the always-on relations give d2 = ((d ⊕ a1) ⋙ 24) ⊕ (a2 ⋙ 8) = h_i ⊕ v_i ⊕ v_(i+8).</para>
/// </remarks>
internal static class Blake2sLane
{
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 128;
    /// <summary>G calls per compression: 10 rounds of 8.</summary>
    public const int GRows = 80;
    /// <summary>First feed-forward row (h'_i on row <c>FinalRow + i</c>).</summary>
    public const int FinalRow = GRows;
    /// <summary>First message-decomposition row (m_i on row <c>MessageRow + i</c>).</summary>
    public const int MessageRow = FinalRow + 8;
    /// <summary>The row that reads the output pointer at [ap].</summary>
    public const int ApRow = MessageRow + 16;

    private const int Bits = 32;
    /// <summary>Bit words: b, d, a1, d1, c1, b1, a2, c2.</summary>
    private const int WB = 0, WD = 1, WA1 = 2, WD1 = 3, WC1 = 4, WB1 = 5, WA2 = 6, WC2 = 7, Words = 8;
    private static readonly string[] s_wordNames = ["b", "d", "a1", "d1", "c1", "b1", "a2", "c2"];

    /// <summary>Column offset of bit <paramref name="j"/> of bit word <paramref name="w"/>.</summary>
    private static int Bit(int w, int j) => w * Bits + j;
    /// <summary>Carry bits: a1 (two), c1, a2 (two), c2.</summary>
    private const int K1a = Words * Bits, K1b = K1a + 1, K3 = K1a + 2, K5a = K1a + 3, K5b = K1a + 4, K7 = K1a + 5, Carries = 6;
    private static readonly string[] s_carryNames = ["k_a1_lo", "k_a1_hi", "k_c1", "k_a2_lo", "k_a2_hi", "k_c2"];
    /// <summary>d2 and b2 as felts.</summary>
    public const int DOut = K1a + Carries, BOut = DOut + 1;
    /// <summary>The 16 state words v_0 … v_15 (<c>V0 + k</c>).</summary>
    public const int V0 = BOut + 1;
    /// <summary>The 8 input state words h_0 … h_7, constant over an instance.</summary>
    public const int H0 = V0 + 16;
    /// <summary>The 16 message words, constant over an instance.</summary>
    public const int M0 = H0 + 8;
    /// <summary>Counter t and finalize flag (read on row 0).</summary>
    public const int Counter = M0 + 16, Finalize = Counter + 1;
    /// <summary>Pointers, constant over an instance: state, message, the cell ap, the output pointer read there.</summary>
    public const int StatePointer = Finalize + 1, MessagePointer = StatePointer + 1, ApCell = MessagePointer + 1, OutputPointer = ApCell + 1;
    /// <summary>1 on every row of a used instance.</summary>
    public const int Active = OutputPointer + 1;
    /// <summary>1 on row 0 of a used instance.</summary>
    public const int Selector = Active + 1;
    /// <summary>The lookup tuple Selector·(state pointer, message pointer, counter, finalize, ap) (<c>Tuple0 + i</c>).</summary>
    public const int Tuple0 = Selector + 1;
    /// <summary>Tuple entries.</summary>
    public const int TupleSize = 5;
    /// <summary>Memory-slot selectors (Active on the feed-forward, message and ap rows) and the slot's offset Active·idx.</summary>
    private const int UseFinal = Tuple0 + TupleSize, UseMessage = UseFinal + 1, UseAp = UseFinal + 2, SlotOffset = UseFinal + 3;
    /// <summary>Memory slot 0 (inputs: h, m, [ap]) and slot 1 (outputs), each (address, value).</summary>
    public const int Address0 = SlotOffset + 1, Value0 = Address0 + 1, Address1 = Value0 + 1, Value1 = Address1 + 1;
    /// <summary>Columns per lane.</summary>
    public const int Width = Value1 + 1;
    /// <summary>Memory slots per lane row.</summary>
    public const int MemorySlots = 2;

    /// <summary>Column offset of memory slot <paramref name="slot"/>'s address (its value is the next column).</summary>
    public static int MemoryAddress(int slot) => slot == 0 ? Address0 : Address1;

    /// <summary>BLAKE2s's initialization vector (RFC 7693 §2.6), the hash's own table.</summary>
    public static ReadOnlySpan<uint> IV => Blake2s256.IV;

    /// <summary>The message schedule σ (RFC 7693 §2.7), one row of 16 per round: the hash's own table.</summary>
    private static ReadOnlySpan<byte> Sigma => Blake2s256.Sigma;

    /// <summary>The state indices (a, b, c, d) of G call <paramref name="j"/> of a round (RFC 7693 §3.2).</summary>
    private static (int A, int B, int C, int D) Call(int j) => j < 4
        ? (j, 4 + j, 8 + j, 12 + j)
        : (j - 4, 4 + (j - 3) % 4, 8 + (j - 2) % 4, 12 + (j - 1) % 4);

    // Periodic columns, in order.
    private const int PRow0 = 0, PNotLast = 1, PG = 2, PSelA = 3, PSelB = PSelA + 4, PSelC = PSelB + 4, PSelD = PSelC + 4,
        PSelX = PSelD + 4, PSelY = PSelX + 16, PFinal = PSelY + 16, PSelFinal = PFinal + 1, PMessage = PSelFinal + 8,
        PSelMessage = PMessage + 1, PAp = PSelMessage + 16, PIndex = PAp + 1, PeriodicCount = PIndex + 1;

    /// <summary>The lane's periodic columns over one instance (see the remarks for the rows).</summary>
    public static IReadOnlyList<Felt[]> Periodic { get; } = BuildPeriodic();

    /// <summary>Columns read on the next row: the state words, the instance constants, Active.</summary>
    private static readonly int[] s_next = [.. Enumerable.Range(V0, 16), .. Enumerable.Range(H0, 8), .. Enumerable.Range(M0, 16),
        StatePointer, MessagePointer, ApCell, OutputPointer, Active];

    /// <summary>Names of the instance constants, in <see cref="s_next"/>'s order after the state words.</summary>
    private static readonly string[] s_constantNames = [.. Enumerable.Range(0, 8).Select(k => $"h{k}"), .. Enumerable.Range(0, 16).Select(k => $"m{k}"),
        "state_pointer", "message_pointer", "ap", "output_pointer", "active"];

    /// <summary>The (column offset, row offset) pairs beyond the current row the constraints read, in frame order.</summary>
    public static IReadOnlyList<(int Column, int Row)> NextEntries { get; } = s_next.Select(c => (c, 1)).ToArray();

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public static int Capacity(int rows) => rows / InstanceRows;

    private static Felt[][] BuildPeriodic()
    {
        var p = new Felt[PeriodicCount][];
        for (int i = 0; i < p.Length; i++) p[i] = new Felt[InstanceRows];
        p[PRow0][0] = Felt.One;
        for (int r = 0; r < InstanceRows - 1; r++) p[PNotLast][r] = Felt.One;
        ReadOnlySpan<byte> sigma = Sigma;
        for (int r = 0; r < GRows; r++)
        {
            int round = r / 8, j = r % 8;
            (int a, int b, int c, int d) = Call(j);
            p[PG][r] = Felt.One;
            p[PSelA + a][r] = Felt.One;
            p[PSelB + b - 4][r] = Felt.One;
            p[PSelC + c - 8][r] = Felt.One;
            p[PSelD + d - 12][r] = Felt.One;
            p[PSelX + sigma[16 * round + 2 * j]][r] = Felt.One;
            p[PSelY + sigma[16 * round + 2 * j + 1]][r] = Felt.One;
        }
        for (int i = 0; i < 8; i++)
        {
            p[PFinal][FinalRow + i] = Felt.One;
            p[PSelFinal + i][FinalRow + i] = Felt.One;
            p[PIndex][FinalRow + i] = (ulong)i;
        }
        for (int i = 0; i < 16; i++)
        {
            p[PMessage][MessageRow + i] = Felt.One;
            p[PSelMessage + i][MessageRow + i] = Felt.One;
            p[PIndex][MessageRow + i] = (ulong)i;
        }
        p[PAp][ApRow] = Felt.One;
        return p;
    }

    /// <summary>Appends lane <paramref name="lane"/>'s constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public static void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"blake[{lane}]_";
        for (int w = 0; w < Words; w++)
            for (int j = 0; j < Bits; j++) add($"{p}bit[{s_wordNames[w]}.{j}]", 2);
        foreach (string k in s_carryNames) add($"{p}bit[{k}]", 2);
        for (int j = 0; j < Bits; j++) add($"{p}xor[d1.{j}]", 2);
        for (int j = 0; j < Bits; j++) add($"{p}xor[b1.{j}]", 2);
        add(p + "xor[d2]", 2); add(p + "xor[b2]", 2);
        add(p + "g_b", 2); add(p + "g_d", 2);
        add(p + "g_add[a1]", 2); add(p + "g_add[c1]", 2); add(p + "g_add[a2]", 2); add(p + "g_add[c2]", 2);
        for (int k = 0; k < 16; k++) add($"{p}g_update[v{k}]", 2);
        foreach (string c in s_constantNames) add($"{p}constant[{c}]", 2);
        for (int k = 0; k < 8; k++) add($"{p}init[v{k}]", 2);
        for (int k = 0; k < 4; k++) add($"{p}init[v{8 + k}]", 2);
        add(p + "init[counter]", 2); add(p + "init[v13]", 2); add(p + "init[finalize]", 2); add(p + "init[v15]", 2);
        add(p + "finalize_bit", 2); add(p + "active_bit", 2); add(p + "selector", 2);
        for (int i = 0; i < TupleSize; i++) add($"{p}tuple[{i}]", 2);
        add(p + "final[h]", 2); add(p + "final[v]", 2); add(p + "final[v8]", 2);
        add(p + "message", 2);
        add(p + "use[final]", 2); add(p + "use[message]", 2); add(p + "use[ap]", 2); add(p + "use[offset]", 2);
        add(p + "memory[address]", 2); add(p + "memory[value]", 2); add(p + "output[address]", 2); add(p + "output[value]", 2);
    }

    private static readonly Felt s_two32 = 1UL << 32;
    private static readonly Felt[] s_pow2 = BuildPowers();

    private static Felt[] BuildPowers()
    {
        var p = new Felt[Bits];
        for (int j = 0; j < Bits; j++) p[j] = 1UL << j;
        return p;
    }

    /// <summary>The word of bit word <paramref name="w"/> rotated right by <paramref name="s"/>: Σ 2^j·bit_((j+s) mod 32).</summary>
    private static T Word<T>(ReadOnlySpan<T> f, int c, int w, int s = 0)
        where T : struct, IConstraintValue<T>
    {
        T acc = Felt.Zero;
        for (int j = 0; j < Bits; j++) acc += s_pow2[j] * f[c + Bit(w, (j + s) % Bits)];
        return acc;
    }

    /// <summary>Σ_j 2^j·(bit_((j+s)) of u ⊕ bit_((j+s)) of v): (u ⊕ v) ⋙ s for bit words u, v.</summary>
    private static T XorWord<T>(ReadOnlySpan<T> f, int c, int u, int v, int s)
        where T : struct, IConstraintValue<T>
    {
        T acc = Felt.Zero;
        for (int j = 0; j < Bits; j++) acc += s_pow2[j] * BitConstraints.Xor(f[c + Bit(u, (j + s) % Bits)], f[c + Bit(v, (j + s) % Bits)]);
        return acc;
    }

    /// <summary>Σ_i sel_i·col_i over <paramref name="count"/> selectors from <paramref name="p0"/>, columns from <paramref name="c0"/>.</summary>
    private static T Select<T>(ReadOnlySpan<T> f, int c0, ReadOnlySpan<T> periodic, int p0, int count)
        where T : struct, IConstraintValue<T>
    {
        T acc = Felt.Zero;
        for (int i = 0; i < count; i++) acc += periodic[p0 + i] * f[c0 + i];
        return acc;
    }

    /// <summary>
    /// Evaluates one lane's constraints from <paramref name="o"/> on: <paramref name="c"/> its first column,
    /// <paramref name="at"/> the frame indices of <see cref="NextEntries"/>, <paramref name="periodic"/> its periodic values.
    /// </summary>
    public static void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, ReadOnlySpan<T> periodic, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        for (int j = 0; j < Words * Bits + Carries; j++)
        {
            T bit = f[c + j];
            r[o++] = bit * (bit - one);
        }
        // Always-on XOR relations: d1 = (d ⊕ a1) ⋙ 16, b1 = (b ⊕ c1) ⋙ 12, d2 = (d1 ⊕ a2) ⋙ 8, b2 = (b1 ⊕ c2) ⋙ 7.
        for (int j = 0; j < Bits; j++)
            r[o++] = f[c + Bit(WD1, j)] - BitConstraints.Xor(f[c + Bit(WD, (j + 16) % Bits)], f[c + Bit(WA1, (j + 16) % Bits)]);
        for (int j = 0; j < Bits; j++)
            r[o++] = f[c + Bit(WB1, j)] - BitConstraints.Xor(f[c + Bit(WB, (j + 12) % Bits)], f[c + Bit(WC1, (j + 12) % Bits)]);
        r[o++] = f[c + DOut] - XorWord(f, c, WD1, WA2, 8);
        r[o++] = f[c + BOut] - XorWord(f, c, WB1, WC2, 7);

        // G rows: b and d are the selected state words; the four additions mod 2^32.
        T g = periodic[PG];
        T a = Select(f, c + V0, periodic, PSelA, 4), b = Select(f, c + V0 + 4, periodic, PSelB, 4);
        T cc = Select(f, c + V0 + 8, periodic, PSelC, 4), d = Select(f, c + V0 + 12, periodic, PSelD, 4);
        T x = Select(f, c + M0, periodic, PSelX, 16), y = Select(f, c + M0, periodic, PSelY, 16);
        T wb = Word(f, c, WB), wd = Word(f, c, WD), wa1 = Word(f, c, WA1), wd1 = Word(f, c, WD1);
        T wc1 = Word(f, c, WC1), wb1 = Word(f, c, WB1), wa2 = Word(f, c, WA2), wc2 = Word(f, c, WC2);
        T dOut = f[c + DOut], bOut = f[c + BOut];
        r[o++] = g * wb - b;
        r[o++] = g * wd - d;
        r[o++] = a + g * wb + x - g * (wa1 + s_two32 * (f[c + K1a] + f[c + K1b] + f[c + K1b]));
        r[o++] = cc + g * wd1 - g * (wc1 + s_two32 * f[c + K3]);
        r[o++] = g * (wa1 + wb1 - wa2 - s_two32 * (f[c + K5a] + f[c + K5b] + f[c + K5b])) + y;
        r[o++] = g * (wc1 + dOut - wc2 - s_two32 * f[c + K7]);

        // State update: v' = v except the four words the G row wrote; no carry from an instance's last row.
        T notLast = periodic[PNotLast];
        for (int k = 0; k < 16; k++)
        {
            int role = k / 4;
            T written = role switch { 0 => wa2, 1 => bOut, 2 => wc2, _ => dOut };
            T v = f[c + V0 + k];
            r[o++] = notLast * (f[at[k]] - v) - periodic[PSelA + k] * (written - v);
        }
        for (int e = 16; e < s_next.Length; e++) r[o++] = notLast * (f[at[e]] - f[c + s_next[e]]);

        // Initialization on a used instance's row 0: v = h ‖ IV, v12 = IV4 ⊕ t (t from d's bits), v14 = IV6 ⊕ f0.
        T sel = f[c + Selector];
        for (int k = 0; k < 8; k++) r[o++] = sel * (f[c + V0 + k] - f[c + H0 + k]);
        ReadOnlySpan<uint> iv = IV;
        for (int k = 0; k < 4; k++) r[o++] = sel * (f[c + V0 + 8 + k] - (Felt)(ulong)iv[k]);
        T t = (Felt)(ulong)iv[4];
        for (int j = 0; j < Bits; j++)
            t += ((iv[4] >> j & 1) == 0 ? s_pow2[j] : -s_pow2[j]) * f[c + Bit(WD, j)];
        r[o++] = sel * (f[c + Counter] - t);
        r[o++] = sel * (f[c + V0 + 13] - (Felt)(ulong)iv[5]);
        r[o++] = sel * (f[c + V0 + 14] - (Felt)(ulong)iv[6]) - f[c + Tuple0 + 3] * s_finalizeDelta;
        r[o++] = sel * (f[c + V0 + 15] - (Felt)(ulong)iv[7]);
        T fin = f[c + Finalize], act = f[c + Active];
        r[o++] = fin * (fin - one);
        r[o++] = act * (act - one);
        r[o++] = sel - act * periodic[PRow0];
        ReadOnlySpan<int> tupleOf = [StatePointer, MessagePointer, Counter, Finalize, ApCell];
        for (int i = 0; i < TupleSize; i++) r[o++] = f[c + Tuple0 + i] - sel * f[c + tupleOf[i]];

        // Feed-forward rows: d = h_i ⋙ 8, a1 = v_i ⋙ 8, a2 = v_(i+8) ⋙ 24, so d2 = h_i ⊕ v_i ⊕ v_(i+8).
        T final = periodic[PFinal];
        T h = Word(f, c, WD, 24);
        r[o++] = Select(f, c + H0, periodic, PSelFinal, 8) - final * h;
        r[o++] = Select(f, c + V0, periodic, PSelFinal, 8) - final * Word(f, c, WA1, 24);
        r[o++] = Select(f, c + V0 + 8, periodic, PSelFinal, 8) - final * Word(f, c, WA2, 8);
        // Message rows: m_i's bits in b (so every message word is below 2^32).
        r[o++] = Select(f, c + M0, periodic, PSelMessage, 16) - periodic[PMessage] * wb;

        // Memory: slot 0 reads h_i (feed-forward rows), m_i (message rows), the output pointer at [ap]; slot 1 writes h'_i.
        T uf = f[c + UseFinal], um = f[c + UseMessage], ua = f[c + UseAp], off = f[c + SlotOffset];
        r[o++] = uf - act * final;
        r[o++] = um - act * periodic[PMessage];
        r[o++] = ua - act * periodic[PAp];
        r[o++] = off - act * periodic[PIndex];
        T a0 = f[c + Address0], v0 = f[c + Value0];
        r[o++] = uf * (a0 - f[c + StatePointer]) + um * (a0 - f[c + MessagePointer]) + ua * (a0 - f[c + ApCell]) - off;
        r[o++] = uf * (v0 - h) + um * (v0 - wb) + ua * (v0 - f[c + OutputPointer]);
        r[o++] = uf * (f[c + Address1] - a0 + f[c + StatePointer] - f[c + OutputPointer]);
        r[o++] = uf * (f[c + Value1] - dOut);
    }

    /// <summary>v14's change when finalizing: (IV6 ⊕ (2^32 − 1)) − IV6 = 2^32 − 1 − 2·IV6.</summary>
    private static readonly Felt s_finalizeDelta = uint.MaxValue - 2UL * 0x1F83D9AB;

    /// <summary>
    /// One lane's columns over <paramref name="n"/> rows: block i holds <paramref name="operations"/>[i], the rest are
    /// unused instances (all zero: the compression of zeros without initialization, which every gated relation allows).
    /// </summary>
    public static Felt[][] FillLane(int n, ReadOnlySpan<Blake2sOperation> operations)
    {
        var cols = new Felt[Width][];
        for (int col = 0; col < cols.Length; col++) cols[col] = new Felt[n];
        ReadOnlySpan<byte> sigma = Sigma;
        Span<uint> v = stackalloc uint[16];
        for (int i = 0; i < operations.Length; i++)
        {
            Blake2sOperation op = operations[i];
            int row0 = i * InstanceRows;
            for (int r = 0; r < InstanceRows; r++)
            {
                int row = row0 + r;
                for (int k = 0; k < 8; k++) cols[H0 + k][row] = (ulong)op.State[k];
                for (int k = 0; k < 16; k++) cols[M0 + k][row] = (ulong)op.Message[k];
                cols[StatePointer][row] = op.StatePointer;
                cols[MessagePointer][row] = op.MessagePointer;
                cols[ApCell][row] = op.Ap;
                cols[OutputPointer][row] = op.OutputPointer;
                cols[Active][row] = Felt.One;
            }
            cols[Counter][row0] = (ulong)op.Counter;
            cols[Finalize][row0] = op.Finalize ? Felt.One : Felt.Zero;
            cols[Selector][row0] = Felt.One;
            cols[Tuple0][row0] = op.StatePointer;
            cols[Tuple0 + 1][row0] = op.MessagePointer;
            cols[Tuple0 + 2][row0] = (ulong)op.Counter;
            cols[Tuple0 + 3][row0] = cols[Finalize][row0];
            cols[Tuple0 + 4][row0] = op.Ap;

            op.State.CopyTo(v);
            IV.CopyTo(v[8..]);
            v[12] ^= op.Counter;
            if (op.Finalize) v[14] ^= uint.MaxValue;
            for (int r = 0; r < GRows; r++)
            {
                int row = row0 + r, round = r / 8, j = r % 8;
                for (int k = 0; k < 16; k++) cols[V0 + k][row] = (ulong)v[k];
                (int ia, int ib, int ic, int id) = Call(j);
                uint a = v[ia], b = v[ib], c = v[ic], d = v[id];
                uint x = op.Message[sigma[16 * round + 2 * j]], y = op.Message[sigma[16 * round + 2 * j + 1]];
                ulong s1 = (ulong)a + b + x;
                uint a1 = (uint)s1, d1 = BitOperations.RotateRight(d ^ a1, 16);
                ulong s3 = (ulong)c + d1;
                uint c1 = (uint)s3, b1 = BitOperations.RotateRight(b ^ c1, 12);
                ulong s5 = (ulong)a1 + b1 + y;
                uint a2 = (uint)s5, d2 = BitOperations.RotateRight(d1 ^ a2, 8);
                ulong s7 = (ulong)c1 + d2;
                uint c2 = (uint)s7;
                SetWords(cols, row, b, d, a1, c1, a2, c2);
                uint k1 = (uint)(s1 >> 32), k5 = (uint)(s5 >> 32);
                cols[K1a][row] = (ulong)(k1 & 1);
                cols[K1b][row] = (ulong)(k1 >> 1);
                cols[K3][row] = s3 >> 32;
                cols[K5a][row] = (ulong)(k5 & 1);
                cols[K5b][row] = (ulong)(k5 >> 1);
                cols[K7][row] = s7 >> 32;
                v[ia] = a2; v[id] = d2; v[ic] = c2; v[ib] = BitOperations.RotateRight(b1 ^ c2, 7);
            }
            for (int r = GRows; r < InstanceRows; r++)
                for (int k = 0; k < 16; k++) cols[V0 + k][row0 + r] = (ulong)v[k];
            for (int k = 0; k < 8; k++)
            {
                int row = row0 + FinalRow + k;
                SetWords(cols, row, 0, BitOperations.RotateRight(op.State[k], 8), BitOperations.RotateRight(v[k], 8), 0,
                    BitOperations.RotateRight(v[8 + k], 24), 0);
                cols[UseFinal][row] = Felt.One;
                cols[SlotOffset][row] = (ulong)k;
                cols[Address0][row] = op.StatePointer + (ulong)k;
                cols[Value0][row] = (ulong)op.State[k];
                cols[Address1][row] = op.OutputPointer + (ulong)k;
                cols[Value1][row] = (ulong)(op.State[k] ^ v[k] ^ v[8 + k]);
            }
            for (int k = 0; k < 16; k++)
            {
                int row = row0 + MessageRow + k;
                SetWords(cols, row, op.Message[k], 0, 0, 0, 0, 0);
                cols[UseMessage][row] = Felt.One;
                cols[SlotOffset][row] = (ulong)k;
                cols[Address0][row] = op.MessagePointer + (ulong)k;
                cols[Value0][row] = (ulong)op.Message[k];
            }
            cols[UseAp][row0 + ApRow] = Felt.One;
            cols[Address0][row0 + ApRow] = op.Ap;
            cols[Value0][row0 + ApRow] = op.OutputPointer;
        }
        return cols;
    }

    /// <summary>The bit words of a row from its six free words; d1, b1, d2 and b2 follow from the XOR relations.</summary>
    private static void SetWords(Felt[][] cols, int row, uint b, uint d, uint a1, uint c1, uint a2, uint c2)
    {
        uint d1 = BitOperations.RotateRight(d ^ a1, 16), b1 = BitOperations.RotateRight(b ^ c1, 12);
        ReadOnlySpan<uint> words = [b, d, a1, d1, c1, b1, a2, c2];
        for (int w = 0; w < Words; w++)
            for (int j = 0; j < Bits; j++) cols[Bit(w, j)][row] = (ulong)(words[w] >> j & 1);
        cols[DOut][row] = (ulong)BitOperations.RotateRight(d1 ^ a2, 8);
        cols[BOut][row] = (ulong)BitOperations.RotateRight(b1 ^ c2, 7);
    }

    /// <summary>The 8 words an instance writes: the compression of its state and message (for the builder's check).</summary>
    public static uint[] Output(Blake2sOperation op)
    {
        var h = (uint[])op.State.Clone();
        Blake2s256.Compress(h, op.Message, op.Counter, 0, op.Finalize ? uint.MaxValue : 0u, 0);
        return h;
    }
}
