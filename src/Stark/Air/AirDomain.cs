using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Air;

/// <summary>
/// Derived facts about an AIR that prover and verifier must agree on: the composition polynomial's number
/// of chunks, the out-of-domain entries, and the periodic columns' interpolants.
/// </summary>
public static class AirDomain
{
    /// <summary>
    /// The transition constraints grouped by row step and lift: each group's constraints share the divisor
    /// (x^(n/step) − 1) / Π_{r ∈ ExemptRows}(x^lift − ω_n^(r·lift)). For lift 1, ExemptRows are the rows in [n − E, n) that
    /// are multiples of step (factors x − ω_n^r); for lift s (step 1) they are the short table's last rows n/s − e,
    /// e = 1 … E, whose copies down the trace are the roots of x^s − ω_n^((n/s − e)·s) (a coset of ⟨ω_s⟩).
    /// Groups are ordered by step, then lift.
    /// </summary>
    public static TransitionGroup[] TransitionGroups(IAir air)
    {
        int n = air.TraceLength, e = air.TransitionExemptions;
        ReadOnlySpan<int> steps = air.TransitionRowSteps, lifts = air.TransitionLifts;
        int count = air.TransitionDegrees.Length;
        var byKey = new SortedDictionary<(int Step, int Lift), List<int>>();
        for (int k = 0; k < count; k++)
        {
            (int, int) key = (steps.IsEmpty ? 1 : steps[k], lifts.IsEmpty ? 1 : lifts[k]);
            if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = new List<int>();
            list.Add(k);
        }
        var groups = new List<TransitionGroup>();
        foreach (((int step, int lift), List<int> constraints) in byKey)
        {
            var exempt = new List<int>();
            if (lift == 1)
            {
                for (int r = n - e; r < n; r++) if (r % step == 0) exempt.Add(r);
            }
            else
            {
                for (int k = 1; k <= e; k++) exempt.Add(n / lift - k);
            }
            groups.Add(new TransitionGroup(step, lift, exempt.ToArray(), constraints.ToArray()));
        }
        return groups.ToArray();
    }

    /// <summary>
    /// d: the number of composition chunks, the smallest power of two with d·n above the degree of every
    /// quotient — deg_k·(n − s) + |exempt rows|·s − n/step for a transition of lift s (its inputs have degree ≤ n − s,
    /// its divisor degree n/step − E·s), n − 2 for a boundary — and at least 1.
    /// </summary>
    public static int CompositionChunks(IAir air)
    {
        long n = air.TraceLength;
        long maxDegree = n - 2; // boundary quotients
        foreach (long degree in QuotientDegrees(air)) maxDegree = Math.Max(maxDegree, degree);
        int chunks = 1;
        while (chunks * n <= maxDegree) chunks <<= 1;
        return chunks;
    }

    /// <summary>
    /// Per transition constraint k, the degree of its quotient: deg_k·(n − s) + |exempt rows|·s − n/step for its group's
    /// lift s and step (<see cref="CompositionChunks"/>).
    /// </summary>
    public static long[] QuotientDegrees(IAir air)
    {
        long n = air.TraceLength;
        ReadOnlySpan<int> degrees = air.TransitionDegrees;
        var quotient = new long[degrees.Length];
        foreach (TransitionGroup g in TransitionGroups(air))
            foreach (int k in g.Constraints)
                quotient[k] = degrees[k] * (n - g.Lift) + (long)g.ExemptRows.Length * g.Lift - n / g.Step;
        return quotient;
    }

    /// <summary>The lift of every main column (1 where <see cref="IAir.ColumnLifts"/> is empty).</summary>
    public static int[] ColumnLifts(IAir air) => Lifts(air.ColumnLifts, air.MainWidth);

    /// <summary>The lift of every interaction column (1 where <see cref="IAir.AuxColumnLifts"/> is empty).</summary>
    public static int[] AuxColumnLifts(IAir air) => Lifts(air.AuxColumnLifts, air.AuxWidth);

    /// <summary>The lift of every column in the AIR's numbering: the main columns, then the interaction columns.</summary>
    public static int[] AllColumnLifts(IAir air) => [.. ColumnLifts(air), .. AuxColumnLifts(air)];

    private static int[] Lifts(ReadOnlySpan<int> declared, int width)
    {
        var lifts = new int[width];
        for (int c = 0; c < lifts.Length; c++) lifts[c] = declared.IsEmpty ? 1 : declared[c];
        return lifts;
    }

    /// <summary>
    /// The distinct lifts above 1 among <paramref name="lifts"/> (one kind's columns: <see cref="ColumnLifts"/> or
    /// <see cref="AuxColumnLifts"/>), ascending: one short table each, committed in this order.
    /// </summary>
    public static int[] ShortTableLifts(ReadOnlySpan<int> lifts)
    {
        var set = new SortedSet<int>();
        foreach (int s in lifts) if (s > 1) set.Add(s);
        return [.. set];
    }

    /// <summary>The columns of lift <paramref name="lift"/> among <paramref name="lifts"/> (one kind's), in column order: that lift's table.</summary>
    public static int[] TableColumns(ReadOnlySpan<int> lifts, int lift)
    {
        var columns = new List<int>();
        for (int c = 0; c < lifts.Length; c++) if (lifts[c] == lift) columns.Add(c);
        return columns.ToArray();
    }

    /// <summary>
    /// The trace values sent out of domain: every mask entry, then (c, 0) for each boundary column that the
    /// mask does not already read at offset 0, in first-appearance order.
    /// </summary>
    public static MaskEntry[] OutOfDomainEntries(IAir air, IReadOnlyList<BoundaryConstraint> boundaries)
    {
        var entries = new List<MaskEntry>(air.Mask.ToArray());
        foreach (BoundaryConstraint b in boundaries)
        {
            var e = new MaskEntry(b.Column, 0);
            if (!entries.Contains(e)) entries.Add(e);
        }
        return entries.ToArray();
    }

    /// <summary>Index of (column, 0) in the out-of-domain entries.</summary>
    public static int IndexOf(MaskEntry[] entries, int column)
    {
        for (int i = 0; i < entries.Length; i++) if (entries[i].Column == column && entries[i].RowOffset == 0) return i;
        return -1;
    }

    /// <summary>
    /// The coefficients of periodic column j as a polynomial q_j with column value at x equal to
    /// q_j(x^(n/P)), P the period: the interpolant of the period's values over ⟨ω_P⟩.
    /// </summary>
    public static Felt[] PeriodicCoefficients(Felt[] period)
    {
        var c = (Felt[])period.Clone();
        Radix2Ntt.Inverse(c);
        return c;
    }

    /// <summary>
    /// The periodic columns at a point z of the trace polynomials' domain: column j's interpolant q_j
    /// (<see cref="PeriodicCoefficients"/>) at y = z^(n/P), P its period, by the barycentric formula over ⟨ω_P⟩
    /// instead of through coefficients: q(y) = (y^P − 1)/P · Σ_i v_i·ω_P^i/(y − ω_P^i), since Π_i (y − ω_P^i) = y^P − 1
    /// has derivative P·ω_P^(−i) at ω_P^i (Berrut, Trefethen, "Barycentric Lagrange Interpolation", SIAM Review 46
    /// (2004), §5). Columns of one period share the points and their inverted differences (one batched inversion), and
    /// zero values cost nothing: O(P) products a period instead of an inverse NTT a column. When y is some ω_P^i the
    /// value is v_i.
    /// </summary>
    public static Felt[] PeriodicValuesAt(IReadOnlyList<Felt[]> columns, Felt z, int n)
    {
        var values = new Felt[columns.Count];
        var done = new bool[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            if (done[j]) continue;
            int period = columns[j].Length;
            Felt y = z.Pow((ulong)(n / period));
            var points = new Felt[period];
            FeltSpan.Powers(Felt.One, RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(period)), points);
            var weights = new Felt[period];
            int hit = Barycentric.Weights(y, points, weights);
            for (int c = j; c < columns.Count; c++)
            {
                Felt[] v = columns[c];
                if (v.Length != period) continue;
                done[c] = true;
                if (hit >= 0) { values[c] = v[hit]; continue; }
                Felt sum = Felt.Zero;
                for (int i = 0; i < period; i++)
                    if (!v[i].IsZero) sum += v[i] * weights[i];
                values[c] = sum;
            }
        }
        return values;
    }

    /// <summary>Validates an AIR's shape; null when usable, else a sentence naming the problem.</summary>
    public static string? Check(IAir air)
    {
        int n = air.TraceLength;
        if (n < 8 || (n & (n - 1)) != 0) return $"trace length must be a power of two ≥ 8, got {n}";
        if (air.MainWidth < 1) return "an AIR needs at least one main column";
        int width = air.MainWidth + air.AuxWidth;
        foreach (MaskEntry m in air.Mask)
        {
            if ((uint)m.Column >= (uint)width) return $"mask column {m.Column} outside [0, {width})";
            if (m.RowOffset < 0 || m.RowOffset >= n) return $"mask row offset {m.RowOffset} outside [0, {n})";
        }
        if (air.TransitionExemptions < 0 || air.TransitionExemptions >= n) return $"transition exemptions {air.TransitionExemptions} must be in [0, {n})";
        ReadOnlySpan<int> steps = air.TransitionRowSteps;
        if (!steps.IsEmpty && steps.Length != air.TransitionDegrees.Length) return $"{steps.Length} transition row steps for {air.TransitionDegrees.Length} transitions";
        foreach (int step in steps)
            if (step <= 0 || (step & (step - 1)) != 0 || step > n) return $"transition row step {step}: must be a power of two dividing {n}";
        foreach (Felt[] p in air.PeriodicColumns)
            if (p.Length == 0 || (p.Length & (p.Length - 1)) != 0 || p.Length > n) return $"periodic column of length {p.Length}: must be a power of two dividing {n}";
        return CheckLifts(air);
    }

    /// <summary>
    /// The lifts' part of <see cref="Check"/>: as many as columns (transitions), powers of two with n/s ≥ 8, a main column
    /// and (with an interaction) an interaction column of lift 1 (their tables are never empty), lifted constraints of row
    /// step 1 with rows left to constrain.
    /// </summary>
    private static string? CheckLifts(IAir air)
    {
        int n = air.TraceLength;
        ReadOnlySpan<int> transitionLifts = air.TransitionLifts, steps = air.TransitionRowSteps;
        string? error = CheckColumnLifts(air.ColumnLifts, air.MainWidth, n, "main") ?? CheckColumnLifts(air.AuxColumnLifts, air.AuxWidth, n, "interaction");
        if (error is not null) return error;
        if (!transitionLifts.IsEmpty && transitionLifts.Length != air.TransitionDegrees.Length)
            return $"{transitionLifts.Length} transition lifts for {air.TransitionDegrees.Length} transitions";
        for (int k = 0; k < transitionLifts.Length; k++)
        {
            int s = transitionLifts[k];
            if (s <= 0 || (s & (s - 1)) != 0 || n / s < 8) return $"transition {k}'s lift {s}: must be a power of two with {n}/s ≥ 8";
            if (s > 1 && !steps.IsEmpty && steps[k] != 1) return $"transition {k} has lift {s} and row step {steps[k]}: a lifted constraint has row step 1";
            if (s > 1 && air.TransitionExemptions >= n / s)
                return $"transition {k} has lift {s}: {air.TransitionExemptions} exempt rows leave none of its {n / s} short rows";
        }
        return null;
    }

    /// <summary>One kind's column lifts (<paramref name="kind"/>: main or interaction): one per column, powers of two with n/s ≥ 8, one of them 1.</summary>
    private static string? CheckColumnLifts(ReadOnlySpan<int> lifts, int width, int n, string kind)
    {
        if (lifts.IsEmpty) return null;
        if (lifts.Length != width) return $"{lifts.Length} column lifts for {width} {kind} columns";
        bool table = width == 0;
        foreach (int s in lifts)
        {
            if (s <= 0 || (s & (s - 1)) != 0 || n / s < 8) return $"{kind} column lift {s}: must be a power of two with {n}/s ≥ 8";
            table |= s == 1;
        }
        return table ? null : $"every {kind} column is lifted: at least one must have lift 1";
    }

    /// <summary>
    /// C(z) from trace values at z·ω^o (<paramref name="ood"/>, in <paramref name="entries"/> order, the mask first):
    /// the formula <see cref="ICompositionEvaluator"/> applies on the domain, at one point outside it.
    /// </summary>
    public static Felt CompositionAt(IAir air, Felt z, Felt[] ood, MaskEntry[] entries, Felt[] auxRandom, Felt[] alphas,
        IReadOnlyList<BoundaryConstraint> boundaries)
    {
        int n = air.TraceLength, transitions = air.TransitionDegrees.Length;
        Felt omega = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));
        IReadOnlyList<Felt[]> periodicCols = air.PeriodicColumns;
        Felt[] periodic = PeriodicValuesAt(periodicCols, z, n);
        var result = new Felt[transitions];
        air.EvaluateTransition(ood.AsSpan(0, air.Mask.Length), periodic, auxRandom, result);
        Felt acc = Felt.Zero;
        foreach (TransitionGroup g in TransitionGroups(air))
        {
            // Σ_k α_k·t_k · Π_{r exempt}(z^s − ω^(r·s)) / (z^(n/step) − 1), s the group's lift
            Felt sum = Felt.Zero;
            foreach (int k in g.Constraints) sum += alphas[k] * result[k];
            Felt zLift = z.Pow((ulong)g.Lift);
            foreach (int r in g.ExemptRows) sum *= zLift - omega.Pow((ulong)r * (ulong)g.Lift);
            acc += sum * (z.Pow((ulong)(n / g.Step)) - Felt.One).Inverse();
        }
        for (int b = 0; b < boundaries.Count; b++)
        {
            BoundaryConstraint bc = boundaries[b];
            Felt t = ood[AirDomain.IndexOf(entries, bc.Column)];
            acc += alphas[transitions + b] * (t - bc.Value) * (z - omega.Pow((ulong)bc.Row)).Inverse();
        }
        return acc;
    }

}

/// <summary>
/// Transition constraints sharing a row step and a lift, hence a divisor (see <see cref="AirDomain.TransitionGroups"/>):
/// each exempt row r contributes the factor x^Lift − ω_n^(r·Lift).
/// </summary>
/// <param name="Step">The row step: the divisor's numerator is x^(n/Step) − 1.</param>
/// <param name="Lift">The lift s: 1, or the lift of the short columns the constraints read (then Step is 1).</param>
/// <param name="ExemptRows">The rows r whose factors x^Lift − ω_n^(r·Lift) the divisor leaves out.</param>
/// <param name="Constraints">The constraints' indices, ascending.</param>
public sealed record TransitionGroup(int Step, int Lift, int[] ExemptRows, int[] Constraints);
