using Zetina.Stark.Field;

namespace Zetina.Stark.Air.Examples;

/// <summary>
/// The Fibonacci AIR over two columns a, b: (a_{i+1}, b_{i+1}) = (b_i, a_i + b_i), starting from public
/// (a₀, b₀) and ending in the public claim b_{n−1} = result. Extra public felts (binding data such as a job id
/// and an executor address) are absorbed with the public input.
/// </summary>
public sealed class FibonacciAir : IAir
{
    private static readonly MaskEntry[] s_mask = [new(0, 0), new(1, 0), new(0, 1), new(1, 1)];
    private static readonly int[] s_degrees = [1, 1];
    private readonly Felt[] _publicInput;

    /// <summary>The statement "the Fibonacci-like sequence from (a0, b0) reaches <paramref name="result"/> in row n − 1".</summary>
    public FibonacciAir(int traceLength, Felt a0, Felt b0, Felt result, params Felt[] binding)
    {
        TraceLength = traceLength;
        A0 = a0;
        B0 = b0;
        Result = result;
        _publicInput = [a0, b0, result, .. binding];
    }

    /// <summary>The first row's a.</summary>
    public Felt A0 { get; }
    /// <summary>The first row's b.</summary>
    public Felt B0 { get; }
    /// <summary>The claimed b in the last row.</summary>
    public Felt Result { get; }

    /// <inheritdoc/>
    public string Name => "fibonacci";
    /// <inheritdoc/>
    public int TraceLength { get; }
    /// <inheritdoc/>
    public int MainWidth => 2;
    /// <inheritdoc/>
    public int AuxWidth => 0;
    /// <inheritdoc/>
    public int AuxRandomCount => 0;
    /// <inheritdoc/>
    public ReadOnlySpan<MaskEntry> Mask => s_mask;
    /// <inheritdoc/>
    public ReadOnlySpan<int> TransitionDegrees => s_degrees;
    /// <inheritdoc/>
    public int TransitionExemptions => 1;
    /// <inheritdoc/>
    public IReadOnlyList<Felt[]> PeriodicColumns => [];
    /// <inheritdoc/>
    public ReadOnlySpan<Felt> PublicInput => _publicInput;

    /// <inheritdoc/>
    public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result)
    {
        // frame: a, b, a', b'
        // a' − b = 0
        result[0] = Felt.Sub(frame[2], frame[1]);
        // b' − (a + b) = 0
        result[1] = Felt.Sub(frame[3], Felt.Add(frame[0], frame[1]));
    }

    /// <inheritdoc/>
    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) =>
        [new(0, 0, A0), new(1, 0, B0), new(1, TraceLength - 1, Result)];

    /// <inheritdoc/>
    public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) => [];

    /// <summary>The honest trace of <paramref name="n"/> rows from (a0, b0).</summary>
    public static Felt[][] BuildTrace(int n, Felt a0, Felt b0)
    {
        var a = new Felt[n];
        var b = new Felt[n];
        a[0] = a0;
        b[0] = b0;
        for (int i = 1; i < n; i++)
        {
            a[i] = b[i - 1];
            b[i] = Felt.Add(a[i - 1], b[i - 1]);
        }
        return [a, b];
    }
}
