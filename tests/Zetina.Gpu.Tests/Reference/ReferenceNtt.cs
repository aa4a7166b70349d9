using Zetina.Gpu.Ntt;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Tests.Reference;

/// <summary>
/// The obvious CPU oracles the GPU transforms are checked against: a naive O(n²) DFT and direct polynomial
/// evaluation, written from the definitions with no shared code path with the kernels.
/// </summary>
internal static class ReferenceNtt
{
    /// <summary>A_i = Σ_j a_j·ω_n^(i·j) for one column.</summary>
    public static Felt[] Dft(ReadOnlySpan<Felt> coefficients, bool inverse)
    {
        int n = coefficients.Length;
        int logN = System.Numerics.BitOperations.Log2((uint)n);
        Felt w = GpuNtt.RootOfUnity(logN);
        if (inverse) w = w.Inverse();
        var result = new Felt[n];
        Felt wi = Felt.One;
        for (int i = 0; i < n; i++)
        {
            result[i] = Evaluate(coefficients, wi);
            wi *= w;
        }
        if (inverse)
        {
            Felt nInv = Felt.FromUInt64((ulong)n).Inverse();
            for (int i = 0; i < n; i++) result[i] *= nInv;
        }
        return result;
    }

    /// <summary>Horner evaluation of Σ a_j x^j.</summary>
    public static Felt Evaluate(ReadOnlySpan<Felt> coefficients, Felt x)
    {
        Felt acc = Felt.Zero;
        for (int j = coefficients.Length - 1; j >= 0; j--) acc = acc * x + coefficients[j];
        return acc;
    }

    /// <summary>Coset LDE of one column of evaluations: interpolate by inverse DFT, evaluate at g·ω_N^i.</summary>
    public static Felt[] CosetLde(ReadOnlySpan<Felt> evaluations, int logBlowup, Felt shift)
    {
        Felt[] coefficients = Dft(evaluations, inverse: true);
        int bigN = evaluations.Length << logBlowup;
        Felt w = GpuNtt.RootOfUnity(System.Numerics.BitOperations.Log2((uint)bigN));
        var result = new Felt[bigN];
        Felt x = shift;
        for (int i = 0; i < bigN; i++)
        {
            result[i] = Evaluate(coefficients, x);
            x *= w;
        }
        return result;
    }
}
