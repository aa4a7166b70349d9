using Zetina.Stark.Field;

namespace Zetina.Stark.Poly;

/// <summary>
/// The value at a point x of a polynomial p of degree below n read off its low-degree extension: the evaluations on
/// D = shift·⟨ω_N⟩ in natural order (index i is shift·ω_N^i, N = n·2^b). Every 2^b-th point of D is the coset
/// shift·⟨ω_n⟩ (ω_n = ω_N^(2^b)), and q(y) = p(shift·y) has degree below n with q(ω_n^j) = p(shift·ω_n^j), so
/// p(x) = q(x/shift) = Σ_j wⱼ(x/shift)·ext[j·2^b] with <see cref="Barycentric"/>'s weights on ⟨ω_n⟩.
/// </summary>
/// <remarks>
/// The prover's out-of-domain values come from here: the trace's values on ⟨ω_n⟩ are then not needed once the columns
/// are extended, and a 2^22-step Cairo trace (6.6 GB) is released before the interaction, composition and DEEP rounds.
/// The work is the same as from the trace: one batch inversion per point, one dot product per column.
/// </remarks>
internal static class CosetBarycentric
{
    /// <summary>Values gathered from the extension per dot product: 8 KB on the stack.</summary>
    private const int Block = 256;

    /// <summary>
    /// Writes the weights for x into <paramref name="weights"/> (length n), <paramref name="roots"/> holding ω_n^j.
    /// Throws <see cref="ArgumentException"/> when x lies in shift·⟨ω_n⟩ (the prover's out-of-domain point never does:
    /// it is redrawn while it lies in D).
    /// </summary>
    public static void Weights(Felt x, Felt shift, Felt[] roots, Felt[] weights, int maxThreads)
    {
        if (Barycentric.Weights(x * shift.Inverse(), roots, weights, maxThreads) >= 0)
            throw new ArgumentException("the point lies on the coset shift·⟨ω_n⟩ of the extension", nameof(x));
    }

    /// <summary>
    /// Per rotation r, Σ_j ext[((j + r) mod n)·2^<paramref name="logBlowup"/>]·weights[j]: the value at x·ω_n^r of the
    /// polynomial whose extension is <paramref name="extended"/>, for the weights <see cref="Weights"/> wrote for x
    /// (rotation 0: at x). Barycentric weights on ⟨ω_n⟩ turn by a rotation when the point turns by ω_n^r
    /// (w_j(y·ω^r) = w_(j−r)(y), y^n being unchanged), so the points z·ω^o of every mask offset o share z's. The coset's
    /// values are gathered once for all rotations, each taking their dot product with the weights turned back by r
    /// (Σ_j w_j·v_(j+r) = Σ_i v_i·w_(i−r)).
    /// </summary>
    /// <exception cref="ArgumentException">The extension is not 2^logBlowup times the weights' length.</exception>
    public static void ValuesAt(ReadOnlySpan<Felt> extended, int logBlowup, ReadOnlySpan<Felt> weights, ReadOnlySpan<int> rotations, Span<Felt> values)
    {
        int n = weights.Length;
        if (extended.Length != (long)n << logBlowup)
            throw new ArgumentException($"an extension of {extended.Length} points for {n} weights at blowup 2^{logBlowup}", nameof(extended));
        values[..rotations.Length].Clear();
        Span<Felt> gathered = stackalloc Felt[Block];
        for (int lo = 0; lo < n; lo += Block)
        {
            int len = Math.Min(Block, n - lo);
            scoped ReadOnlySpan<Felt> v;
            if (logBlowup == 0) v = extended.Slice(lo, len);
            else
            {
                for (int i = 0; i < len; i++) gathered[i] = extended[(lo + i) << logBlowup];
                v = gathered[..len];
            }
            for (int r = 0; r < rotations.Length; r++)
            {
                int from = (lo - rotations[r]) & (n - 1), first = Math.Min(len, n - from);
                values[r] += FeltSpan.Dot(v[..first], weights.Slice(from, first));
                if (first < len) values[r] += FeltSpan.Dot(v[first..], weights[..(len - first)]);
            }
        }
    }
}
