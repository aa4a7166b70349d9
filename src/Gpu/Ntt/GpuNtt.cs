using System.Numerics;
using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Gpu.Ntt;

/// <summary>
/// Batched radix-2 NTTs, coset evaluation and interpolation, and low-degree extensions of many columns on
/// an <see cref="IGpuBackend"/>. A batch is <c>columns</c> vectors of 2^logN field elements stored one after
/// another (column-major); every vector is in natural order.
/// </summary>
/// <remarks>
/// The STARK engine's conventions (docs/stark.md): ω_n = 3^((p−1)/n) (<see cref="RootsOfUnity.PrimitiveRoot"/>);
/// forward maps coefficients a_j to evaluations A(ω_n^i); inverse maps them back, n⁻¹ included; coset
/// evaluation is at shift·ω_N^i. A transform is one bit-reversal launch, one
/// <see cref="GpuKernel.NttSharedStages"/> launch running the first k = min(logN, <see cref="SharedLog"/>)
/// stages on tiles of 2^k elements in shared memory, and one global-memory <see cref="GpuKernel.NttButterfly"/>
/// launch for each of the logN − k remaining stages (radix 2). The result does not depend on k: same
/// twiddles, same products, same order (docs/gpu.md). Twiddle and coset-power tables are computed on the host once per (size, direction,
/// shift) and kept on the device. Thread counts are ints: a batch holds fewer than 2^31 elements. Not
/// thread-safe (neither is the backend).
/// </remarks>
public sealed class GpuNtt : IDisposable
{
    /// <summary>The largest log size a transform may have (the field's 2-adicity is 192; memory binds first).</summary>
    public const int MaxLogSize = 30;

    /// <summary>
    /// log₂ of the shared-memory tile by default: 512 elements, 256 threads per group (the flat launches'
    /// block size), 512 · 9 words = 18 KiB of shared memory per group.
    /// </summary>
    public const int DefaultSharedLog = 9;

    /// <summary>The largest tile: 2^10 elements, 512 threads, 36 KiB (under the 48 KiB a launch gets without opting in).</summary>
    public const int MaxSharedLog = 10;

    private readonly IGpuBackend _backend;
    private readonly Dictionary<(int Log, bool Inverse), GpuBuffer> _twiddles = new();
    private readonly Dictionary<(Felt Ratio, Felt Scale, int Log), GpuBuffer> _powers = new();

    /// <summary>
    /// Runs on <paramref name="backend"/>, which the caller keeps ownership of, with shared-memory tiles of up
    /// to 2^<paramref name="maxSharedLog"/> elements, fewer where the device's groups are smaller (a tile of
    /// 2^k elements needs 2^(k−1) threads); 0 runs every stage as its own global-memory launch.
    /// </summary>
    public GpuNtt(IGpuBackend backend, int maxSharedLog = DefaultSharedLog)
    {
        if (maxSharedLog < 0 || maxSharedLog > MaxSharedLog)
            throw new ArgumentOutOfRangeException(nameof(maxSharedLog), maxSharedLog, $"must be in 0..{MaxSharedLog}");
        _backend = backend;
        SharedLog = Math.Min(maxSharedLog, BitOperations.Log2((uint)Math.Max(backend.MaxGroupSize, 1)) + 1);
    }

    /// <summary>log₂ of the tile the first stages of a transform run on in shared memory (0: none).</summary>
    public int SharedLog { get; }

    /// <summary>The backend the transforms run on.</summary>
    public IGpuBackend Backend => _backend;

    /// <summary>ω_n, the primitive 2^<paramref name="logN"/>-th root of unity 3^((p−1)/2^logN).</summary>
    public static Felt RootOfUnity(int logN) => RootsOfUnity.PrimitiveRoot(logN);

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
    /// Evaluates, for each of <paramref name="columns"/> columns of 2^<paramref name="logK"/> coefficients in
    /// device memory, the polynomial at shift·ω_N^i, i &lt; N = 2^<paramref name="logN"/> (logK ≤ logN): a new
    /// device buffer of columns·N elements that the caller owns.
    /// </summary>
    public GpuBuffer EvaluateOnCoset(GpuBuffer coefficients, int columns, int logK, int logN, in Felt shift)
    {
        CheckShape(columns, logN);
        if (logK > logN) throw new ArgumentOutOfRangeException(nameof(logK), logK, $"more coefficients than points (log {logN})");
        // P(shift·x) has coefficients a_j·shift^j; zero-pad them to N and transform.
        GpuBuffer target = _backend.Allocate((long)columns << logN << 3);
        _backend.Launch(GpuKernel.LdeExtend, columns << logN, new KernelArgs(coefficients, target, Powers(shift, logK), logK, logN));
        Transform(target, columns, logN, inverse: false);
        return target;
    }

    /// <summary>
    /// Turns evaluations at shift·ω_n^i (each of <paramref name="columns"/> columns, n = 2^<paramref name="logN"/>)
    /// into the interpolants' coefficients, in place in device memory.
    /// </summary>
    public void InterpolateOnCoset(GpuBuffer data, int columns, int logN, in Felt shift)
    {
        // Q(x) = P(shift·x) has the evaluations at ω_n^i; P's coefficients are Q's times shift^−j, and
        // the inverse transform's n⁻¹ is folded into the same factors.
        Transform(data, columns, logN, inverse: true);
        Felt nInv = Felt.FromUInt64(1UL << logN).Inverse();
        GpuBuffer factors = Powers(shift.Inverse(), logN, nInv);
        _backend.Launch(GpuKernel.LdeExtend, columns << logN, new KernelArgs(data, data, factors, logN, logN));
    }

    /// <summary>
    /// Coset LDE: <paramref name="columns"/> columns of evaluations on ⟨ω_n⟩ (n = 2^<paramref name="logN"/>)
    /// become their polynomials' evaluations at shift·ω_N^i, N = n·2^<paramref name="logBlowup"/>, in a new
    /// device buffer of columns·N elements that the caller owns. <paramref name="source"/> is left holding
    /// the interpolants' coefficients.
    /// </summary>
    public GpuBuffer CosetLde(GpuBuffer source, int columns, int logN, int logBlowup, in Felt shift)
    {
        CheckShape(columns, logN + logBlowup);
        Inverse(source, columns, logN);
        return EvaluateOnCoset(source, columns, logN, logN + logBlowup, shift);
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

    /// <summary>Copies field elements into a new device buffer that the caller owns.</summary>
    public GpuBuffer Upload(ReadOnlySpan<Felt> values)
    {
        GpuBuffer b = _backend.Allocate((long)Math.Max(values.Length, 1) << 3);
        _backend.Upload(MemoryMarshal.Cast<Felt, uint>(values), b);
        return b;
    }

    /// <summary>Frees the cached twiddle and power tables.</summary>
    public void Dispose()
    {
        foreach (GpuBuffer b in _twiddles.Values) b.Dispose();
        foreach (GpuBuffer b in _powers.Values) b.Dispose();
        _twiddles.Clear();
        _powers.Clear();
    }

    private void RoundTrip(Span<Felt> data, int columns, bool inverse)
    {
        int logN = LogOfColumnLength(data.Length, columns);
        using GpuBuffer buffer = Upload(data);
        if (inverse) Inverse(buffer, columns, logN);
        else Forward(buffer, columns, logN);
        _backend.Download(buffer, MemoryMarshal.Cast<Felt, uint>(data));
    }

    /// <summary>
    /// Bit reversal, then the logN Cooley–Tukey stages with ω_n (or ω_n⁻¹): the first k in shared memory, the
    /// rest one launch each; no scaling.
    /// </summary>
    private void Transform(GpuBuffer data, int columns, int logN, bool inverse)
    {
        CheckShape(columns, logN);
        if (logN == 0) return;
        GpuBuffer twiddles = Twiddles(logN, inverse);
        _backend.Launch(GpuKernel.NttBitReverse, columns << logN, new KernelArgs(data, null, null, logN));
        int shared = Math.Min(logN, SharedLog);
        if (shared > 0)
            _backend.LaunchGroups(GpuKernel.NttSharedStages, columns << (logN - shared), 1 << (shared - 1),
                GpuKernels.SharedWordsPerElement << shared, new KernelArgs(data, twiddles, null, logN, shared));
        for (int stage = shared; stage < logN; stage++)
            _backend.Launch(GpuKernel.NttButterfly, columns << (logN - 1), new KernelArgs(data, twiddles, null, logN, stage));
    }

    /// <summary>ω^0 … ω^(n/2−1) for ω = ω_n or ω_n⁻¹, on the device, cached per (size, direction).</summary>
    private GpuBuffer Twiddles(int logN, bool inverse)
    {
        if (_twiddles.TryGetValue((logN, inverse), out GpuBuffer? cached)) return cached;
        Felt w = RootOfUnity(logN);
        if (inverse) w = w.Inverse();
        GpuBuffer buffer = Upload(Table(w, 1 << (logN - 1), Felt.One));
        _twiddles[(logN, inverse)] = buffer;
        return buffer;
    }

    /// <summary>ratio^j for j &lt; 2^logN on the device, cached.</summary>
    private GpuBuffer Powers(in Felt ratio, int logN) => Powers(ratio, logN, Felt.One);

    /// <summary>scale·ratio^j for j &lt; 2^logN on the device, cached per (ratio, scale, size) until disposal.</summary>
    private GpuBuffer Powers(in Felt ratio, int logN, in Felt scale)
    {
        if (_powers.TryGetValue((ratio, scale, logN), out GpuBuffer? cached)) return cached;
        GpuBuffer buffer = Upload(Table(ratio, 1 << logN, scale));
        _powers[(ratio, scale, logN)] = buffer;
        return buffer;
    }

    private static Felt[] Table(in Felt ratio, int count, in Felt first)
    {
        var table = new Felt[count];
        Felt x = first;
        for (int t = 0; t < count; t++)
        {
            table[t] = x;
            x *= ratio;
        }
        return table;
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
