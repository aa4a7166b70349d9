using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The composition at one point from the values opened there: the verifier's sum at the out-of-domain point z, or the
/// trace checker's test of a row (Stone's <c>ConstraintsEval</c>).
/// </summary>
internal sealed class StoneConstraintSumAtPoint : StoneConstraintSum<FeltValue>
{
    private readonly Felt[] _maskValues;
    private readonly Dictionary<long, Felt> _pointPowers = [];
    private readonly Dictionary<Felt, Felt> _inverses = [];
    private readonly bool _checking;

    /// <summary>Prepares the sum for <paramref name="layout"/> at <paramref name="at"/>.</summary>
    /// <param name="layout">The layout whose mask names the opened cells.</param>
    /// <param name="at">The point and the values opened there.</param>
    /// <param name="checking">
    /// True to check a trace row instead of summing: at a row z = gʳ a constraint's denominator vanishes exactly where
    /// it must hold, and there its numerator must be zero; <see cref="FirstViolation"/> records the first that is not.
    /// </param>
    public StoneConstraintSumAtPoint(IStoneLayout layout, StoneCompositionPoint at, bool checking = false)
        : base(layout, at.TraceLength, at.TraceGenerator, at.InteractionElements, at.ConstraintRandomElement, at.PublicInput)
    {
        if (at.MaskValues.Length != layout.Mask.Count)
            throw new ArgumentException($"layout {layout.Name} opens {layout.Mask.Count} mask values, got {at.MaskValues.Length}", nameof(at));
        _checking = checking;
        _maskValues = at.MaskValues;
        Input = at;
    }

    /// <summary>Everything the composition was asked at.</summary>
    public StoneCompositionPoint Input { get; }

    /// <summary>In checking mode, the index of the first constraint whose numerator is not zero on a row where it must hold.</summary>
    public int? FirstViolation { get; private set; }

    /// <summary>Σ α^i · constraint_i so far.</summary>
    public Felt Sum { get; private set; }

    /// <summary>The sum, after checking that exactly <paramref name="constraintCount"/> constraints were added.</summary>
    public Felt Finish(int constraintCount)
    {
        CheckCount(constraintCount);
        return Sum;
    }

    /// <inheritdoc/>
    public override FeltValue Periodic(StonePeriodicColumn column, int step) =>
        column.ValueAt(PointPower((long)step * column.Values.Length), Generator.Pow((ulong)(TraceLength / column.Values.Length)));

    /// <inheritdoc/>
    protected override FeltValue MaskValue(int index) => _maskValues[index];

    /// <inheritdoc/>
    protected override FeltValue PointPowerOfValidPeriod(long period)
    {
        if (!_pointPowers.TryGetValue(period, out Felt p))
        {
            p = Input.Point.Pow((ulong)(TraceLength / period));
            _pointPowers.Add(period, p);
        }
        return p;
    }

    /// <inheritdoc/>
    /// <remarks>Most constraints share a handful of denominators, so each is inverted once.</remarks>
    protected override void Accumulate(FeltValue numerator, FeltValue denominator, Felt weight, int index)
    {
        if (_checking)
        {
            if (denominator.Value.IsZero && !numerator.Value.IsZero) FirstViolation ??= index;
            return;
        }
        if (!_inverses.TryGetValue(denominator, out Felt inverse))
        {
            inverse = denominator.Value.Inverse();
            _inverses.Add(denominator, inverse);
        }
        Sum += weight * numerator.Value * inverse;
    }
}
