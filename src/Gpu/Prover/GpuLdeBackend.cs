using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Ntt;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Gpu.Prover;

/// <summary>
/// The STARK engine's <see cref="ILdeBackend"/> on a GPU: every member runs the NTT kernels through
/// <see cref="GpuNtt"/> and returns the same values as <see cref="CpuLdeBackend"/>, bit for bit (field
/// arithmetic is exact, and the kernels' Montgomery form is <see cref="Felt"/>'s).
/// </summary>
/// <remarks>
/// Host arrays in, host arrays out, as the interface says: each call uploads its input and downloads its
/// result. <see cref="ExtendColumns"/> moves all columns in one batch (one upload, 2 + 2·log launches, two
/// downloads). Calls are serialised by locking the device backend object, which the commitment backend
/// locks too: the device runs one stream.
/// </remarks>
public sealed class GpuLdeBackend : ILdeBackend, IDisposable
{
    private readonly GpuNtt _ntt;
    private readonly IGpuBackend _gpu;
    private readonly ResidentColumns? _resident;

    /// <summary>
    /// Runs on <paramref name="gpu"/>, which the caller keeps ownership of. With <paramref name="resident"/>,
    /// <see cref="ExtendColumns"/> leaves its result on the device there for the commitment backend.
    /// </summary>
    public GpuLdeBackend(IGpuBackend gpu, ResidentColumns? resident = null)
    {
        _gpu = gpu;
        _ntt = new GpuNtt(gpu);
        _resident = resident;
    }

    /// <inheritdoc/>
    public void Forward(Span<Felt> values)
    {
        PowerOfTwo.Log2(values.Length);
        lock (_gpu) _ntt.Forward(values, 1);
    }

    /// <inheritdoc/>
    public void Inverse(Span<Felt> values)
    {
        PowerOfTwo.Log2(values.Length);
        lock (_gpu) _ntt.Inverse(values, 1);
    }

    /// <inheritdoc/>
    public void EvaluateOnCoset(ReadOnlySpan<Felt> coefficients, in Felt shift, Span<Felt> destination)
    {
        int logN = PowerOfTwo.Log2(destination.Length);
        if (coefficients.Length > destination.Length)
            throw new ArgumentException($"{coefficients.Length} coefficients for {destination.Length} points", nameof(coefficients));
        // Round the coefficient count up to a power of two (zeros) so the extend kernel can index by shifts.
        int logK = coefficients.Length <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)coefficients.Length - 1);
        lock (_gpu)
        {
            using GpuBuffer source = _gpu.Allocate(8L << logK);
            if (coefficients.Length < (1 << logK)) _gpu.Upload(new uint[8 << logK], source);
            _gpu.Upload(MemoryMarshal.Cast<Felt, uint>(coefficients), source);
            using GpuBuffer target = _ntt.EvaluateOnCoset(source, 1, logK, logN, shift);
            _gpu.Download(target, MemoryMarshal.Cast<Felt, uint>(destination));
        }
    }

    /// <inheritdoc/>
    public void InterpolateOnCoset(Span<Felt> values, in Felt shift)
    {
        int logN = PowerOfTwo.Log2(values.Length);
        lock (_gpu)
        {
            using GpuBuffer data = _ntt.Upload(values);
            _ntt.InterpolateOnCoset(data, 1, logN, shift);
            _gpu.Download(data, MemoryMarshal.Cast<Felt, uint>(values));
        }
    }

    /// <inheritdoc/>
    public void ExtendColumns(ReadOnlySpan<Felt[]> traceColumns, in Felt shift, ReadOnlySpan<Felt[]> coefficients, ReadOnlySpan<Felt[]> extended,
        bool coefficientsWanted = true)
    {
        int columns = traceColumns.Length;
        if (coefficients.Length != columns || extended.Length != columns)
            throw new ArgumentException($"{columns} trace columns, {coefficients.Length} coefficient and {extended.Length} extended destinations");
        if (columns == 0) return;
        int n = traceColumns[0].Length, bigN = extended[0].Length;
        int logN = PowerOfTwo.Log2(n), logBig = PowerOfTwo.Log2(bigN);
        if (bigN < n) throw new ArgumentException($"extended length {bigN} is below the trace length {n}", nameof(extended));
        for (int c = 0; c < columns; c++)
        {
            if (traceColumns[c].Length != n) throw new ArgumentException($"trace column {c} has {traceColumns[c].Length} rows, column 0 has {n}", nameof(traceColumns));
            if (coefficients[c].Length != n) throw new ArgumentException($"coefficient column {c} has length {coefficients[c].Length}, expected {n}", nameof(coefficients));
            if (extended[c].Length != bigN) throw new ArgumentException($"extended column {c} has {extended[c].Length} rows, column 0 has {bigN}", nameof(extended));
        }
        lock (_gpu)
        {
            using GpuBuffer source = _gpu.Allocate((long)columns * n * 8);
            for (int c = 0; c < columns; c++)
                _gpu.Upload(MemoryMarshal.Cast<Felt, uint>(traceColumns[c].AsSpan()), source, (long)c * n * 8);
            GpuBuffer target = _ntt.CosetLde(source, columns, logN, logBig - logN, shift);
            try
            {
                for (int c = 0; c < columns; c++)
                {
                    if (coefficientsWanted) _gpu.Download(source, MemoryMarshal.Cast<Felt, uint>(coefficients[c].AsSpan()), (long)c * n * 8);
                    _gpu.Download(target, MemoryMarshal.Cast<Felt, uint>(extended[c].AsSpan()), (long)c * bigN * 8);
                }
            }
            catch
            {
                target.Dispose();
                throw;
            }
            if (_resident is not null) _resident.Keep(extended.ToArray(), target);
            else target.Dispose();
        }
    }

    /// <summary>Frees the device tables (twiddles, coset powers).</summary>
    public void Dispose() => _ntt.Dispose();
}
