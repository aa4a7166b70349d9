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
    /// Coset by coset (<see cref="ExtendCoset"/>), with no permutation pass: for k = 2^logK ≥ the coefficient count and
    /// r = c·k + i, bitrev_N(r) = bitrev_k(i)·(N/k) + bitrev_{N/k}(c), so x_r = o_c·ω_k^{bitrev_k(i)} with
    /// o_c = 3·ω_N^{bitrev_{N/k}(c)}. Cosets run in parallel when there are enough of them, else each transform uses
    /// the threads.
    /// </remarks>
    public static Felt[] Extend(Felt[] coefficients, int logN, int maxThreads)
    {
        var rows = new Felt[1 << logN];
        int logK = LogCosetSize(coefficients.Length);
        if (logK > logN) throw new ArgumentException($"{coefficients.Length} coefficients do not fit 2^{logN} points", nameof(coefficients));
        int k = 1 << logK, cosets = 1 << (logN - logK);
        int threads = Parallelism.Resolve(maxThreads);
        bool acrossCosets = cosets >= threads;
        Parallelism.For(cosets, acrossCosets ? threads : 1, c =>
            ExtendCoset(coefficients, logN, logK, c, rows.AsSpan(c * k, k), acrossCosets ? 1 : threads));
        return rows;
    }

    /// <summary>log₂ of the smallest power of two holding <paramref name="count"/> coefficients.</summary>
    public static int LogCosetSize(int count) => count <= 1 ? 0 : System.Numerics.BitOperations.Log2((uint)count - 1) + 1;

    /// <summary>
    /// Rows [c·k, (c + 1)·k) of the extension to 2^<paramref name="logN"/> rows, k = 2^<paramref name="logK"/> ≥ the
    /// coefficient count: P(o_c·X) — the coefficients times the powers of o_c = 3·ω_N^{bitrev_{N/k}(c)} — transformed
    /// with bit-reversed output (<see cref="Radix2Ntt.ForwardBitReversedOnCoset"/>). The same butterflies as a zero-padded
    /// transform of size N restricted to the coset, plus one product per point, and no bit-reversal pass.
    /// </summary>
    public static void ExtendCoset(Felt[] coefficients, int logN, int logK, int coset, Span<Felt> destination, int maxThreads)
    {
        int k = 1 << logK;
        if (destination.Length != k || coefficients.Length > k)
            throw new ArgumentException($"a coset of 2^{logK} rows takes at most {k} coefficients into {k} values");
        Felt offset = RootsOfUnity.Generator * RootsOfUnity.PrimitiveRoot(logN).Pow((ulong)Radix2Ntt.ReverseBits(coset, logN - logK));
        Radix2Ntt.ForwardBitReversedOnCoset(coefficients, offset, destination, maxThreads);
    }

    /// <summary>Σ cᵢ·xⁱ by Horner's rule.</summary>
    public static Felt Evaluate(ReadOnlySpan<Felt> coefficients, Felt x)
    {
        Felt acc = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }
}
