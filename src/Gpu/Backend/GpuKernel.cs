namespace Zetina.Gpu.Backend;

/// <summary>
/// The device kernels, by what they compute. Every kernel has the one signature of
/// <see cref="KernelArgs"/>: up to three <see cref="uint"/> buffers (A, B, C) and three integers (P0, P1, P2),
/// run on a one-dimensional grid of threads. Field elements in buffers are eight 32-bit words each, byte for
/// byte the Montgomery limbs of <c>Felt</c>; digests are eight words, byte for byte the 32 digest bytes.
/// </summary>
/// <remarks>
/// The C# sources are in <c>src/Gpu/Kernels</c> (ILGPU); the names below are the names of their
/// compiled PTX modules under <c>src/Gpu/Ptx</c>. The numbering is part of no format; keep
/// <see cref="GpuKernels.Name"/> in step.
/// </remarks>
public enum GpuKernel
{
    /// <summary>Element-wise field operation on i &lt; threads: C[i] = A[i] op B[i], op = P0 (0 mul, 1 add, 2 sub).</summary>
    FeltElementwise,

    /// <summary>
    /// Bit-reversal permutation of each column: A holds columns of 2^P0 elements, one after another;
    /// threads = columns · 2^P0.
    /// </summary>
    NttBitReverse,

    /// <summary>
    /// One radix-2 decimation-in-time stage (half-size 2^P1) of a size-2^P0 transform of every column of A,
    /// with B the 2^(P0−1) twiddles ω^0 … ω^(n/2−1); threads = columns · 2^(P0−1).
    /// </summary>
    NttButterfly,

    /// <summary>A[i] ·= B[0] for i &lt; threads (scaling by n⁻¹ after an inverse transform).</summary>
    FeltScale,

    /// <summary>
    /// Zero-padded, coset-shifted copy: B column c (2^P1 elements) = A column c (2^P0 elements) times C[j]
    /// at j &lt; 2^P0 and 0 above; threads = columns · 2^P1.
    /// </summary>
    LdeExtend,

    /// <summary>
    /// Gathers column slices: B[k·2^P0 + j] = A[C[k] + j] (C holds element offsets as words); threads =
    /// slices · 2^P0.
    /// </summary>
    GatherColumns,

    /// <summary>
    /// Merkle leaves: node 2^P1 + r of B (digests) = Keccak-256 of row r of the P0 columns of A (each 2^P1
    /// long), each element as its canonical value in 32 big-endian bytes, masked by P2 (see
    /// <see cref="KeccakMask"/>); threads = 2^P1 rows.
    /// </summary>
    KeccakRows,

    /// <summary>
    /// One Merkle layer: node P0 + i of A = Keccak-256(node 2(P0 + i) ‖ node 2(P0 + i) + 1) masked by P1,
    /// i &lt; threads = P0.
    /// </summary>
    KeccakLayer,

    /// <summary>
    /// Poseidon Merkle leaves: node 2^P1 + r of B = poseidon_hash_many(row r of the P0 columns of A), as 32
    /// big-endian bytes; C = the 273 Hades round constants then R² mod p (see <c>PoseidonConstants</c>).
    /// </summary>
    PoseidonRows,

    /// <summary>One Poseidon Merkle layer: node P0 + i of A = poseidon_hash(children); B = the constants; threads = P0.</summary>
    PoseidonLayer,

    /// <summary>
    /// Grouped (see <see cref="GpuKernels.IsGrouped"/>): stages 0 … P1−1 of the size-2^P0 transforms of A (bit-reversed
    /// input, B the twiddles as for <see cref="NttButterfly"/>) in shared memory, one tile of 2^P1 consecutive
    /// elements per group; groups = columns · 2^(P0−P1), 2^(P1−1) threads per group,
    /// <see cref="GpuKernels.SharedWordsPerElement"/> · 2^P1 words of dynamic shared memory; 1 ≤ P1 ≤ P0.
    /// </summary>
    NttSharedStages,
}

/// <summary>Which digest bytes a Keccak kernel keeps (Stone's masked 160-bit commitments).</summary>
public enum KeccakMask
{
    /// <summary>All 32 bytes.</summary>
    None = 0,

    /// <summary>Bytes 0 … 19 kept, 20 … 31 zeroed ("keccak256_masked160_msb").</summary>
    Masked160Msb = 1,

    /// <summary>Bytes 0 … 11 zeroed ("keccak256_masked160_lsb").</summary>
    Masked160Lsb = 2,

    /// <summary>Bytes 24 … 31 zeroed ("keccak256_masked192_msb").</summary>
    Masked192Msb = 3,
}
