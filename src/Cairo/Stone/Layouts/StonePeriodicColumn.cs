using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// A public column that repeats <see cref="Values"/> down every <c>step</c>-th row (round constants, a hash's
/// constant points). As Stone's <c>PeriodicColumn</c> builds it, it is the polynomial p of degree &lt; N = |values|
/// with p(ω^i) = values[i], ω = g^(n/N), read at x^(n/(step·N)); the row r = step·i + step·N·k then sees
/// g^(r·n/(step·N)) = ω^i.
/// </summary>
internal sealed class StonePeriodicColumn
{
    /// <summary>A column of <paramref name="values"/> (a power-of-two count).</summary>
    public StonePeriodicColumn(Felt[] values)
    {
        if (values.Length == 0 || (values.Length & (values.Length - 1)) != 0)
            throw new ArgumentException($"a periodic column needs a power-of-two number of values, got {values.Length}", nameof(values));
        Values = values;
    }

    /// <summary>One period of the column.</summary>
    public Felt[] Values { get; }

    /// <summary>The column at the out-of-domain point, its cells every <paramref name="step"/> rows.</summary>
    /// <remarks>
    /// Barycentric form on the subgroup ⟨ω⟩ of order N: p(y) = (y^N − 1)/N · Σ_i values[i] · ω^i / (y − ω^i),
    /// valid for y outside ⟨ω⟩ (the out-of-domain point is sampled outside the trace domain). N inversions, batched.
    /// At a trace row (the trace checker's points) y may be ω^i itself, where the column is values[i].
    /// </remarks>
    public Felt Evaluate(StoneConstraintSum sum, int step)
    {
        int n = Values.Length;
        Felt y = sum.PointPower((long)step * n);
        StoneEvaluationCache? cache = sum.Input.Cache;
        if (cache is not null && cache.Periodic.TryGetValue((this, y), out Felt known)) return known;
        Felt omega = sum.Generator.Pow((ulong)(sum.TraceLength / n));
        var differences = new Felt[n];
        var omegaPowers = new Felt[n];
        Felt w = Felt.One;
        for (int i = 0; i < n; i++)
        {
            omegaPowers[i] = w;
            differences[i] = y - w;
            if (differences[i].IsZero) return Values[i];
            w *= omega;
        }
        var inverses = new Felt[n];
        Felt.BatchInverse(differences, inverses);
        Felt total = Felt.Zero;
        for (int i = 0; i < n; i++) total += Values[i] * omegaPowers[i] * inverses[i];
        Felt value = total * (y.Pow((ulong)n) - Felt.One) / Felt.FromUInt64((ulong)n);
        cache?.Periodic.Add((this, y), value);
        return value;
    }
}
