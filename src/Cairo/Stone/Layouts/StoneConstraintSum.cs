using Zetina.Stark.Air;
using System.Runtime.CompilerServices;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The composition of a layout's constraints, built one constraint at a time: Σ α^i · numerator_i / denominator_i,
/// where the numerator is the constraint (times the rows it is lifted from) and the denominator the vanishing
/// polynomial of the rows it holds on (Stone's <c>ConstraintsEval</c>). What a value is — one field element at one
/// point, or a recorded expression over all the points of a coset — is <typeparamref name="T"/>'s business.
/// </summary>
/// <remarks>
/// The components read trace cells through <c>Cell</c> by virtual column, and name the rows a constraint holds
/// on with <see cref="Every"/>, <see cref="Rows"/> and <see cref="Row"/>: with g the trace generator of order n,
/// the rows r ≡ k (mod p) are the roots of x^(n/p) − g^(k·n/p), and row r alone the root of x − g^r.
/// A cell the mask lacks is a bug in a layout's constants and throws.
/// </remarks>
/// <typeparam name="T">the value the constraints are computed in</typeparam>
internal abstract class StoneConstraintSum<T> where T : struct, IConstraintValue<T>
{
    private static readonly ConditionalWeakTable<IReadOnlyList<StoneMaskEntry>, Dictionary<StoneMaskEntry, int>> s_maskIndexes = new();
    private readonly Dictionary<StoneMaskEntry, int> _maskIndex;
    private readonly Dictionary<long, Felt> _generatorPowers = [];
    private readonly Felt _alpha;
    private Felt _alphaPower = Felt.One;

    /// <summary>Checks the shape of what the sum is asked at against <paramref name="layout"/>.</summary>
    protected StoneConstraintSum(IStoneLayout layout, long traceLength, Felt generator, Felt[] interactionElements, Felt alpha, AirPublicInput publicInput)
    {
        if (interactionElements.Length != layout.InteractionElementCount)
            throw new ArgumentException($"layout {layout.Name} draws {layout.InteractionElementCount} interaction elements, got {interactionElements.Length}", nameof(interactionElements));
        if (traceLength <= 0 || (traceLength & (traceLength - 1)) != 0)
            throw new ArgumentException($"trace length {traceLength} is not a power of two", nameof(traceLength));
        // The mask is a per-layout constant: its index is built once per layout, not once per evaluation.
        _maskIndex = s_maskIndexes.GetValue(layout.Mask, BuildIndex);
        Layout = layout;
        TraceLength = traceLength;
        Generator = generator;
        InteractionElements = interactionElements;
        PublicInput = publicInput;
        _alpha = alpha;
    }

    /// <summary>The layout whose constraints are summed.</summary>
    public IStoneLayout Layout { get; }

    /// <summary>The trace generator g.</summary>
    public Felt Generator { get; }

    /// <summary>The trace length n.</summary>
    public long TraceLength { get; }

    /// <summary>The interaction elements in the order they were drawn.</summary>
    public Felt[] InteractionElements { get; }

    /// <summary>The statement: segments, public memory (with pages), rc bounds, n_steps.</summary>
    public AirPublicInput PublicInput { get; }

    /// <summary>The constraints added so far.</summary>
    public int Count { get; private set; }

    /// <summary>The evaluation point x (the out-of-domain point z at the verifier).</summary>
    public T Point => PointPower(TraceLength);

    /// <summary>The opened value of cell <paramref name="index"/> of <paramref name="column"/> (row offset + step · index).</summary>
    public T Cell(StoneVirtualColumn column, int index = 0) => Cell(column.At(index));

    /// <summary>The opened value of one trace cell.</summary>
    public T Cell(StoneMaskEntry entry) =>
        _maskIndex.TryGetValue(entry, out int i)
            ? MaskValue(i)
            : throw new InvalidOperationException($"the mask has no cell at column {entry.Column}, row {entry.RowOffset}");

    /// <summary>x^(n / <paramref name="period"/>): the point as the rows of period <paramref name="period"/> see it.</summary>
    public T PointPower(long period) => PointPowerOfValidPeriod(CheckPeriod(period));

    /// <summary>The rows ≡ 0 (mod <paramref name="period"/>): x^(n/period) − 1.</summary>
    public T Every(long period) => PointPower(period) - Felt.One;

    /// <summary>The rows ≡ <paramref name="row"/> (mod <paramref name="period"/>): x^(n/period) − g^(row·n/period).</summary>
    public T Rows(long period, long row) =>
        PointPower(period) - GeneratorPower(Mod(row, period) * (TraceLength / CheckPeriod(period)));

    /// <summary>The single row <paramref name="row"/> (negative counts from the end: −1 is row n − 1): x − g^row.</summary>
    public T Row(long row) => Point - GeneratorPower(Mod(row, TraceLength));

    /// <summary>
    /// The periodic column <paramref name="column"/>, its cells every <paramref name="step"/> rows, at the point: its
    /// polynomial read at x^(n/(step·N)) (<see cref="StonePeriodicColumn"/>).
    /// </summary>
    public abstract T Periodic(StonePeriodicColumn column, int step);

    /// <summary>Adds the next constraint: α^i · <paramref name="numerator"/> / <paramref name="denominator"/>.</summary>
    public void Add(T numerator, T denominator)
    {
        Accumulate(numerator, denominator, _alphaPower, Count);
        _alphaPower *= _alpha;
        Count++;
    }

    /// <summary>Checks that exactly <paramref name="constraintCount"/> constraints were added.</summary>
    public void CheckCount(int constraintCount)
    {
        if (Count != constraintCount) throw new InvalidOperationException($"the layout declares {constraintCount} constraints, its components added {Count}");
    }

    /// <summary>The opened value of mask entry <paramref name="index"/>.</summary>
    protected abstract T MaskValue(int index);

    /// <summary>x^(n / <paramref name="period"/>), the period already checked to divide n.</summary>
    protected abstract T PointPowerOfValidPeriod(long period);

    /// <summary>Takes constraint <paramref name="index"/>, weighted by <paramref name="weight"/> = α^index.</summary>
    protected abstract void Accumulate(T numerator, T denominator, Felt weight, int index);

    /// <summary>g^<paramref name="exponent"/>, each exponent computed once per sum.</summary>
    protected Felt GeneratorPower(long exponent)
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

    private static Dictionary<StoneMaskEntry, int> BuildIndex(IReadOnlyList<StoneMaskEntry> mask)
    {
        var index = new Dictionary<StoneMaskEntry, int>(mask.Count);
        for (int i = 0; i < mask.Count; i++) index.Add(mask[i], i);
        return index;
    }
}
