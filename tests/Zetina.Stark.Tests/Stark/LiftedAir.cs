using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// A small AIR mixing ordinary columns with lifted ones at lifts 2 and 4 (columns interleaved, so the tables' column order
/// is not the AIR's), a lift-1 constraint that reads a lifted column, and optionally a running product over a lifted column
/// in an interaction column.
/// </summary>
/// <remarks>
/// Columns: a, b (lift 1), x (lift 2), y, w (lift 4), c (lift 1); with the interaction, p (column 6). Constraints, each on
/// its short table's rows but the last (E = 1):
/// <code>
/// 0: a' − b = 0                        (lift 1, degree 1)
/// 1: b' − a − b = 0                    (lift 1, degree 1)
/// 2: x' − x² − 7 = 0                   (lift 2, degree 2)
/// 3: y' − y − 1 = 0                    (lift 4, degree 1)
/// 4: w' − w·y − 1 = 0                  (lift 4, degree 2)
/// 5: c − a·x = 0, or c − a·x² (cubic)  (lift 1, degree 2 or 3: reads a lifted column)
/// 6: p' − p·(x + r) = 0                (lift 1, degree 2, interaction only)
/// </code>
/// Boundaries: a₀ = 1, x₀ = 2, y at row n/4 + 3 (a later copy of short row 3) = 3, and p₀ = 1 with the interaction.
/// </remarks>
internal sealed class LiftedAir(int n, bool interaction = false, bool cubic = false) : IAir
{
    public const int A = 0, B = 1, X = 2, Y = 3, W = 4, C = 5, P = 6;
    private static readonly int[] s_lifts = [1, 1, 2, 4, 4, 1];
    private static readonly MaskEntry[] s_mask =
        [new(A, 0), new(B, 0), new(A, 1), new(B, 1), new(X, 0), new(X, 1), new(Y, 0), new(Y, 1), new(W, 0), new(W, 1), new(C, 0)];
    private static readonly MaskEntry[] s_maskWithProduct = [.. s_mask, new(P, 0), new(P, 1)];

    public string Name => "lifted-test";
    public int TraceLength => n;
    public int MainWidth => 6;
    public int AuxWidth => interaction ? 1 : 0;
    public int AuxRandomCount => interaction ? 1 : 0;
    public ReadOnlySpan<MaskEntry> Mask => interaction ? s_maskWithProduct : s_mask;
    private readonly int[] _degrees = interaction ? [1, 1, 2, 1, 2, cubic ? 3 : 2, 2] : [1, 1, 2, 1, 2, cubic ? 3 : 2];
    private readonly int[] _transitionLifts = interaction ? [1, 1, 2, 4, 4, 1, 1] : [1, 1, 2, 4, 4, 1];

    public ReadOnlySpan<int> TransitionDegrees => _degrees;
    public ReadOnlySpan<int> ColumnLifts => s_lifts;
    public ReadOnlySpan<int> TransitionLifts => _transitionLifts;
    public int TransitionExemptions => 1;
    public IReadOnlyList<Felt[]> PeriodicColumns => [];
    public ReadOnlySpan<Felt> PublicInput => default;
    public IReadOnlyList<int>? AuxInputColumns => [X];

    public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result)
    {
        Felt a = frame[0], b = frame[1], a1 = frame[2], b1 = frame[3], x = frame[4], x1 = frame[5], y = frame[6], y1 = frame[7];
        Felt w = frame[8], w1 = frame[9], c = frame[10];
        result[0] = a1 - b;
        result[1] = b1 - a - b;
        result[2] = x1 - x * x - Felt.FromUInt64(7);
        result[3] = y1 - y - Felt.One;
        result[4] = w1 - w * y - Felt.One;
        result[5] = c - (cubic ? a * x * x : a * x);
        if (interaction) result[6] = frame[12] - frame[11] * (x + auxRandom[0]);
    }

    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom)
    {
        var b = new List<BoundaryConstraint> { new(A, 0, Felt.One), new(X, 0, Felt.FromUInt64(2)), new(Y, n / 4 + 3, Felt.FromUInt64(3)) };
        if (interaction) b.Add(new BoundaryConstraint(P, 0, Felt.One));
        return b;
    }

    public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom)
    {
        Felt[] x = mainColumns[X];
        var p = new Felt[n];
        p[0] = Felt.One;
        for (int r = 0; r + 1 < n; r++) p[r + 1] = p[r] * (x[r % x.Length] + auxRandom[0]);
        return [p];
    }

    /// <summary>The main columns, lifted ones at their n/s rows.</summary>
    public Felt[][] Trace()
    {
        var a = new Felt[n];
        var b = new Felt[n];
        a[0] = Felt.One;
        b[0] = Felt.FromUInt64(3);
        for (int r = 0; r + 1 < n; r++) { a[r + 1] = b[r]; b[r + 1] = a[r] + b[r]; }
        var x = new Felt[n / 2];
        x[0] = Felt.FromUInt64(2);
        for (int j = 0; j + 1 < x.Length; j++) x[j + 1] = x[j] * x[j] + Felt.FromUInt64(7);
        var y = new Felt[n / 4];
        var w = new Felt[n / 4];
        w[0] = Felt.FromUInt64(11);
        for (int j = 0; j < y.Length; j++) y[j] = Felt.FromUInt64((ulong)j);
        for (int j = 0; j + 1 < w.Length; j++) w[j + 1] = w[j] * y[j] + Felt.One;
        Felt[][] trace = [a, b, x, y, w, new Felt[n]];
        RecomputeProducts(trace);
        return trace;
    }

    /// <summary>Sets c = a·x (or a·x²) from the other columns, so that constraint 5 holds whatever x is.</summary>
    public void RecomputeProducts(Felt[][] trace)
    {
        Felt[] a = trace[A], x = trace[X], c = trace[C];
        for (int r = 0; r < n; r++)
        {
            Felt xr = x[r % x.Length];
            c[r] = cubic ? a[r] * xr * xr : a[r] * xr;
        }
    }
}
