using Zetina.Stark.Air;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air.Opcodes;

/// <summary>
/// The QM31 operations' columns (docs/cairo-air.md, "Opcode extensions: QM31"): one lane of <see cref="Width"/>
/// columns holds n/64 instances, one per 64-row block, each proving z = x + y or z = x · y in QM31 for packed felts
/// (op0, op1, res) = (Σ 2^(36 i)·x_i, Σ 2^(36 i)·y_i, Σ 2^(36 i)·z_i), every coordinate canonical (below 2^31 − 1).
/// The CPU rows hand their operations to the lanes through a lookup (<see cref="Qm31Operations"/>).
/// </summary>
/// <remarks>
/// <para><b>Coordinates.</b> The 12 coordinates and the 4 reduction quotients each have a suffix column over the whole
/// lane (as the mod lanes do): s_r = 2·s_(r+1) + bit_r with every bit_r in {0, 1}, so on a block's row 0 a coordinate is
/// s − 2^31·s[+31], an integer below 2^31, and a quotient s − 2^36·s[+36], an integer below 2^36. An inverse column
/// exhibits (coordinate − (2^31 − 1))⁻¹, so the coordinate is canonical.</para>
/// <para><b>Arithmetic.</b> With x = (a, b, c, d), y = (e, f, g, h) (x = (a + b·i) + (c + d·i)·u, u² = 2 + i), the
/// product's coordinates are the integers S_0 = ae − bf + 2(cg − dh) − (ch + dg), S_1 = af + be + (cg − dh) + 2(ch + dg),
/// S_2 = ag − bh + ce − df, S_3 = ah + bg + cf + de reduced mod p = 2^31 − 1. Product columns M_j = S_j (degree 2, every
/// row); on row 0 of a multiplication M_j + 2^34·p = z_j + k_j·p, of an addition x_j + y_j = z_j + k_j·p. Every term
/// is below 2^70 in size, far below the field's 2^251, so each equation holds over the integers: z_j ≡ S_j (mod p) and,
/// canonical, z_j is the M31 coordinate the VM computes.</para>
/// </remarks>
internal static class Qm31Lane
{
    /// <summary>Rows per instance.</summary>
    public const int InstanceRows = 64;
    /// <summary>Coordinates per instance: op0's four, op1's four, res's four.</summary>
    public const int Coordinates = 12;
    /// <summary>Reduction quotients, one per result coordinate.</summary>
    public const int Quotients = 4;
    /// <summary>Bits of a coordinate.</summary>
    public const int CoordinateBits = 31;
    /// <summary>Bits of a quotient.</summary>
    public const int QuotientBits = 36;
    /// <summary>The bias 2^34·p added to a product's coordinate so that it is non-negative (|S_j| &lt; 5·2^62 &lt; 2^34·p).</summary>
    public static readonly Int128 ProductBias = (Int128)Qm31.P << 34;

    /// <summary>Column offset of suffix j: coordinates 0–3 of op0, 4–7 of op1, 8–11 of res, then quotients 0–3.</summary>
    public static int Suffix(int j) => j;
    /// <summary>Suffix columns.</summary>
    public const int Suffixes = Coordinates + Quotients;
    /// <summary>Column offset of M_0 (M_j is <c>M0 + j</c>): the product's coordinate sums S_j.</summary>
    public const int M0 = Suffixes;
    /// <summary>Column offset of the inverse of coordinate j − (2^31 − 1) (<c>Inverse0 + j</c>).</summary>
    public const int Inverse0 = M0 + Quotients;
    /// <summary>Column offset of the packed operands op0, op1, res (<c>Packed0 + v</c>), zero off an instance's row 0.</summary>
    public const int Packed0 = Inverse0 + Coordinates;
    /// <summary>Column offset: 1 on row 0 of a used instance.</summary>
    public const int Selector = Packed0 + 3;
    /// <summary>Column offset: 1 on row 0 of a used multiplication (Selector·[op is mul]).</summary>
    public const int MulSelector = Selector + 1;
    /// <summary>Columns per lane.</summary>
    public const int Width = MulSelector + 1;

    private const int AtNext = 0, AtCoordinateHigh = Suffixes, AtQuotientHigh = AtCoordinateHigh + Coordinates;

    private static readonly Felt s_p = (ulong)Qm31.P;
    private static readonly Felt s_bias = Felt.FromBigInteger((System.Numerics.BigInteger)ProductBias);
    private static readonly Felt s_two31 = 1UL << CoordinateBits;
    private static readonly Felt s_two36 = 1UL << QuotientBits;
    private static readonly Felt s_two = 2UL;
    private static readonly string[] s_names = ["op0.a", "op0.b", "op0.c", "op0.d", "op1.a", "op1.b", "op1.c", "op1.d", "res.a", "res.b", "res.c", "res.d", "k0", "k1", "k2", "k3"];
    private static readonly string[] s_packedNames = ["op0", "op1", "res"];

    /// <summary>The (column offset, row offset) pairs beyond the current row the constraints read, in frame order.</summary>
    public static IReadOnlyList<(int Column, int Row)> NextEntries { get; } = BuildNextEntries();

    /// <summary>The periodic column over one block: 1 on row 0.</summary>
    public static Felt[] Row0Periodic { get; } = BuildRow0();

    /// <summary>Instances one lane holds in a trace of <paramref name="rows"/> rows.</summary>
    public static int Capacity(int rows) => rows / InstanceRows;

    private static (int, int)[] BuildNextEntries()
    {
        var e = new List<(int, int)>();
        for (int j = 0; j < Suffixes; j++) e.Add((j, 1));
        for (int j = 0; j < Coordinates; j++) e.Add((j, CoordinateBits));
        for (int j = 0; j < Quotients; j++) e.Add((Coordinates + j, QuotientBits));
        return e.ToArray();
    }

    private static Felt[] BuildRow0()
    {
        var p = new Felt[InstanceRows];
        p[0] = Felt.One;
        return p;
    }

    /// <summary>Appends lane <paramref name="lane"/>'s constraint names and degrees, in <see cref="Evaluate"/>'s order.</summary>
    public static void AddConstraints(int lane, Action<string, int> add)
    {
        string p = $"qm31[{lane}]_";
        for (int j = 0; j < Suffixes; j++) add($"{p}bit[{s_names[j]}]", 2);
        for (int j = 0; j < Coordinates; j++) add($"{p}canonical[{s_names[j]}]", 2);
        for (int j = 0; j < Quotients; j++) add($"{p}product[{j}]", 2);
        for (int j = 0; j < Quotients; j++) add($"{p}mul_result[{j}]", 2);
        for (int j = 0; j < Quotients; j++) add($"{p}add_result[{j}]", 2);
        for (int v = 0; v < 3; v++) add($"{p}pack[{s_packedNames[v]}]", 2);
        add(p + "selector_bit", 2); add(p + "selector_row0", 2); add(p + "mul_bit", 2); add(p + "mul_selected", 2);
    }

    /// <summary>
    /// Evaluates one lane's constraints from <paramref name="o"/> on: <paramref name="c"/> its first column,
    /// <paramref name="at"/> the frame indices of <see cref="NextEntries"/>, <paramref name="row0"/> the periodic row-0 value.
    /// </summary>
    public static void Evaluate<T>(ReadOnlySpan<T> f, int c, ReadOnlySpan<int> at, in T row0, Span<T> r, ref int o)
        where T : struct, IConstraintValue<T>
    {
        T one = Felt.One;
        // bit = s − 2s' ∈ {0, 1} on every row.
        for (int j = 0; j < Suffixes; j++)
        {
            T s1 = f[at[AtNext + j]];
            T bit = f[c + j] - (s1 + s1);
            r[o++] = bit * (bit - one);
        }
        var scratch = new ConstraintScratch<T>();
        Span<T> w = ((Span<T>)scratch)[..Coordinates];
        for (int j = 0; j < Coordinates; j++) w[j] = f[c + j] - s_two31 * f[at[AtCoordinateHigh + j]];
        Span<T> k = ((Span<T>)scratch).Slice(Coordinates, Quotients);
        for (int j = 0; j < Quotients; j++) k[j] = f[c + Coordinates + j] - s_two36 * f[at[AtQuotientHigh + j]];
        T sel = f[c + Selector], selMul = f[c + MulSelector], selAdd = sel - selMul;
        // (w − p)·inverse = selector: on an instance's row 0 every coordinate differs from p = 2^31 − 1.
        for (int j = 0; j < Coordinates; j++) r[o++] = (w[j] - s_p) * f[c + Inverse0 + j] - sel;
        Span<T> s = ((Span<T>)scratch).Slice(Coordinates + Quotients, Quotients);
        ProductCoordinates(w, s);
        for (int j = 0; j < Quotients; j++) r[o++] = f[c + M0 + j] - s[j];
        // Multiplication: M_j + 2^34·p = z_j + k_j·p; addition: x_j + y_j = z_j + k_j·p (over the integers, see remarks).
        for (int j = 0; j < Quotients; j++) r[o++] = selMul * (f[c + M0 + j] + s_bias - w[8 + j] - k[j] * s_p);
        for (int j = 0; j < Quotients; j++) r[o++] = selAdd * (w[j] + w[4 + j] - w[8 + j] - k[j] * s_p);
        // packed_v = selector·Σ 2^(36 i)·coordinate_i: the felt the VM reads, zero off an instance's row 0.
        for (int v = 0; v < 3; v++) r[o++] = f[c + Packed0 + v] - sel * Pack(w.Slice(4 * v, 4));
        r[o++] = sel * (sel - one);
        r[o++] = sel * (one - row0);
        r[o++] = selMul * (selMul - one);
        r[o++] = selMul * (one - sel);
    }

    /// <summary>Σ 2^(36 i)·q_i for four coordinates (<see cref="Qm31.Pack"/> as a field expression).</summary>
    public static T Pack<T>(ReadOnlySpan<T> q) where T : struct, IConstraintValue<T> => q[0] + s_two36 * (q[1] + s_two36 * (q[2] + s_two36 * q[3]));

    /// <summary>The product's unreduced coordinates S_0 … S_3 (see remarks) from x = w[0..4], y = w[4..8].</summary>
    private static void ProductCoordinates<T>(ReadOnlySpan<T> w, Span<T> s)
        where T : struct, IConstraintValue<T>
    {
        T a = w[0], b = w[1], c = w[2], d = w[3], e = w[4], f = w[5], g = w[6], h = w[7];
        T re = c * g - d * h, im = c * h + d * g; // x1·y1
        s[0] = a * e - b * f + s_two * re - im;
        s[1] = a * f + b * e + re + s_two * im;
        s[2] = a * g - b * h + c * e - d * f;
        s[3] = a * h + b * g + c * f + d * e;
    }

    /// <summary>The unreduced S_j as integers (each |S_j| &lt; 2^65), for the quotients the filler writes.</summary>
    private static void ProductCoordinates(Qm31 x, Qm31 y, Span<Int128> s)
    {
        Int128 a = x.A, b = x.B, c = x.C, d = x.D, e = y.A, f = y.B, g = y.C, h = y.D;
        Int128 re = c * g - d * h, im = c * h + d * g;
        s[0] = a * e - b * f + 2 * re - im;
        s[1] = a * f + b * e + re + 2 * im;
        s[2] = a * g - b * h + c * e - d * f;
        s[3] = a * h + b * g + c * f + d * e;
    }

    /// <summary>
    /// One lane's columns over <paramref name="n"/> rows: block i holds <paramref name="operations"/>[i] (used) or
    /// nothing (zero coordinates, selector 0). The result of each operation must be its QM31 sum or product.
    /// </summary>
    public static Felt[][] FillLane(int n, ReadOnlySpan<Qm31Operation> operations)
    {
        var cols = new Felt[Width][];
        for (int col = 0; col < cols.Length; col++) cols[col] = new Felt[n];
        var bits = new byte[Suffixes][];
        for (int j = 0; j < bits.Length; j++) bits[j] = new byte[n];
        Span<ulong> values = stackalloc ulong[Suffixes];
        Span<Int128> s = stackalloc Int128[Quotients];
        for (int b = 0; b < operations.Length; b++)
        {
            Qm31Operation op = operations[b];
            int row0 = b * InstanceRows;
            Qm31 x = op.X, y = op.Y, z = op.Z;
            ReadOnlySpan<uint> coords = [x.A, x.B, x.C, x.D, y.A, y.B, y.C, y.D, z.A, z.B, z.C, z.D];
            for (int j = 0; j < Coordinates; j++) values[j] = coords[j];
            if (op.Multiply) ProductCoordinates(x, y, s);
            for (int j = 0; j < Quotients; j++)
            {
                Int128 total = op.Multiply ? s[j] + ProductBias : (Int128)coords[j] + coords[4 + j];
                (Int128 q, Int128 rem) = Int128.DivRem(total - coords[8 + j], Qm31.P);
                if (rem != 0 || q < 0 || q >= (Int128)1 << QuotientBits)
                    throw new InvalidOperationException($"QM31 operation {b}: the result is not op0 {(op.Multiply ? "·" : "+")} op1");
                values[Coordinates + j] = (ulong)q;
            }
            for (int j = 0; j < Suffixes; j++)
            {
                int width = j < Coordinates ? CoordinateBits : QuotientBits;
                for (int i = 0; i < width; i++) bits[j][row0 + i] = (byte)((values[j] >> i) & 1);
            }
            for (int j = 0; j < Coordinates; j++) cols[Inverse0 + j][row0] = ((Felt)values[j] - s_p).Inverse();
            cols[Packed0][row0] = x.Pack();
            cols[Packed0 + 1][row0] = y.Pack();
            cols[Packed0 + 2][row0] = z.Pack();
            cols[Selector][row0] = Felt.One;
            if (op.Multiply) cols[MulSelector][row0] = Felt.One;
        }
        // Suffixes bottom-up over the whole lane; then M_j from the words every row sees (cyclic, as the mask reads them).
        for (int j = 0; j < Suffixes; j++)
        {
            Felt acc = Felt.Zero;
            for (int row = n - 1; row >= 0; row--)
            {
                acc = acc + acc + (ulong)bits[j][row];
                cols[j][row] = acc;
            }
        }
        Span<Felt> w = stackalloc Felt[Coordinates];
        Span<Felt> m = stackalloc Felt[Quotients];
        for (int row = 0; row < n; row++)
        {
            int high = (row + CoordinateBits) % n;
            for (int j = 0; j < Coordinates; j++) w[j] = cols[j][row] - s_two31 * cols[j][high];
            ProductCoordinates<FeltValue>(FeltValue.Of(w), FeltValue.Of(m));
            for (int j = 0; j < Quotients; j++) cols[M0 + j][row] = m[j];
        }
        return cols;
    }
}
