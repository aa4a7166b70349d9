using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;
using C = Zetina.Cairo.Air.CairoColumns;

namespace Zetina.Cairo.Air.Opcodes;

/// <summary>
/// The Blake2s opcode extension in the Cairo AIR (docs/cairo-air.md, "Opcode extensions: Blake2s"): the CPU columns
/// that decode an instruction word with extension 1 (Blake2s) or 2 (Blake2s finalize) and hand (op0, op1, dst,
/// finalize, ap) to the <see cref="Blake2sLane"/> lanes, and the lookup (a running product) that makes every such CPU
/// row one lane instance.
/// </summary>
/// <remarks>
/// <para>Present only when the shape states <see cref="Name"/> with at least one lane; without it the decomposition
/// has no 2^63 or 2^64 term for these extensions, so such a statement proves no run that executes one.</para>
/// <para>CPU columns: β (1 on a Blake2s step), φ (1 on a Blake2s finalize step) and the tuple e = b·(op0, op1, dst, ap)
/// with b = β + φ. The decomposition gains + 2^63·β + 2^64·φ. The instruction forms are those the VM's decoder
/// allows: nop, op1 from fp or ap, res = op1, a regular pc update, ap += 0 or 1.</para>
/// <para>Lookup: U = e_0 + α e_1 + α² e_2 + α³ φ + α⁴ e_3 per CPU row and the lane's compressed tuple per lane row,
/// a running product A (after the CPU row) and B_l (after lane l) exactly as the QM31 lookup
/// (<see cref="Qm31Operations"/>).</para>
/// </remarks>
internal static class Blake2sOperations
{
    /// <summary>The component's name in the statement's lane list and the proof document.</summary>
    public const string Name = "blake2s_operation";

    /// <summary>The extensions' values: Blake2s (1) and Blake2s finalize (2).</summary>
    public const int Extension = 1, FinalizeExtension = 2;

    /// <summary>CPU column offset: β, 1 on a Blake2s step.</summary>
    public const int IsBlake = 0;
    /// <summary>CPU column offset: φ, 1 on a Blake2s finalize step.</summary>
    public const int IsFinalize = 1;
    /// <summary>CPU column offset of the tuple b·op0, b·op1, b·dst, b·ap (<c>Tuple0 + i</c>).</summary>
    public const int Tuple0 = 2;
    /// <summary>CPU columns of the component.</summary>
    public const int CpuWidth = Tuple0 + 4;

    /// <summary>The extensions' weights in the word: 2^63 (β) and 2^64 (φ).</summary>
    public static readonly Felt BlakeWeight = Felt.FromBigInteger(BigInteger.One << 63), FinalizeWeight = Felt.FromBigInteger(BigInteger.One << 64);

    /// <summary>Columns of the component with <paramref name="lanes"/> lanes (0 when unused).</summary>
    public static int Width(int lanes) => lanes == 0 ? 0 : CpuWidth + lanes * Blake2sLane.Width;

    /// <summary>Offset of lane <paramref name="lane"/>'s first column from the component's first column.</summary>
    public static int LaneOffset(int lane) => CpuWidth + lane * Blake2sLane.Width;

    /// <summary>The flags a Blake2s instruction must have clear (the VM's decoder refuses them): b·f = 0 for each.</summary>
    private static readonly CairoFlag[] s_clear =
        [CairoFlag.OpcodeAssertEq, CairoFlag.OpcodeCall, CairoFlag.OpcodeRet, CairoFlag.PcJumpAbs, CairoFlag.PcJumpRel, CairoFlag.PcJnz,
         CairoFlag.ApAdd, CairoFlag.ResAdd, CairoFlag.ResMul, CairoFlag.Op1Imm];

    /// <summary>Appends the CPU constraints' names and degrees, in <see cref="EvaluateCpu"/>'s order.</summary>
    public static void AddCpuConstraints(bool withQm31, Action<string, int> add)
    {
        add("blake_bit", 2);
        add("blake_finalize_bit", 2);
        add("blake_exclusive", 2);
        if (withQm31) add("blake_exclusive[qm31]", 2);
        foreach (CairoFlag f in s_clear) add($"blake_form[{f}]", 2);
        add("blake_form[op1_fp_or_ap]", 2);
        for (int i = 0; i < 4; i++) add($"blake_tuple[{i}]", 2);
    }

    /// <summary>
    /// The CPU constraints on the current row (main columns <paramref name="cur"/>), the component at column
    /// <paramref name="c"/>, the QM31 flag at <paramref name="qm31"/> (−1 without QM31 columns): β, φ bits and
    /// exclusive (one extension per word); a Blake2s step has the VM's form; the tuple is b·(op0, op1, dst, ap).
    /// </summary>
    public static void EvaluateCpu<T>(ReadOnlySpan<T> cur, int c, int qm31, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One, beta = cur[c + IsBlake], phi = cur[c + IsFinalize], b = beta + phi;
        r[o++] = beta * (beta - one);
        r[o++] = phi * (phi - one);
        r[o++] = beta * phi;
        if (qm31 >= 0) r[o++] = b * cur[qm31];
        foreach (CairoFlag f in s_clear) r[o++] = b * cur[C.Flag(f)];
        r[o++] = b * (one - cur[C.Flag(CairoFlag.Op1Fp)] - cur[C.Flag(CairoFlag.Op1Ap)]);
        r[o++] = cur[c + Tuple0] - b * cur[C.Op0];
        r[o++] = cur[c + Tuple0 + 1] - b * cur[C.Op1];
        r[o++] = cur[c + Tuple0 + 2] - b * cur[C.Dst];
        r[o++] = cur[c + Tuple0 + 3] - b * cur[C.Ap];
    }

    /// <summary>Appends the lookup constraints' names and degrees, in <see cref="EvaluateLookup"/>'s order.</summary>
    public static void AddLookupConstraints(int lanes, Action<string, int> add)
    {
        for (int l = 0; l < lanes; l++) add($"blake_lookup[{l}]", 2);
        add("blake_lookup[row]", 2);
    }

    /// <summary>e_0 + α e_1 + α² e_2 + α³ e_3 + α⁴ e_4: a tuple compressed with the memory challenge α.</summary>
    public static T Compress<T>(in T e0, in T e1, in T e2, in T e3, in T e4, in T alpha) where T : struct, IConstraintValue<T> =>
        e0 + alpha * (e1 + alpha * (e2 + alpha * (e3 + alpha * e4)));

    /// <summary>e_0 + α e_1 + α² e_2 + α³ e_3 + α⁴ e_4 over field elements (the trace builder's lookup columns).</summary>
    public static Felt Compress(in Felt e0, in Felt e1, in Felt e2, in Felt e3, in Felt e4, in Felt alpha) =>
        Compress<FeltValue>(e0, e1, e2, e3, e4, alpha).Value;

    private static T LaneTuple<T>(ReadOnlySpan<T> cur, int lc, in T alpha) where T : struct, IConstraintValue<T> =>
        Compress(cur[lc + Blake2sLane.Tuple0], cur[lc + Blake2sLane.Tuple0 + 1], cur[lc + Blake2sLane.Tuple0 + 2],
            cur[lc + Blake2sLane.Tuple0 + 3], cur[lc + Blake2sLane.Tuple0 + 4], alpha);

    /// <summary>
    /// The lookup's transitions: B_0·(z − L_0) = A, B_l·(z − L_l) = B_(l−1), A' = B_last·(z − U'). <paramref name="a"/>
    /// is the auxiliary column of A, <paramref name="nextA"/> and <paramref name="nextTuple"/> the frame indices of A'
    /// and of e_0', e_1', e_2', φ', e_3'.
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
        T u = Compress(frame[nextTuple[0]], frame[nextTuple[1]], frame[nextTuple[2]], frame[nextTuple[3]], frame[nextTuple[4]], alpha);
        r[o++] = frame[nextA] - before * (z - u);
    }

    /// <summary>The CPU columns whose next-row values the lookup reads: e_0, e_1, e_2, φ, e_3 (offsets from the component).</summary>
    public static ReadOnlySpan<int> NextTupleColumns => [Tuple0, Tuple0 + 1, Tuple0 + 2, IsFinalize, Tuple0 + 3];

    /// <summary>
    /// The component's main columns: β, φ and the tuple per row from <paramref name="extension"/> (the step's opcode
    /// extension, 0 off Blake2s steps), and the lanes holding <paramref name="operations"/> (rows 0 … n − 2, in row
    /// order), <see cref="Blake2sLane.Capacity"/> per lane.
    /// </summary>
    public static Felt[][] Fill(Felt[][] cpu, int[] extension, IReadOnlyList<Blake2sOperation> operations, out int lanes)
    {
        int n = extension.Length, cap = Blake2sLane.Capacity(n);
        lanes = Math.Max(1, (operations.Count + cap - 1) / cap);
        var cols = new Felt[Width(lanes)][];
        for (int j = 0; j < CpuWidth; j++) cols[j] = new Felt[n];
        for (int row = 0; row < n; row++)
        {
            if (extension[row] is not (Extension or FinalizeExtension)) continue;
            cols[extension[row] == Extension ? IsBlake : IsFinalize][row] = Felt.One;
            cols[Tuple0][row] = cpu[C.Op0][row];
            cols[Tuple0 + 1][row] = cpu[C.Op1][row];
            cols[Tuple0 + 2][row] = cpu[C.Dst][row];
            cols[Tuple0 + 3][row] = cpu[C.Ap][row];
        }
        var ops = operations.ToArray();
        for (int l = 0; l < lanes; l++)
        {
            int from = l * cap, count = Math.Clamp(ops.Length - from, 0, cap);
            Felt[][] lane = Blake2sLane.FillLane(n, ops.AsSpan(from, count));
            for (int j = 0; j < Blake2sLane.Width; j++) cols[LaneOffset(l) + j] = lane[j];
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
                int lc = c + LaneOffset(l) + Blake2sLane.Tuple0;
                den[row * lanes + l] = z - Compress(main[lc][row], main[lc + 1][row], main[lc + 2][row], main[lc + 3][row], main[lc + 4][row], alpha);
                if (den[row * lanes + l].IsZero) throw new CairoTraceException("blake2s lookup: a challenge hit a trace value (denominator zero)");
            }
        var inv = new Felt[den.Length];
        Felt.BatchInverse(den, inv);
        Felt p = Felt.One;
        for (int row = 0; row < n; row++)
        {
            p *= z - Compress(main[c + Tuple0][row], main[c + Tuple0 + 1][row], main[c + Tuple0 + 2][row], main[c + IsFinalize][row], main[c + Tuple0 + 3][row], alpha);
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
