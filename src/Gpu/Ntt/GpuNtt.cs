using System.Numerics;
using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Ntt;

/// <summary>
/// Batched radix-2 NTTs and coset low-degree extensions of many columns on an <see cref="IGpuBackend"/>.
/// A batch is <c>columns</c> vectors of n = 2^logN field elements stored one after another (column-major);
/// every transform is in natural order on both sides.
/// </summary>
/// <remarks>
/// Conventions (those of the CPU reference in the tests, and of Stone and Winterfell): ω_n = 3^((p−1)/n), 3
/// generating the multiplicative group, whose 2-adicity is 192; the forward transform maps coefficients
/// a_j to evaluations A(ω_n^i); the inverse maps evaluations back to coefficients (scaled by n⁻¹). The
/// coset LDE of a column of evaluations on ⟨ω_n⟩ is its polynomial's evaluations at g·ω_N^i, N = n·2^b.
/// Each transform is a bit-reversal launch and logN butterfly launches (global memory, radix 2); twiddle
/// tables are computed on the host once per size and kept on the device. Thread counts are ints, so a
/// batch holds fewer than 2^31 elements.
/// </remarks>
public sealed class GpuNtt : IDisposable
{
    /// <summary>The largest log size a transform may have (the field's 2-adicity is 192; memory binds first).</summary>
    public const int MaxLogSize = 30;

    private readonly IGpuBackend _backend;
    private readonly Dictionary<int, GpuBuffer> _twiddles = new();

    /// <summary>Runs on <paramref name="backend"/>, which the caller keeps ownership of.</summary>
    public GpuNtt(IGpuBackend backend) => _backend = backend;

    /// <summary>The backend the transforms run on.</summary>
    public IGpuBackend Backend => _backend;

    /// <summary>ω_n, the primitive 2^<paramref name="logN"/>-th root of unity 3^((p−1)/2^logN).</summary>
    public static Felt RootOfUnity(int logN) => Felt.FromUInt64(3).Pow((Felt.Modulus - 1) >> logN);

    /// <summary>Forward NTT of every column of <paramref name="data"/> in place (host memory in and out).</summary>
    public void Forward(Span<Felt> data, int columns) => RoundTrip(data, columns, inverse: false);

    /// <summary>Inverse NTT (with the n⁻¹ scaling) of every column of <paramref name="data"/> in place.</summary>
    public void Inverse(Span<Felt> data, int columns) => RoundTrip(data, columns, inverse: true);

    /// <summary>Forward NTT of <paramref name="columns"/> columns of 2^<paramref name="logN"/> elements in device memory.</summary>
    public void Forward(GpuBuffer data, int columns, int logN) => Transform(data, columns, logN, inverse: false);

    /// <summary>Inverse NTT (scaled by n⁻¹) of the columns in device memory.</summary>
    public void Inverse(GpuBuffer data, int columns, int logN)
    {
        Transform(data, columns, logN, inverse: true);
        if (logN == 0) return;
        Felt nInv = Felt.FromUInt64(1UL << logN).Inverse();
        using GpuBuffer factor = Upload([nInv]);
        _backend.Launch(GpuKernel.FeltScale, columns << logN, new KernelArgs(data, factor, null));
    }

    /// <summary>
    /// Coset LDE: <paramref name="columns"/> columns of evaluations on ⟨ω_n⟩ (n = 2^<paramref name="logN"/>)
    /// become their polynomials' evaluations at shift·ω_N^i, N = n·2^<paramref name="logBlowup"/>, in a new
    /// device buffer of columns·N elements that the caller owns. <paramref name="source"/> is overwritten
    /// with the (unscaled) coefficients.
    /// </summary>
    public GpuBuffer CosetLde(GpuBuffer source, int columns, int logN, int logBlowup, in Felt shift)
    {
        int logTarget = logN + logBlowup;
        CheckShape(columns, logTarget);
        // Interpolate: inverse transform without the n⁻¹, folded into the factors below.
        Transform(source, columns, logN, inverse: true);
        // Coefficient j of the shifted polynomial P(g·x) is a_j·g^j; with the n⁻¹: factor_j = n⁻¹·g^j.
        var factors = new Felt[1 << logN];
        Felt f = Felt.FromUInt64(1UL << logN).Inverse();
        for (int j = 0; j < factors.Length; j++)
        {
            factors[j] = f;
            f *= shift;
        }
        GpuBuffer target = _backend.Allocate((long)columns << logTarget << 3);
        using (GpuBuffer factorBuffer = Upload(factors))
        {
            _backend.Launch(GpuKernel.LdeExtend, columns << logTarget, new KernelArgs(source, target, factorBuffer, logN, logTarget));
            Transform(target, columns, logTarget, inverse: false);
            _backend.Synchronize();
        }
        return target;
    }

    /// <summary>Host-memory coset LDE: see <see cref="CosetLde(GpuBuffer, int, int, int, in Felt)"/>.</summary>
    public Felt[] CosetLde(ReadOnlySpan<Felt> evaluations, int columns, int logBlowup, in Felt shift)
    {
        int logN = LogOfColumnLength(evaluations.Length, columns);
        using GpuBuffer source = Upload(evaluations);
        using GpuBuffer target = CosetLde(source, columns, logN, logBlowup, shift);
        var result = new Felt[evaluations.Length << logBlowup];
        _backend.Download(target, MemoryMarshal.Cast<Felt, uint>(result.AsSpan()));
        return result;
    }

    /// <summary>Frees the cached twiddle tables.</summary>
    public void Dispose()
    {
        foreach (GpuBuffer b in _twiddles.Values) b.Dispose();
        _twiddles.Clear();
    }

    private void RoundTrip(Span<Felt> data, int columns, bool inverse)
    {
        int logN = LogOfColumnLength(data.Length, columns);
        using GpuBuffer buffer = Upload(data);
        if (inverse) Inverse(buffer, columns, logN);
        else Forward(buffer, columns, logN);
        _backend.Download(buffer, MemoryMarshal.Cast<Felt, uint>(data));
    }

    /// <summary>Bit reversal, then the logN Cooley–Tukey stages with ω_n (or ω_n⁻¹); no scaling.</summary>
    private void Transform(GpuBuffer data, int columns, int logN, bool inverse)
    {
        CheckShape(columns, logN);
        if (logN == 0) return;
        GpuBuffer twiddles = Twiddles(logN, inverse);
        _backend.Launch(GpuKernel.NttBitReverse, columns << logN, new KernelArgs(data, null, null, logN));
        for (int stage = 0; stage < logN; stage++)
            _backend.Launch(GpuKernel.NttButterfly, columns << (logN - 1), new KernelArgs(data, twiddles, null, logN, stage));
    }

    /// <summary>ω^0 … ω^(n/2−1) for ω = ω_n or ω_n⁻¹, on the device, cached per (size, direction).</summary>
    private GpuBuffer Twiddles(int logN, bool inverse)
    {
        int key = inverse ? -logN : logN;
        if (_twiddles.TryGetValue(key, out GpuBuffer? cached)) return cached;
        Felt w = RootOfUnity(logN);
        if (inverse) w = w.Inverse();
        var table = new Felt[1 << (logN - 1)];
        Felt x = Felt.One;
        for (int t = 0; t < table.Length; t++)
        {
            table[t] = x;
            x *= w;
        }
        GpuBuffer buffer = Upload(table);
        _twiddles[key] = buffer;
        return buffer;
    }

    private GpuBuffer Upload(ReadOnlySpan<Felt> values)
    {
        GpuBuffer b = _backend.Allocate((long)values.Length << 3);
        _backend.Upload(MemoryMarshal.Cast<Felt, uint>(values), b);
        return b;
    }

    private static int LogOfColumnLength(int total, int columns)
    {
        if (columns <= 0 || total % columns != 0)
            throw new ArgumentException($"{total} elements do not split into {columns} columns", nameof(columns));
        int n = total / columns;
        if (!BitOperations.IsPow2(n))
            throw new ArgumentException($"column length {n} is not a power of two", nameof(columns));
        return BitOperations.Log2((uint)n);
    }

    private static void CheckShape(int columns, int logN)
    {
        if (logN < 0 || logN > MaxLogSize)
            throw new ArgumentOutOfRangeException(nameof(logN), logN, $"log size must be in 0..{MaxLogSize}");
        if (columns <= 0 || ((long)columns << logN) > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, $"columns·2^{logN} must be in 1..2^31−1");
    }
}
