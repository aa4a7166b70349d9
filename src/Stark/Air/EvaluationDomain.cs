using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Air;

/// <summary>
/// The domain D = shift·⟨ω_N⟩ (N = n·blowup) on which the prover extends and commits every column and on which FRI
/// runs; prover and verifier derive it identically from the AIR and the parameters (docs/stark.md, "The evaluation
/// domain").
/// </summary>
/// <remarks>
/// When the composition polynomial has fewer chunks d than the blowup, D is the subgroup ⟨ω_N⟩ itself, which contains
/// the trace domain H = ⟨ω_n⟩: every blowup-th point of D is a trace row, so those rows of a column's extension are
/// its trace values (not transformed at all) and an opened row there is the trace's own row, small where the trace
/// is small. The composition quotient, which cannot be evaluated on H (its vanishing polynomial is zero there), is
/// evaluated on the coset ω_N·⟨ω_{d·n}⟩, which lies in D and misses H because d·n &lt; N. With d = blowup no coset
/// of D's size misses H, and D is the coset 3·⟨ω_N⟩ (Stone's choice), disjoint from H.
/// </remarks>
public sealed record EvaluationDomain
{
    private EvaluationDomain(int logTraceLength, int logBlowup, int logChunks, Felt shift)
    {
        LogTraceLength = logTraceLength;
        LogBlowup = logBlowup;
        LogChunks = logChunks;
        Shift = shift;
    }

    /// <summary>The domain for <paramref name="air"/> at 2^<paramref name="logBlowup"/> times its trace length.</summary>
    public static EvaluationDomain For(IAir air, int logBlowup) =>
        For(PowerOfTwo.Log2(air.TraceLength), logBlowup, AirDomain.CompositionChunks(air));

    /// <summary>The domain for a trace of 2^logTraceLength rows whose composition has <paramref name="chunks"/> chunks (≤ blowup).</summary>
    public static EvaluationDomain For(int logTraceLength, int logBlowup, int chunks)
    {
        int logChunks = PowerOfTwo.Log2(chunks);
        if (logChunks > logBlowup) throw new ArgumentException($"the constraints need blowup ≥ {chunks}, log_n_cosets is {logBlowup}");
        return new EvaluationDomain(logTraceLength, logBlowup, logChunks, logChunks < logBlowup ? Felt.One : RootsOfUnity.Generator);
    }

    /// <summary>log₂ n.</summary>
    public int LogTraceLength { get; }

    /// <summary>log₂ of N / n.</summary>
    public int LogBlowup { get; }

    /// <summary>log₂ d, d the composition's chunks.</summary>
    public int LogChunks { get; }

    /// <summary>log₂ N.</summary>
    public int LogSize => LogTraceLength + LogBlowup;

    /// <summary>D's shift: 1 when D contains the trace domain, else 3.</summary>
    public Felt Shift { get; }

    /// <summary>Whether D ⊇ H: every blowup-th point of D (index i with i mod blowup = 0) is a trace row.</summary>
    public bool ContainsTrace => Shift.IsOne;

    /// <summary>Whether point <paramref name="index"/> of D lies on the trace domain.</summary>
    public bool IsTraceRow(int index) => ContainsTrace && (index & ((1 << LogBlowup) - 1)) == 0;

    /// <summary>Point <paramref name="index"/> of D: shift·ω_N^index.</summary>
    public Felt Point(long index) => Shift * RootsOfUnity.PrimitiveRoot(LogSize).Pow((ulong)index);

    /// <summary>
    /// Where the composition quotient is evaluated: the d·n points of D with index <see cref="CompositionFirst"/> +
    /// k·2^<see cref="CompositionLogStride"/>, the coset <see cref="CompositionShift"/>·⟨ω_{d·n}⟩ — the odd-offset
    /// points when D ⊇ H, so that none is a trace row.
    /// </summary>
    public int CompositionFirst => ContainsTrace ? 1 : 0;

    /// <summary>log₂ of the composition coset's stride in D: log₂(N / (d·n)).</summary>
    public int CompositionLogStride => LogBlowup - LogChunks;

    /// <summary>The composition coset's shift: D's point <see cref="CompositionFirst"/>.</summary>
    public Felt CompositionShift => Point(CompositionFirst);
}
