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
    /// Coset by coset, with no permutation pass: for k = 2^logK ≥ the coefficient count and r = c·k + i,
    /// bitrev_N(r) = bitrev_k(i)·(N/k) + bitrev_{N/k}(c), so x_r = o_c·ω_k^{bitrev_k(i)} with o_c = 3·ω_N^{bitrev_{N/k}(c)}:
    /// the k rows of coset c are P(o_c·X) — the coefficients times o_c's powers — transformed with bit-reversed output
    /// (<see cref="Radix2Ntt.ForwardBitReversed"/>). The same butterflies as one zero-padded transform of size N, plus one
    /// product per point, and neither the padding fill nor the N-point bit-reversal, whose scattered swaps cost more.
    /// Cosets run in parallel when there are enough of them, else each transform uses the threads.
    /// </remarks>
    public static Felt[] Extend(Felt[] coefficients, int logN, int maxThreads)
    {
        var rows = new Felt[1 << logN];
        int logK = coefficients.Length <= 1 ? 0 : System.Numerics.BitOperations.Log2((uint)coefficients.Length - 1) + 1;
        if (logK > logN) throw new ArgumentException($"{coefficients.Length} coefficients do not fit 2^{logN} points", nameof(coefficients));
        int k = 1 << logK, logCosets = logN - logK, cosets = 1 << logCosets;
        int threads = Parallelism.Resolve(maxThreads);
        Felt rootN = RootsOfUnity.PrimitiveRoot(logN);
        bool acrossCosets = cosets >= threads;
        Parallelism.For(cosets, acrossCosets ? threads : 1, c =>
        {
            int nttThreads = acrossCosets ? 1 : threads;
            Span<Felt> coset = rows.AsSpan(c * k, k);
            coefficients.CopyTo(coset);
            Felt offset = RootsOfUnity.Generator * rootN.Pow((ulong)Radix2Ntt.ReverseBits(c, logCosets));
            Radix2Ntt.ScaleByPowers(coset, Felt.One, offset, nttThreads);
            Radix2Ntt.ForwardBitReversed(coset, nttThreads);
        });
        return rows;
    }

    /// <summary>Σ cᵢ·xⁱ by Horner's rule.</summary>
    public static Felt Evaluate(ReadOnlySpan<Felt> coefficients, Felt x)
    {
        Felt acc = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }
}
