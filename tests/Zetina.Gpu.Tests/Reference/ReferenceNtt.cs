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

    /// <summary>
    /// The first <paramref name="stages"/> decimation-in-time stages, written from the definition, on one
    /// column already in bit-reversed order: stage s joins u and u + 2^s in blocks of 2^(s+1) as
    /// (x + ω_(2^(s+1))^j·y, x − ω_(2^(s+1))^j·y).
    /// </summary>
    public static void FirstStages(Span<Felt> column, int stages)
    {
        int n = column.Length;
        for (int s = 0; s < stages; s++)
        {
            int h = 1 << s;
            Felt root = GpuNtt.RootOfUnity(s + 1);
            for (int block = 0; block < n; block += 2 * h)
            {
                Felt w = Felt.One;
                for (int j = 0; j < h; j++)
                {
                    Felt x = column[block + j], y = column[block + j + h] * w;
                    column[block + j] = x + y;
                    column[block + j + h] = x - y;
                    w *= root;
                }
            }
        }
    }

    /// <summary>Coset LDE through the CPU engine's <c>Radix2Ntt</c>: inverse, scale by shift^j, zero-pad, forward.</summary>
    public static Felt[] CosetLdeByRadix2(ReadOnlySpan<Felt> evaluations, int logBlowup, Felt shift)
    {
        Felt[] coefficients = evaluations.ToArray();
        Zetina.Stark.Ntt.Radix2Ntt.Inverse(coefficients);
        var result = new Felt[evaluations.Length << logBlowup];
        Felt power = Felt.One;
        for (int j = 0; j < coefficients.Length; j++)
        {
            result[j] = coefficients[j] * power;
            power *= shift;
        }
        Zetina.Stark.Ntt.Radix2Ntt.Forward(result);
        return result;
    }
}
