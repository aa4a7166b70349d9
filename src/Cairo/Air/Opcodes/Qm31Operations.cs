using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;
using C = Zetina.Cairo.Air.CairoColumns;

namespace Zetina.Cairo.Air.Opcodes;

/// <summary>
/// The QM31 opcode extension in the Cairo AIR (docs/cairo-air.md, "Opcode extensions: QM31"): the CPU columns that
/// decode an instruction word with extension 3 and hand (op0, op1, res, op) to the <see cref="Qm31Lane"/> lanes, and
/// the lookup (a running product) that makes every such CPU row one lane instance.
/// </summary>
/// <remarks>
/// <para>Present only when the shape states <see cref="Name"/> with at least one lane; a statement without them keeps
/// the plain decomposition inst = off_dst~ + 2^16·off_op0~ + 2^32·off_op1~ + 2^48·flags, which no word with an
/// extension satisfies, so it proves no run that executes one.</para>
/// <para>CPU columns: q (1 on a QM31 step), δ (res's correction) and the tuple e = q·(op0, op1, res, f_RES_MUL). The
/// decomposition becomes inst = … + 2^48·flags + 3·2^63·q, and the res constraint gains + δ with (1 − q)·δ = 0: on a
/// QM31 step res is whatever the lookup proves, elsewhere the paper's res.</para>
/// <para>Lookup: with U = e_0 + α e_1 + α² e_2 + α³ e_3 per CPU row and L = V_0 + α V_1 + α² V_2 + α³ mulSel per row of
/// each lane (zero off an instance's row 0), a running product A (after the CPU row) and B_l (after lane l) over rows
/// 0 … n − 2: A_0 = z − U_0, B_0·(z − L_0) = A, B_l·(z − L_l) = B_(l−1), A' = B_last·(z − U'), and B_last = z^(−(lanes − 1)(n − 1))
/// on row n − 2 (every side has n − 1 entries per column; the zero tuples of the extra lane columns are the z factors).</para>
/// </remarks>
internal static class Qm31Operations
{
    /// <summary>The component's name in the statement's lane list and the proof document.</summary>
    public const string Name = "qm31_operation";

    /// <summary>The extension's value: the word's bits 63 and 64 (opcode extension 3).</summary>
    public const int Extension = 3;

    /// <summary>CPU column offset: q, 1 on a QM31 step.</summary>
    public const int IsQm31 = 0;
    /// <summary>CPU column offset: δ, added to the res constraint (zero unless q).</summary>
    public const int ResDelta = 1;
    /// <summary>CPU column offset of the tuple q·op0, q·op1, q·res, q·f_RES_MUL (<c>Tuple0 + i</c>).</summary>
    public const int Tuple0 = 2;
    /// <summary>CPU columns of the component.</summary>
    public const int CpuWidth = Tuple0 + 4;

    /// <summary>The extension's weight in the word: 3·2^63.</summary>
    public static readonly Felt ExtensionWeight = Felt.FromBigInteger(new BigInteger(Extension) << 63);

    /// <summary>Columns of the component with <paramref name="lanes"/> lanes (0 when unused).</summary>
    public static int Width(int lanes) => lanes == 0 ? 0 : CpuWidth + lanes * Qm31Lane.Width;

    /// <summary>Offset of lane <paramref name="lane"/>'s first column from the component's first column.</summary>
    public static int LaneOffset(int lane) => CpuWidth + lane * Qm31Lane.Width;

    /// <summary>The flag forms a QM31 instruction may not take (the VM's decoder refuses them): q·f = 0 for each.</summary>
    private static readonly CairoFlag[] s_clear =
        [CairoFlag.OpcodeCall, CairoFlag.OpcodeRet, CairoFlag.PcJumpAbs, CairoFlag.PcJumpRel, CairoFlag.PcJnz, CairoFlag.ApAdd];

    /// <summary>Appends the CPU constraints' names and degrees, in <see cref="EvaluateCpu"/>'s order.</summary>
    public static void AddCpuConstraints(Action<string, int> add)
    {
        add("qm31_bit", 2);
        add("qm31_form[assert_eq]", 2);
        foreach (CairoFlag f in s_clear) add($"qm31_form[{f}]", 2);
        add("qm31_form[res_add_or_mul]", 2);
        add("qm31_form[op1_not_op0]", 2);
        add("qm31_res_delta", 2);
        for (int i = 0; i < 4; i++) add($"qm31_tuple[{i}]", 2);
    }

    /// <summary>
    /// The CPU constraints on the current row <paramref name="cur"/> (main columns), the component at column
    /// <paramref name="c"/>: q is a bit; a QM31 step is assert_eq with res add or mul, op1 not through op0, a regular pc
    /// update and ap += 0 or 1 (the VM's forms); δ vanishes off QM31 steps; the tuple is q·(op0, op1, res, f_RES_MUL).
    /// </summary>
    public static void EvaluateCpu<T>(ReadOnlySpan<T> cur, int c, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One, q = cur[c + IsQm31];
        r[o++] = q * (q - one);
        r[o++] = q * (one - cur[C.Flag(CairoFlag.OpcodeAssertEq)]);
        foreach (CairoFlag f in s_clear) r[o++] = q * cur[C.Flag(f)];
        r[o++] = q * (one - cur[C.Flag(CairoFlag.ResAdd)] - cur[C.Flag(CairoFlag.ResMul)]);
        r[o++] = q * (one - cur[C.Flag(CairoFlag.Op1Imm)] - cur[C.Flag(CairoFlag.Op1Fp)] - cur[C.Flag(CairoFlag.Op1Ap)]);
        r[o++] = (one - q) * cur[c + ResDelta];
        r[o++] = cur[c + Tuple0] - q * cur[C.Op0];
        r[o++] = cur[c + Tuple0 + 1] - q * cur[C.Op1];
        r[o++] = cur[c + Tuple0 + 2] - q * cur[C.Res];
        r[o++] = cur[c + Tuple0 + 3] - q * cur[C.Flag(CairoFlag.ResMul)];
    }

    /// <summary>Appends the lookup constraints' names and degrees, in <see cref="EvaluateLookup"/>'s order.</summary>
    public static void AddLookupConstraints(int lanes, Action<string, int> add)
    {
        for (int l = 0; l < lanes; l++) add($"qm31_lookup[{l}]", 2);
        add("qm31_lookup[row]", 2);
    }

    /// <summary>U = e_0 + α e_1 + α² e_2 + α³ e_3: a tuple compressed with the memory challenge α.</summary>
    public static T Compress<T>(in T e0, in T e1, in T e2, in T e3, in T alpha) where T : struct, IConstraintValue<T> =>
        e0 + alpha * (e1 + alpha * (e2 + alpha * e3));

    /// <summary>U = e_0 + α e_1 + α² e_2 + α³ e_3 over field elements (the trace builder's lookup columns).</summary>
    public static Felt Compress(in Felt e0, in Felt e1, in Felt e2, in Felt e3, in Felt alpha) => Compress<FeltValue>(e0, e1, e2, e3, alpha).Value;

    /// <summary>L of lane column base <paramref name="lc"/> on a row (<paramref name="cur"/> its main columns).</summary>
    private static T LaneTuple<T>(ReadOnlySpan<T> cur, int lc, in T alpha) where T : struct, IConstraintValue<T> =>
        Compress(cur[lc + Qm31Lane.Packed0], cur[lc + Qm31Lane.Packed0 + 1], cur[lc + Qm31Lane.Packed0 + 2], cur[lc + Qm31Lane.MulSelector], alpha);

    /// <summary>
    /// The lookup's transitions: B_0·(z − L_0) = A, B_l·(z − L_l) = B_(l−1) on the current row, and A' = B_last·(z − U').
    /// <paramref name="c"/> is the component's first main column, <paramref name="a"/> the auxiliary column of A (B_l
    /// at a + 1 + l), <paramref name="nextA"/> and <paramref name="nextTuple"/> the frame indices of A' and e_0' … e_3'.
    /// </summary>
    public static void EvaluateLookup<T>(ReadOnlySpan<T> cur, ReadOnlySpan<T> aux, ReadOnlySpan<T> frame, int c, int lanes, int a,
        int nextA, ReadOnlySpan<int> nextTuple, in T z, in T alpha, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T before = aux[a];
        for (int l = 0; l < lanes; l++)
        {
            T after = aux[a + 1 + l];
            r[o++] = after * (z - LaneTuple(cur, c + LaneOffset(l), alpha)) - before;
            before = after;
        }
        T u = Compress(frame[nextTuple[0]], frame[nextTuple[1]], frame[nextTuple[2]], frame[nextTuple[3]], alpha);
        r[o++] = frame[nextA] - before * (z - u);
    }

    /// <summary>The value B_last takes on row n − 2: z^(−(lanes − 1)(n − 1)) (the extra lanes' zero tuples).</summary>
    public static Felt LookupEnd(in Felt z, int rows, int lanes)
    {
        Felt zi = z.Inverse(), acc = Felt.One;
        BigInteger e = (BigInteger)(lanes - 1) * (rows - 1);
        Felt b = zi;
        while (e > 0)
        {
            if (!e.IsEven) acc *= b;
            b *= b;
            e >>= 1;
        }
        return acc;
    }

    /// <summary>
    /// The component's main columns for a run whose CPU columns are <paramref name="cpu"/>: q and δ per row as the
    /// builder decoded them, the tuples, and the lanes holding <paramref name="operations"/> (the QM31 steps of rows
    /// 0 … n − 2, in row order), <see cref="Qm31Lane.Capacity"/> per lane.
    /// </summary>
    public static Felt[][] Fill(Felt[][] cpu, bool[] isQm31, Felt[] delta, IReadOnlyList<Qm31Operation> operations, out int lanes)
    {
        int n = isQm31.Length, cap = Qm31Lane.Capacity(n);
        lanes = Math.Max(1, (operations.Count + cap - 1) / cap);
        var cols = new Felt[Width(lanes)][];
        for (int j = 0; j < CpuWidth; j++) cols[j] = new Felt[n];
        for (int row = 0; row < n; row++)
        {
            if (!isQm31[row]) continue;
            cols[IsQm31][row] = Felt.One;
            cols[ResDelta][row] = delta[row];
            cols[Tuple0][row] = cpu[C.Op0][row];
            cols[Tuple0 + 1][row] = cpu[C.Op1][row];
            cols[Tuple0 + 2][row] = cpu[C.Res][row];
            cols[Tuple0 + 3][row] = cpu[C.Flag(CairoFlag.ResMul)][row];
        }
        var ops = operations.ToArray();
        for (int l = 0; l < lanes; l++)
        {
            int from = l * cap, count = Math.Clamp(ops.Length - from, 0, cap);
            Felt[][] lane = Qm31Lane.FillLane(n, ops.AsSpan(from, count));
            for (int j = 0; j < Qm31Lane.Width; j++) cols[LaneOffset(l) + j] = lane[j];
        }
        return cols;
    }

    /// <summary>
    /// The lookup's auxiliary columns A, B_0 … B_(lanes − 1) for challenges z, α (the component's main columns from
    /// <paramref name="c"/> in <paramref name="main"/>). Throws <see cref="CairoTraceException"/> if a denominator vanishes.
    /// </summary>
    public static Felt[][] BuildLookup(IReadOnlyList<Felt[]> main, int c, int lanes, in Felt z, in Felt alpha)
    {
        int n = main[0].Length;
        var result = new Felt[1 + lanes][];
        for (int j = 0; j < result.Length; j++) result[j] = new Felt[n];
        var den = new Felt[n * lanes];
        for (int row = 0; row < n; row++)
            for (int l = 0; l < lanes; l++)
            {
                int lc = c + LaneOffset(l);
                den[row * lanes + l] = z - Compress(main[lc + Qm31Lane.Packed0][row], main[lc + Qm31Lane.Packed0 + 1][row], main[lc + Qm31Lane.Packed0 + 2][row], main[lc + Qm31Lane.MulSelector][row], alpha);
                if (den[row * lanes + l].IsZero) throw new CairoTraceException("qm31 lookup: a challenge hit a trace value (denominator zero)");
            }
        var inv = new Felt[den.Length];
        Felt.BatchInverse(den, inv);
        Felt p = Felt.One;
        for (int row = 0; row < n; row++)
        {
            p *= z - Compress(main[c + Tuple0][row], main[c + Tuple0 + 1][row], main[c + Tuple0 + 2][row], main[c + Tuple0 + 3][row], alpha);
            result[0][row] = p;
            for (int l = 0; l < lanes; l++)
            {
                p *= inv[row * lanes + l];
                result[1 + l][row] = p;
            }
        }
        return result;
    }
}
