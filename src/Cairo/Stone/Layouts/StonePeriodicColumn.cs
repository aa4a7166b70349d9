using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Poly;

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

    /// <summary>The column at the point <paramref name="sum"/> is evaluated at, its cells every <paramref name="step"/> rows.</summary>
    public T Evaluate<T>(StoneConstraintSum<T> sum, int step) where T : struct, IConstraintValue<T> => sum.Periodic(this, step);

    /// <summary>p(<paramref name="y"/>), with <paramref name="omega"/> = ω the generator of order N the values sit on.</summary>
    /// <remarks>
    /// Barycentric form on the subgroup ⟨ω⟩ of order N: p(y) = (y^N − 1)/N · Σ_i values[i] · ω^i / (y − ω^i),
    /// valid for y outside ⟨ω⟩ (the out-of-domain point is sampled outside the trace domain). N inversions, batched.
    /// At a trace row (the trace checker's points) y may be ω^i itself, where the column is values[i].
    /// </remarks>
    public Felt ValueAt(Felt y, Felt omega)
    {
        int n = Values.Length;
        var points = new Felt[n];
        FeltSpan.Powers(Felt.One, omega, points);
        var weights = new Felt[n];
        int hit = Barycentric.Weights(y, points, weights);
        if (hit >= 0) return Values[hit];
        Felt total = Felt.Zero;
        for (int i = 0; i < n; i++) total += Values[i] * weights[i];
        return total;
    }
}
