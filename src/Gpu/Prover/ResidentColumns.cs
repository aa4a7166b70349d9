using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Prover;

/// <summary>
/// The last extended trace left on the device by <see cref="GpuLdeBackend.ExtendColumns"/>, so that
/// <see cref="GpuVectorCommitmentBackend.Commit"/> on the same arrays hashes it where it lies instead of
/// uploading it again (the prover's round 1 extends, then commits the extension).
/// </summary>
/// <remarks>
/// Recognises the columns by reference: each committed column must be the whole of the very array
/// ExtendColumns wrote. The prover never writes those arrays afterwards; a caller that does must call
/// <see cref="Forget"/> first, or the tree would commit the old values. Holds one entry, replaced by the next
/// extension; owns its device buffer.
/// </remarks>
public sealed class ResidentColumns : IDisposable
{
    private Felt[][]? _arrays;
    private GpuBuffer? _buffer;
    private readonly Lock _lock = new();

    /// <summary>How many commitments found their columns already on the device (for tests and logs).</summary>
    public int Hits { get; private set; }

    /// <summary>Records that <paramref name="buffer"/> (now owned by this object) holds <paramref name="arrays"/>, column after column.</summary>
    internal void Keep(Felt[][] arrays, GpuBuffer buffer)
    {
        lock (_lock)
        {
            _buffer?.Dispose();
            _arrays = arrays;
            _buffer = buffer;
        }
    }

    /// <summary>The device buffer holding exactly <paramref name="columns"/>, or null.</summary>
    internal GpuBuffer? Find(ReadOnlySpan<ReadOnlyMemory<Felt>> columns)
    {
        lock (_lock)
        {
            if (_arrays is null || _buffer is null || _arrays.Length != columns.Length) return null;
            for (int c = 0; c < columns.Length; c++)
            {
                if (!MemoryMarshal.TryGetArray(columns[c], out ArraySegment<Felt> segment)) return null;
                if (!ReferenceEquals(segment.Array, _arrays[c]) || segment.Offset != 0 || segment.Count != _arrays[c].Length) return null;
            }
            Hits++;
            return _buffer;
        }
    }

    /// <summary>Drops the entry (call before writing to arrays an extension returned).</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _buffer?.Dispose();
            _buffer = null;
            _arrays = null;
        }
    }

    /// <summary>Frees the device buffer.</summary>
    public void Dispose() => Forget();
}
