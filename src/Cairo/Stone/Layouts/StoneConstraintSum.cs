using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The composition of a layout's constraints at the out-of-domain point z, built one constraint at a time:
/// Σ α^i · numerator_i / denominator_i, where the numerator is the constraint (times the rows it is lifted from)
/// and the denominator the vanishing polynomial of the rows it holds on (Stone's <c>ConstraintsEval</c>).
/// </summary>
/// <remarks>
/// The components read trace cells through <c>Cell</c> by virtual column, and name the rows a constraint holds
/// on with <see cref="Every"/>, <see cref="Rows"/> and <see cref="Row"/>: with g the trace generator of order n,
/// the rows r ≡ k (mod p) are the roots of x^(n/p) − g^(k·n/p), and row r alone the root of x − g^r.
/// A cell the mask lacks is a bug in a layout's constants and throws.
/// </remarks>
internal sealed class StoneConstraintSum
{
    private readonly Dictionary<StoneMaskEntry, int> _maskIndex;
    private readonly Felt[] _maskValues;
    private readonly Dictionary<long, Felt> _pointPowers = [];
    private readonly Dictionary<long, Felt> _generatorPowers;
    private readonly Dictionary<Felt, Felt> _inverses;
    private readonly Felt _alpha;
    private Felt _alphaPower = Felt.One;
    private readonly bool _checking;

    /// <summary>Prepares the sum for <paramref name="layout"/> at <paramref name="at"/>.</summary>
    /// <param name="layout">The layout whose mask names the opened cells.</param>
    /// <param name="at">The point and the values opened there.</param>
    /// <param name="checking">
    /// True to check a trace row instead of summing: at a row z = gʳ a constraint's denominator vanishes exactly where
    /// it must hold, and there its numerator must be zero; <see cref="FirstViolation"/> records the first that is not.
    /// </param>
    public StoneConstraintSum(IStoneLayout layout, StoneCompositionPoint at, bool checking = false)
    {
        _checking = checking;
        if (at.MaskValues.Length != layout.Mask.Count)
            throw new ArgumentException($"layout {layout.Name} opens {layout.Mask.Count} mask values, got {at.MaskValues.Length}", nameof(at));
        if (at.InteractionElements.Length != layout.InteractionElementCount)
            throw new ArgumentException($"layout {layout.Name} draws {layout.InteractionElementCount} interaction elements, got {at.InteractionElements.Length}", nameof(at));
        if (at.TraceLength <= 0 || (at.TraceLength & (at.TraceLength - 1)) != 0)
            throw new ArgumentException($"trace length {at.TraceLength} is not a power of two", nameof(at));
        _maskIndex = new Dictionary<StoneMaskEntry, int>(layout.Mask.Count);
        for (int i = 0; i < layout.Mask.Count; i++) _maskIndex.Add(layout.Mask[i], i);
        _maskValues = at.MaskValues;
        _inverses = at.Cache?.Inverses ?? [];
        _generatorPowers = at.Cache?.GeneratorPowers ?? [];
        _alpha = at.ConstraintRandomElement;
        Point = at.Point;
        Generator = at.TraceGenerator;
        TraceLength = at.TraceLength;
        Input = at;
    }

    /// <summary>The out-of-domain point z.</summary>
    public Felt Point { get; }

    /// <summary>The trace generator g.</summary>
    public Felt Generator { get; }

    /// <summary>The trace length n.</summary>
    public long TraceLength { get; }

    /// <summary>Everything the composition was asked at (public input, interaction elements).</summary>
    public StoneCompositionPoint Input { get; }

    /// <summary>The constraints added so far.</summary>
    public int Count { get; private set; }

    /// <summary>In checking mode, the index of the first constraint whose numerator is not zero on a row where it must hold.</summary>
    public int? FirstViolation { get; private set; }

    /// <summary>Σ α^i · constraint_i so far.</summary>
    public Felt Sum { get; private set; }

    /// <summary>The opened value of cell <paramref name="index"/> of <paramref name="column"/> (row offset + step · index).</summary>
    public Felt Cell(StoneVirtualColumn column, int index = 0) => Cell(column.At(index));

    /// <summary>The opened value of one trace cell.</summary>
    public Felt Cell(StoneMaskEntry entry) =>
        _maskIndex.TryGetValue(entry, out int i)
            ? _maskValues[i]
            : throw new InvalidOperationException($"the mask has no cell at column {entry.Column}, row {entry.RowOffset}");

    /// <summary>z^(n / <paramref name="period"/>): the point as the rows of period <paramref name="period"/> see it.</summary>
    public Felt PointPower(long period)
    {
        if (!_pointPowers.TryGetValue(period, out Felt p))
        {
            p = Point.Pow((ulong)(TraceLength / CheckPeriod(period)));
            _pointPowers.Add(period, p);
        }
        return p;
    }

    /// <summary>The rows ≡ 0 (mod <paramref name="period"/>): z^(n/period) − 1.</summary>
    public Felt Every(long period) => PointPower(period) - Felt.One;

    /// <summary>The rows ≡ <paramref name="row"/> (mod <paramref name="period"/>): z^(n/period) − g^(row·n/period).</summary>
    public Felt Rows(long period, long row) =>
        PointPower(period) - GeneratorPower(Mod(row, period) * (TraceLength / CheckPeriod(period)));

    /// <summary>The single row <paramref name="row"/> (negative counts from the end: −1 is row n − 1): z − g^row.</summary>
    public Felt Row(long row) => Point - GeneratorPower(Mod(row, TraceLength));

    /// <summary>Adds the next constraint: α^i · <paramref name="numerator"/> / <paramref name="denominator"/>.</summary>
    /// <remarks>Most constraints share a handful of denominators, so each is inverted once.</remarks>
    public void Add(Felt numerator, Felt denominator)
    {
        if (_checking)
        {
            if (denominator.IsZero && !numerator.IsZero) FirstViolation ??= Count;
            Count++;
            return;
        }
        if (!_inverses.TryGetValue(denominator, out Felt inverse))
        {
            inverse = denominator.Inverse();
            _inverses.Add(denominator, inverse);
        }
        Sum += _alphaPower * numerator * inverse;
        _alphaPower *= _alpha;
        Count++;
    }

    /// <summary>The sum, after checking that exactly <paramref name="constraintCount"/> constraints were added.</summary>
    public Felt Finish(int constraintCount) =>
        Count == constraintCount ? Sum : throw new InvalidOperationException($"the layout declares {constraintCount} constraints, its components added {Count}");

    private Felt GeneratorPower(long exponent)
    {
        if (!_generatorPowers.TryGetValue(exponent, out Felt p))
        {
            p = Generator.Pow((ulong)exponent);
            _generatorPowers.Add(exponent, p);
        }
        return p;
    }

    private long CheckPeriod(long period) =>
        period > 0 && period <= TraceLength && TraceLength % period == 0
            ? period
            : throw new InvalidOperationException($"period {period} does not divide the trace length {TraceLength}");

    private static long Mod(long a, long m) => ((a % m) + m) % m;
}
