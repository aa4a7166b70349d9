using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Merkle;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;

namespace Zetina.Gpu.Prover;

/// <summary>
/// The STARK engine's <see cref="IVectorCommitmentBackend"/> on a GPU for the Keccak-256 family
/// ("keccak256", "keccak256_masked160_msb", "keccak256_masked160_lsb", "keccak256_masked192_msb") and Poseidon ("poseidon3"): the
/// same <see cref="MerkleTree"/> bytes as <see cref="CpuVectorCommitmentBackend"/>. Blake2s has no kernel
/// yet and is handed to the CPU backend given at construction. Calls lock the device backend object (as
/// <see cref="GpuLdeBackend"/> does), since the device runs one stream.
/// </summary>
public sealed class GpuVectorCommitmentBackend : IVectorCommitmentBackend, IDisposable
{
    private readonly IGpuBackend _gpu;
    private readonly GpuMerkle _merkle;
    private readonly IVectorCommitmentBackend _fallback;
    private readonly ResidentColumns? _resident;

    /// <summary>
    /// Runs Keccak trees on <paramref name="gpu"/> (owned by the caller), others on <paramref name="fallback"/>;
    /// columns found in <paramref name="resident"/> are hashed where they lie on the device.
    /// </summary>
    public GpuVectorCommitmentBackend(IGpuBackend gpu, IVectorCommitmentBackend? fallback = null, ResidentColumns? resident = null)
    {
        _gpu = gpu;
        _merkle = new GpuMerkle(gpu);
        _fallback = fallback ?? new CpuVectorCommitmentBackend();
        _resident = resident;
    }

    /// <summary>The mask the GPU kernels apply for <paramref name="hashName"/>, or null when it has no kernel.</summary>
    public static KeccakMask? MaskFor(string hashName) => hashName switch
    {
        "keccak256" => KeccakMask.None,
        "keccak256_masked160_msb" => KeccakMask.Masked160Msb,
        "keccak256_masked160_lsb" => KeccakMask.Masked160Lsb,
        "keccak256_masked192_msb" => KeccakMask.Masked192Msb,
        _ => null,
    };

    /// <inheritdoc/>
    public MerkleTree Commit(ReadOnlySpan<ReadOnlyMemory<Felt>> columns, IMerkleHasher hasher)
    {
        KeccakMask? keccak = MaskFor(hasher.Name);
        bool poseidon = hasher.Name == "poseidon3";
        if (keccak is null && !poseidon) return _fallback.Commit(columns, hasher);
        if (columns.Length == 0) throw new ArgumentException("at least one column is needed", nameof(columns));
        int rows = columns[0].Length;
        for (int c = 1; c < columns.Length; c++)
            if (columns[c].Length != rows) throw new ArgumentException($"column {c} has {columns[c].Length} rows, column 0 has {rows}");
        int logRows = Stark.Common.PowerOfTwo.Log2(rows);
        lock (_gpu)
        {
            uint[] offsets = [];
            GpuBuffer? data = _resident?.Find(columns, out offsets);
            GpuBuffer? uploaded = null;
            if (data is not null && !Consecutive(offsets, rows))
            {
                // The columns are on the device but not one after another: gather them there.
                data = uploaded = Gather(data, offsets, logRows);
            }
            else if (data is null)
            {
                data = uploaded = _gpu.Allocate((long)columns.Length * rows * 8);
                for (int c = 0; c < columns.Length; c++)
                    _gpu.Upload(MemoryMarshal.Cast<Felt, uint>(columns[c].Span), data, (long)c * rows * 8);
            }
            try
            {
                using GpuBuffer nodes = poseidon
                    ? _merkle.CommitPoseidon(data, columns.Length, logRows)
                    : _merkle.Commit(data, columns.Length, logRows, keccak!.Value);
                return new MerkleTree(rows, _merkle.DownloadTree(nodes, rows));
            }
            finally
            {
                uploaded?.Dispose();
            }
        }
    }

    private static bool Consecutive(uint[] offsets, int rows)
    {
        for (int c = 0; c < offsets.Length; c++) if (offsets[c] != (long)c * rows) return false;
        return true;
    }

    /// <summary>A new buffer holding the slices of <paramref name="source"/> at <paramref name="offsets"/>, one after another.</summary>
    private GpuBuffer Gather(GpuBuffer source, uint[] offsets, int logRows)
    {
        GpuBuffer target = _gpu.Allocate((long)offsets.Length << logRows << 3);
        using GpuBuffer table = _gpu.Allocate(offsets.Length);
        _gpu.Upload(offsets, table);
        _gpu.Launch(GpuKernel.GatherColumns, offsets.Length << logRows, new KernelArgs(source, target, table, logRows));
        _gpu.Synchronize();
        return target;
    }

    /// <summary>Frees the kernels' constant tables on the device.</summary>
    public void Dispose() => _merkle.Dispose();
}
