using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// A column's polynomial and its values on Stone's evaluation domain (<c>lde/cached_lde_manager.cc</c>): a trace
/// column of n cells is the polynomial P with P(gⁱ) = cellᵢ (g of order n); its low-degree extension is P on the
/// N = n·2^log_n_cosets points x_r = 3·ω_N^{bitrev(r)}, row r in that order — coset k = r div n is offset
/// 3·ω_N^{bitrev(k)} and its rows run in bit-reversed order, which is the order the verifier's queries and
/// DEEP values use.
/// </summary>
internal static class StoneLowDegreeExtension
{
    /// <summary>The n coefficients of the polynomial through the column's cells (trace row i at gⁱ).</summary>
    public static Felt[] Interpolate(ReadOnlySpan<Felt> column, int maxThreads)
    {
        Felt[] coefficients = column.ToArray();
        Radix2Ntt.Inverse(coefficients, Parallelism.Resolve(maxThreads));
        return coefficients;
    }

    /// <summary>The polynomial with <paramref name="coefficients"/> at x_r for r &lt; 2^<paramref name="logN"/>, in row order.</summary>
    /// <remarks>
    /// One zero-padded NTT of size N (<see cref="Radix2Ntt.ForwardPadded"/>), then the bit-reversal into row order in
    /// parallel chunks (each swap pair belongs to the chunk of its smaller index). Evaluating coset by coset — an NTT
    /// of size n per coset of the coefficients scaled by the coset offset's powers — does the same butterflies plus a
    /// permutation per coset and measured no faster here, so the padded transform stays.
    /// </remarks>
    public static Felt[] Extend(ReadOnlySpan<Felt> coefficients, int logN, int maxThreads)
    {
        var natural = new Felt[1 << logN];
        int threads = Parallelism.Resolve(maxThreads);
        CpuLdeBackend.EvaluateOnCoset(coefficients, RootsOfUnity.Generator, natural, threads);
        // natural[m] = P(3·ω_N^m); row r wants m = bitrev(r).
        const int Chunk = 1 << 14;
        Parallelism.For(Math.Max(1, natural.Length / Chunk), threads, k =>
        {
            int end = Math.Min(natural.Length, (k + 1) * Chunk);
            for (int r = k * Chunk; r < end; r++)
            {
                int m = Radix2Ntt.ReverseBits(r, logN);
                if (r < m) (natural[r], natural[m]) = (natural[m], natural[r]);
            }
        });
        return natural;
    }

    /// <summary>Σ cᵢ·xⁱ by Horner's rule.</summary>
    public static Felt Evaluate(ReadOnlySpan<Felt> coefficients, Felt x)
    {
        Felt acc = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }
}
