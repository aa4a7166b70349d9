using System.Buffers;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The CPU <see cref="ILdeBackend"/>: <see cref="Radix2Ntt"/> on the thread pool. Many columns are spread
/// over threads one column per thread; a single large column is split over threads inside the NTT.
/// </summary>
public sealed class CpuLdeBackend : ILdeBackend
{
    /// <summary>Creates a backend using at most <paramref name="maxThreads"/> threads (0: all processors).</summary>
    public CpuLdeBackend(int maxThreads = 0) => MaxThreads = Parallelism.Resolve(maxThreads);

    /// <summary>The most threads one call uses.</summary>
    public int MaxThreads { get; }

    /// <inheritdoc/>
    public void Forward(Span<Felt> values) => Radix2Ntt.Forward(values, MaxThreads);

    /// <inheritdoc/>
    public void Inverse(Span<Felt> values) => Radix2Ntt.Inverse(values, MaxThreads);

    /// <inheritdoc/>
    public void EvaluateOnCoset(ReadOnlySpan<Felt> coefficients, in Felt shift, Span<Felt> destination) =>
        EvaluateOnCoset(coefficients, shift, destination, MaxThreads);

    /// <inheritdoc/>
    public void InterpolateOnCoset(Span<Felt> values, in Felt shift)
    {
        // p(shift·ω^i) = Σ_j (c_j·shift^j)·ω^{ij}: invert the NTT, dividing coefficient j by shift^j in the same pass.
        Radix2Ntt.InverseTimesPowers(values, values, Felt.One, shift.Inverse(), MaxThreads);
    }

    /// <inheritdoc/>
    public void ExtendColumns(ReadOnlySpan<Felt[]> traceColumns, in Felt shift, ReadOnlySpan<Felt[]> coefficients, ReadOnlySpan<Felt[]> extended,
        bool coefficientsWanted = true)
    {
        int count = traceColumns.Length;
        if (coefficients.Length != count || extended.Length != count)
            throw new ArgumentException($"expected {count} coefficient and extended columns, got {coefficients.Length} and {extended.Length}");
        Felt[][] trace = traceColumns.ToArray(), coeffs = coefficients.ToArray(), ext = extended.ToArray();
        Felt s = shift, sInverse = shift.IsOne ? Felt.One : shift.Inverse();
        // Columns across threads when there are enough of them; otherwise threads inside each transform.
        int outer = count >= MaxThreads ? MaxThreads : 1;
        int inner = outer == 1 ? MaxThreads : 1;
        Parallelism.For(count, outer, c =>
        {
            Felt[] coeff = coeffs[c];
            if (coeff.Length != trace[c].Length) throw new ArgumentException($"coefficient column {c} has length {coeff.Length}, expected {trace[c].Length}");
            if (s.IsOne && ext[c].Length == 2 * coeff.Length)
            {
                ExtendContainingTrace(trace[c], coeff, ext[c], inner);
                return;
            }
            // The coefficients times shift^j straight from the trace column (one pass for 1/n and the powers), their
            // coset evaluations, then, where wanted, the coefficients themselves (exact: times shift^−j).
            Radix2Ntt.InverseTimesPowers(trace[c], coeff, Felt.One, s, inner);
            Radix2Ntt.ForwardPadded(coeff, ext[c], inner);
            if (!s.IsOne && coefficientsWanted) Radix2Ntt.ScaleByPowers(coeff, Felt.One, sInverse, inner);
        });
    }

    /// <summary>
    /// The extension onto ⟨ω_2n⟩ ⊇ ⟨ω_n⟩ (blowup 2, shift 1): its even points are the trace itself and its odd points
    /// the coset ω_2n·⟨ω_n⟩, p(ω_2n·ω_n^i) = Σ_j (c_j·ω_2n^j)·ω_n^{ij} — one n-point transform where a 2n-point one
    /// would recompute the trace (a third of the extension's transforms).
    /// </summary>
    private static void ExtendContainingTrace(Felt[] trace, Felt[] coefficients, Felt[] extended, int threads)
    {
        int n = trace.Length;
        Radix2Ntt.InverseTimesPowers(trace, coefficients, Felt.One, Felt.One, threads);
        Span<Felt> odd = extended.AsSpan(n, n);
        coefficients.CopyTo(odd);
        Radix2Ntt.ScaleByPowers(odd, Felt.One, RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(2 * n)), threads);
        Radix2Ntt.Forward(odd, threads);
        // Interleaved in place, ascending: step i reads point n + i, then writes points 2i and 2i + 1 — below n + i
        // for every earlier step, so no value is overwritten before it is read.
        for (int i = 0; i < n; i++)
        {
            Felt v = extended[n + i];
            extended[2 * i] = trace[i];
            extended[2 * i + 1] = v;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The group transforms' scratch (<see cref="GroupScratchPool"/>: 40 bytes per point of the largest transform, per
    /// thread) and the twiddle tables past 2^16 points (<see cref="TwiddleTable"/>, <see cref="TwiddleGroups"/>: 72 bytes
    /// per point), rebuilt by the next large transform at one product or conversion per entry.
    /// </remarks>
    public void ReleaseScratch()
    {
        GroupScratchPool.Clear();
        TwiddleGroups.Release();
        TwiddleTable.Release();
    }

    /// <summary>The forward NTT of the coefficients scaled by shift^j, zero-padded to the destination's length.</summary>
    internal static void EvaluateOnCoset(ReadOnlySpan<Felt> coefficients, in Felt shift, Span<Felt> destination, int threads)
    {
        CheckFits(coefficients.Length, destination.Length);
        // p(shift·ω^i) = Σ_j (c_j·shift^j)·ω^{ij}.
        if (shift.IsOne)
        {
            Radix2Ntt.ForwardPadded(coefficients, destination, threads);
            return;
        }
        Felt[] scaled = ArrayPool<Felt>.Shared.Rent(coefficients.Length);
        Span<Felt> s = scaled.AsSpan(0, coefficients.Length);
        coefficients.CopyTo(s);
        Radix2Ntt.ScaleByPowers(s, Felt.One, shift, threads);
        Radix2Ntt.ForwardPadded(s, destination, threads);
        ArrayPool<Felt>.Shared.Return(scaled);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the coefficients fit a destination of a power-of-two length.</summary>
    private static void CheckFits(int coefficients, int destination)
    {
        if (coefficients > destination)
            throw new ArgumentException($"{coefficients} coefficients do not fit {destination} points");
        PowerOfTwo.Log2(destination);  // throws for a length that is not a power of two
    }
}
