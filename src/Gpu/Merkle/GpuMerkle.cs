using System.Numerics;
using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Merkle;

/// <summary>
/// Keccak-256 Merkle trees over the rows of column-major field data, built on an <see cref="IGpuBackend"/>.
/// </summary>
/// <remarks>
/// Leaf r = Keccak-256(BE32(x_{0,r}) ‖ … ‖ BE32(x_{w−1,r})) over the row's canonical values in 32-byte
/// big-endian form; an inner node = Keccak-256(left ‖ right). The tree is returned heap-style: 2n digests of
/// 32 bytes, node 1 the root, node k's children 2k and 2k + 1, leaves at n … 2n − 1, node 0 unused (zero
/// in host copies, undefined on the device): the layout of the STARK engine's <c>MerkleTree</c>. One launch
/// hashes all leaves, then one launch per layer.
/// </remarks>
public sealed class GpuMerkle : IDisposable
{
    /// <summary>Bytes in a digest.</summary>
    public const int DigestSize = 32;

    private readonly IGpuBackend _backend;

    /// <summary>Runs on <paramref name="backend"/>, which the caller keeps ownership of.</summary>
    public GpuMerkle(IGpuBackend backend) => _backend = backend;

    /// <summary>
    /// Builds the tree over the 2^<paramref name="logRows"/> rows of <paramref name="columns"/> columns in
    /// device memory; returns a device buffer of 2·2^logRows digests (8 words each) that the caller owns.
    /// </summary>
    public GpuBuffer Commit(GpuBuffer data, int columns, int logRows, KeccakMask mask = KeccakMask.None)
    {
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "need at least one column");
        if (logRows < 0 || logRows > 30) throw new ArgumentOutOfRangeException(nameof(logRows), logRows, "log rows must be in 0..30");
        int rows = 1 << logRows;
        GpuBuffer nodes = _backend.Allocate(2L * rows * 8);
        _backend.Launch(GpuKernel.KeccakRows, rows, new KernelArgs(data, nodes, null, columns, logRows, (int)mask));
        for (int first = rows >> 1; first >= 1; first >>= 1)
            _backend.Launch(GpuKernel.KeccakLayer, first, new KernelArgs(nodes, null, null, first, (int)mask));
        return nodes;
    }

    /// <summary>
    /// The Poseidon tree ("poseidon3": leaf = poseidon_hash_many(row), parent = poseidon_hash(left, right),
    /// digests as 32 big-endian bytes) over the rows of the columns in device memory; the caller owns the
    /// returned buffer of 2·2^logRows digests.
    /// </summary>
    public GpuBuffer CommitPoseidon(GpuBuffer data, int columns, int logRows)
    {
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "need at least one column");
        if (logRows < 0 || logRows > 30) throw new ArgumentOutOfRangeException(nameof(logRows), logRows, "log rows must be in 0..30");
        if (_poseidonConstants is null)
        {
            Felt[] k = PoseidonConstants.Build();
            _poseidonConstants = _backend.Allocate(k.Length * 8L);
            _backend.Upload(MemoryMarshal.Cast<Felt, uint>(k.AsSpan()), _poseidonConstants);
        }
        int rows = 1 << logRows;
        GpuBuffer nodes = _backend.Allocate(2L * rows * 8);
        _backend.Launch(GpuKernel.PoseidonRows, rows, new KernelArgs(data, nodes, _poseidonConstants, columns, logRows));
        for (int first = rows >> 1; first >= 1; first >>= 1)
            _backend.Launch(GpuKernel.PoseidonLayer, first, new KernelArgs(nodes, _poseidonConstants, null, first));
        return nodes;
    }

    private GpuBuffer? _poseidonConstants;

    /// <summary>Frees the Poseidon constant buffer, if one was uploaded.</summary>
    public void Dispose()
    {
        _poseidonConstants?.Dispose();
        _poseidonConstants = null;
    }

    /// <summary>
    /// Host-memory version of <see cref="Commit(GpuBuffer, int, int, KeccakMask)"/>: <paramref name="data"/> holds
    /// <paramref name="columns"/> columns of a power-of-two length; returns the 2n·32 bytes of the tree.
    /// </summary>
    public byte[] Commit(ReadOnlySpan<Felt> data, int columns, KeccakMask mask = KeccakMask.None)
    {
        if (columns <= 0 || data.Length % columns != 0)
            throw new ArgumentException($"{data.Length} elements do not split into {columns} columns", nameof(columns));
        int rows = data.Length / columns;
        if (!BitOperations.IsPow2(rows)) throw new ArgumentException($"row count {rows} is not a power of two", nameof(data));
        using GpuBuffer buffer = _backend.Allocate((long)data.Length * 8);
        _backend.Upload(MemoryMarshal.Cast<Felt, uint>(data), buffer);
        using GpuBuffer nodes = Commit(buffer, columns, BitOperations.Log2((uint)rows), mask);
        return DownloadTree(nodes, rows);
    }

    /// <summary>
    /// Copies a tree built by <see cref="Commit(GpuBuffer, int, int, KeccakMask)"/> to the host: 2n·32 bytes,
    /// nodes 1 … 2n − 1 from the device, node 0 zero.
    /// </summary>
    public byte[] DownloadTree(GpuBuffer nodes, int rows)
    {
        var tree = new byte[2L * rows * DigestSize];
        _backend.Download(nodes, MemoryMarshal.Cast<byte, uint>(tree.AsSpan(DigestSize)), offset: 8);
        return tree;
    }
}
