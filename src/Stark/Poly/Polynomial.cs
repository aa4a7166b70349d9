using Zetina.Stark.Field;

namespace Zetina.Stark.Poly;

/// <summary>
/// Dense univariate polynomials as coefficient spans, lowest degree first. Slow, obvious helpers for the
/// verifier and for tests; the prover's bulk work goes through <see cref="Ntt.ILdeBackend"/>.
/// </summary>
public static class Polynomial
{
    /// <summary>p(x) by Horner's rule: ((c_{k−1}·x + c_{k−2})·x + …)·x + c₀. Zero for no coefficients.</summary>
    public static Felt Evaluate(ReadOnlySpan<Felt> coefficients, in Felt x)
    {
        Felt acc = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = Felt.Add(Felt.Mul(acc, x), coefficients[i]);
        return acc;
    }

    /// <summary>The degree (index of the highest non-zero coefficient), or −1 for the zero polynomial.</summary>
    public static int Degree(ReadOnlySpan<Felt> coefficients)
    {
        for (int i = coefficients.Length - 1; i >= 0; i--) if (!coefficients[i].IsZero) return i;
        return -1;
    }

    /// <summary>
    /// Divides p by (x − a) by synthetic division: writes the quotient (length k − 1) and returns the
    /// remainder p(a). The quotient span may not alias the input.
    /// </summary>
    public static Felt DivideByLinear(ReadOnlySpan<Felt> coefficients, in Felt a, Span<Felt> quotient)
    {
        int k = coefficients.Length;
        if (k == 0) return Felt.Zero;
        if (quotient.Length < k - 1) throw new ArgumentException("quotient span too short", nameof(quotient));
        // q_{k−2} = c_{k−1}; q_{i−1} = c_i + a·q_i; remainder = c₀ + a·q₀.
        Felt carry = coefficients[k - 1];
        for (int i = k - 1; i > 0; i--)
        {
            quotient[i - 1] = carry;
            carry = Felt.Add(coefficients[i - 1], Felt.Mul(a, carry));
        }
        return carry;
    }

    /// <summary>The vanishing polynomial of the subgroup of order n at x: x^n − 1.</summary>
    public static Felt EvaluateVanishing(in Felt x, int n) => Felt.Sub(x.Pow((ulong)n), Felt.One);

    /// <summary>
    /// Lagrange interpolation through arbitrary distinct points, O(k²): the oracle the NTT-based paths are
    /// tested against. Throws <see cref="ArgumentException"/> on repeated x.
    /// </summary>
    public static Felt[] InterpolateNaive(ReadOnlySpan<Felt> xs, ReadOnlySpan<Felt> ys)
    {
        int k = xs.Length;
        if (ys.Length != k) throw new ArgumentException("xs and ys differ in length");
        var result = new Felt[k];
        var basis = new Felt[k];
        for (int i = 0; i < k; i++)
        {
            // basis_i(x) = Π_{j≠i} (x − x_j) / (x_i − x_j), built by multiplying linear factors.
            Array.Clear(basis);
            basis[0] = Felt.One;
            int deg = 0;
            Felt denom = Felt.One;
            for (int j = 0; j < k; j++)
            {
                if (j == i) continue;
                Felt diff = Felt.Sub(xs[i], xs[j]);
                if (diff.IsZero) throw new ArgumentException($"repeated interpolation point at indices {i} and {j}");
                denom = Felt.Mul(denom, diff);
                for (int t = deg + 1; t > 0; t--) basis[t] = Felt.Sub(basis[t - 1], Felt.Mul(xs[j], basis[t]));
                basis[0] = Felt.Neg(Felt.Mul(xs[j], basis[0]));
                deg++;
            }
            Felt scale = Felt.Mul(ys[i], denom.Inverse());
            for (int t = 0; t < k; t++) result[t] = Felt.Add(result[t], Felt.Mul(basis[t], scale));
        }
        return result;
    }
}
