using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The polynomial-transform backend the prover runs on: NTTs over power-of-two subgroups and their
/// cosets, and the batched low-degree extension of trace columns. The CPU implementation is
/// <see cref="CpuLdeBackend"/>; a GPU backend implements the same contract and must return the same
/// values bit for bit.
/// </summary>
/// <remarks>
/// Conventions shared by every member: lengths are powers of two; all orders are natural (index i is the
/// point shift·ω_N^i, ω_N = <see cref="RootsOfUnity.PrimitiveRoot"/>(log₂ N)); values are field elements in
/// the <see cref="Felt"/> representation; members may run on many threads but never retain the spans or
/// arrays they are given. Callers' bugs (lengths not powers of two, destinations too short) throw
/// <see cref="ArgumentException"/>.
/// </remarks>
public interface ILdeBackend
{
    /// <summary>Coefficients → evaluations at ω_n^i, in place (n = values.Length).</summary>
    void Forward(Span<Felt> values);

    /// <summary>Evaluations at ω_n^i → coefficients, in place.</summary>
    void Inverse(Span<Felt> values);

    /// <summary>
    /// Evaluates the polynomial with the given coefficients (degree &lt; coefficients.Length ≤ N) at the
    /// points shift·ω_N^i, i &lt; N = destination.Length.
    /// </summary>
    void EvaluateOnCoset(ReadOnlySpan<Felt> coefficients, in Felt shift, Span<Felt> destination);

    /// <summary>Evaluations at shift·ω_N^i → coefficients of the interpolant (degree &lt; N), in place.</summary>
    void InterpolateOnCoset(Span<Felt> values, in Felt shift);

    /// <summary>
    /// The batched low-degree extension: for every column c, <paramref name="traceColumns"/>[c] holds the
    /// evaluations at ω_n^i (n = column length, the same for all); writes the interpolant's n coefficients to
    /// <paramref name="coefficients"/>[c] and its evaluations at shift·ω_N^i to <paramref name="extended"/>[c]
    /// (N = that array's length, a multiple of n, the same for all). With <paramref name="coefficientsWanted"/> false
    /// the coefficient arrays are scratch and hold anything on return: the prover commits the extension only, and
    /// the coefficients' last pass (or their transfer from a device) is saved.
    /// </summary>
    void ExtendColumns(ReadOnlySpan<Felt[]> traceColumns, in Felt shift, ReadOnlySpan<Felt[]> coefficients, ReadOnlySpan<Felt[]> extended,
        bool coefficientsWanted = true);

    /// <summary>
    /// Lets go of the scratch the backend keeps between calls; the next call allocates it again. The prover calls it
    /// where no transform runs for a while (building the interaction, after the composition), since a proof's peak
    /// memory comes there. The default keeps nothing.
    /// </summary>
    void ReleaseScratch() { }
}
