using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// A small AIR with lifted interaction columns: a short running product q over a lifted main column, a second lifted
/// interaction column of another lift, and a lift-1 running product p that a row-0 link starts from q's last short row.
/// </summary>
/// <remarks>
/// Columns: a (lift 1), x (lift s); interaction: q (lift s), p (lift 1), v (lift t, t = 4 when s = 2, else 2) — the
/// interaction table holds p only, and the short interaction tables are ascending in lift, not in column order.
/// Constraints (E = 1: each on its short table's rows but the last):
/// <code>
/// 0: a' − a − 1 = 0                    (lift 1, degree 1)
/// 1: x' − x² − 7 = 0                   (lift s, degree 2)
/// 2: q' − q·(x + r) = 0                (lift s, degree 2: a short running product over x)
/// 3: p' − p·(a + r) = 0                (lift 1, degree 2)
/// 4: p − q(ω^(n−1)·x) = 0              (lift 1, row step n: row 0 only; q at row n − 1 is its short table's last row)
/// 5: v' − r·v = 0                      (lift t, degree 1)
/// </code>
/// Boundaries: a₀ = 1, x₀ = 2, q₀ = 1, v₀ = 1. With <paramref name="breakQAt"/> ≥ 0 the interaction adds 1 to q's short row
/// there (p still starts from the changed q's last row), so only constraint 2 fails; with <paramref name="qAtFullLength"/> it
/// returns q repeated over all n rows, a length the prover refuses.
/// </remarks>
internal sealed class LiftedAuxAir(int n, int liftQ, int breakQAt = -1, bool qAtFullLength = false) : IAir
{
    public const int A = 0, X = 1, Q = 2, P = 3, V = 4;
    private readonly int _liftV = liftQ == 2 ? 4 : 2;
    private readonly MaskEntry[] _mask =
        [new(A, 0), new(A, 1), new(X, 0), new(X, 1), new(Q, 0), new(Q, 1), new(P, 0), new(P, 1), new(Q, n - 1), new(V, 0), new(V, 1)];

    public string Name => "lifted-aux-test";
    public int TraceLength => n;
    public int MainWidth => 2;
    public int AuxWidth => 3;
    public int AuxRandomCount => 1;
    public int LiftV => _liftV;
    public ReadOnlySpan<MaskEntry> Mask => _mask;
    public ReadOnlySpan<int> TransitionDegrees => [1, 2, 2, 2, 1, 1];
    public ReadOnlySpan<int> TransitionRowSteps => (int[])[1, 1, 1, 1, n, 1];
    public ReadOnlySpan<int> ColumnLifts => (int[])[1, liftQ];
    public ReadOnlySpan<int> AuxColumnLifts => (int[])[liftQ, 1, _liftV];
    public ReadOnlySpan<int> TransitionLifts => (int[])[1, liftQ, liftQ, 1, 1, _liftV];
    public int TransitionExemptions => 1;
    public IReadOnlyList<Felt[]> PeriodicColumns => [];
    public ReadOnlySpan<Felt> PublicInput => default;

    public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result)
    {
        Felt a = frame[0], a1 = frame[1], x = frame[2], x1 = frame[3], q = frame[4], q1 = frame[5], p = frame[6], p1 = frame[7];
        Felt qLast = frame[8], v = frame[9], v1 = frame[10], r = auxRandom[0];
        result[0] = a1 - a - Felt.One;
        result[1] = x1 - x * x - Felt.FromUInt64(7);
        result[2] = q1 - q * (x + r);
        result[3] = p1 - p * (a + r);
        result[4] = p - qLast;
        result[5] = v1 - r * v;
    }

    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) =>
        [new(A, 0, Felt.One), new(X, 0, Felt.FromUInt64(2)), new(Q, 0, Felt.One), new(V, 0, Felt.One)];

    /// <summary>q and v at their short rows, p at n rows.</summary>
    public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom)
    {
        Felt[] a = mainColumns[A], x = mainColumns[X];
        Felt r = auxRandom[0];
        var q = new Felt[n / liftQ];
        q[0] = Felt.One;
        for (int j = 0; j + 1 < q.Length; j++) q[j + 1] = q[j] * (x[j] + r);
        if (breakQAt >= 0) q[breakQAt] += Felt.One;
        var p = new Felt[n];
        p[0] = q[^1];
        for (int i = 0; i + 1 < n; i++) p[i + 1] = p[i] * (a[i] + r);
        var v = new Felt[n / _liftV];
        v[0] = Felt.One;
        for (int j = 0; j + 1 < v.Length; j++) v[j + 1] = v[j] * r;
        if (qAtFullLength) q = [.. Enumerable.Range(0, n).Select(i => q[i % q.Length])];
        return [q, p, v];
    }

    /// <summary>The main columns: a at n rows, x at its n/s short rows.</summary>
    public Felt[][] Trace()
    {
        var a = new Felt[n];
        for (int i = 0; i < n; i++) a[i] = Felt.FromUInt64((ulong)i + 1);
        var x = new Felt[n / liftQ];
        x[0] = Felt.FromUInt64(2);
        for (int j = 0; j + 1 < x.Length; j++) x[j + 1] = x[j] * x[j] + Felt.FromUInt64(7);
        return [a, x];
    }
}
