using Zetina.Stark.Field;

namespace Zetina.Stark.Air.Examples;

/// <summary>
/// A multi-column AIR with a permutation argument over an interaction column, and a periodic column.
/// Main columns: a, b (claimed to be a permutation of a), d = k·a with k the periodic column (1, 2, 3, 4).
/// Interaction column z (challenge γ): the grand product z₀ = 1, z_{i+1}·(γ − b_i) = z_i·(γ − a_i) on every row,
/// row n − 1 wrapping to row 0 — which closes exactly when Π(γ − a_i) = Π(γ − b_i), i.e. (with high
/// probability over γ) when b is a permutation of a.
/// </summary>
public sealed class PermutationAir : IAir
{
    private static readonly MaskEntry[] s_mask = [new(0, 0), new(1, 0), new(2, 0), new(3, 0), new(3, 1)];
    private static readonly int[] s_degrees = [2, 2];
    private static readonly Felt[] s_period = [Felt.FromUInt64(1), Felt.FromUInt64(2), Felt.FromUInt64(3), Felt.FromUInt64(4)];
    private readonly Felt[] _publicInput;

    /// <summary>The statement over a trace of <paramref name="traceLength"/> rows; <paramref name="binding"/> is public.</summary>
    public PermutationAir(int traceLength, params Felt[] binding)
    {
        TraceLength = traceLength;
        _publicInput = binding;
    }

    /// <inheritdoc/>
    public string Name => "permutation";
    /// <inheritdoc/>
    public int TraceLength { get; }
    /// <inheritdoc/>
    public int MainWidth => 3;
    /// <inheritdoc/>
    public int AuxWidth => 1;
    /// <inheritdoc/>
    public int AuxRandomCount => 1;
    /// <inheritdoc/>
    public ReadOnlySpan<MaskEntry> Mask => s_mask;
    /// <inheritdoc/>
    public ReadOnlySpan<int> TransitionDegrees => s_degrees;
    /// <inheritdoc/>
    public int TransitionExemptions => 0;
    /// <inheritdoc/>
    public IReadOnlyList<Felt[]> PeriodicColumns => [s_period];
    /// <inheritdoc/>
    public ReadOnlySpan<Felt> PublicInput => _publicInput;

    /// <inheritdoc/>
    public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result)
    {
        // frame: a, b, d, z, z'
        Felt gamma = auxRandom[0];
        // d − k·a = 0
        result[0] = Felt.Sub(frame[2], Felt.Mul(periodic[0], frame[0]));
        // z'·(γ − b) − z·(γ − a) = 0
        result[1] = Felt.Sub(Felt.Mul(frame[4], Felt.Sub(gamma, frame[1])), Felt.Mul(frame[3], Felt.Sub(gamma, frame[0])));
    }

    /// <inheritdoc/>
    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) => [new(3, 0, Felt.One)];

    /// <inheritdoc/>
    public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom)
    {
        Felt gamma = auxRandom[0];
        Felt[] a = mainColumns[0], b = mainColumns[1];
        int n = a.Length;
        var den = new Felt[n];
        for (int i = 0; i < n; i++) den[i] = Felt.Sub(gamma, b[i]);
        Felt.BatchInverse(den, den);
        var z = new Felt[n];
        z[0] = Felt.One;
        for (int i = 0; i + 1 < n; i++) z[i + 1] = Felt.Mul(z[i], Felt.Mul(Felt.Sub(gamma, a[i]), den[i]));
        return [z];
    }

    /// <summary>An honest trace: a from a seeded generator, b a seeded shuffle of a, d = k·a.</summary>
    public static Felt[][] BuildTrace(int n, int seed)
    {
        var rnd = new Random(seed);
        var a = new Felt[n];
        for (int i = 0; i < n; i++) a[i] = Felt.FromUInt64((ulong)rnd.NextInt64());
        var b = (Felt[])a.Clone();
        rnd.Shuffle(b);
        var d = new Felt[n];
        for (int i = 0; i < n; i++) d[i] = Felt.Mul(s_period[i % 4], a[i]);
        return [a, b, d];
    }
}
