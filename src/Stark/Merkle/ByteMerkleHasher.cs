using System.Buffers;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// A Merkle hasher over a 32-byte hash of bytes (Keccak-256 or Blake2s-256), optionally masked to 160 bits
/// as Stone's "masked160" commitments are: "_msb" keeps the first 20 bytes of the digest (the most
/// significant when read big-endian) and zeroes the last 12; "_lsb" zeroes the first 12; "masked192_msb" keeps 24.
/// </summary>
public sealed class ByteMerkleHasher : IMerkleHasher
{
    /// <summary>Which hash of bytes.</summary>
    public enum Algorithm
    {
        /// <summary>Keccak-256 (the Ethereum variant, 0x01 padding).</summary>
        Keccak256,
        /// <summary>Blake2s with a 32-byte digest.</summary>
        Blake2s256,
    }

    /// <summary>Which bytes a masked digest keeps.</summary>
    public enum Mask
    {
        /// <summary>All 32 bytes.</summary>
        None,
        /// <summary>The first 20 bytes kept, the last 12 zeroed.</summary>
        Masked160Msb,
        /// <summary>The last 20 bytes kept, the first 12 zeroed.</summary>
        Masked160Lsb,
        /// <summary>The first 24 bytes kept, the last 8 zeroed (a 96-bit birthday bound).</summary>
        Masked192Msb,
    }

    private readonly Algorithm _algorithm;
    private readonly Mask _mask;

    /// <summary>Creates the hasher with the given name (see <see cref="MerkleHashes.Names"/>).</summary>
    public ByteMerkleHasher(string name, Algorithm algorithm, Mask mask)
    {
        Name = name;
        _algorithm = algorithm;
        _mask = mask;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public void HashLeaf(ReadOnlySpan<Felt> row, Span<byte> digest)
    {
        int bytes = row.Length * 32;
        byte[]? rented = bytes > 2048 ? ArrayPool<byte>.Shared.Rent(bytes) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[bytes] : rented.AsSpan(0, bytes);
        for (int i = 0; i < row.Length; i++) row[i].WriteBytesBigEndian(buffer.Slice(32 * i, 32));
        HashBytes(buffer, digest);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <inheritdoc/>
    public void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> digest)
    {
        Span<byte> buffer = stackalloc byte[64];
        left[..32].CopyTo(buffer);
        right[..32].CopyTo(buffer[32..]);
        HashBytes(buffer, digest);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Keccak-256 hashes many leaves at a time in SIMD lanes (<see cref="Keccak256.HashMany"/>). The rows' bytes are
    /// written a block of <see cref="BlockRows"/> rows at a time, column by column: each column is then read
    /// sequentially, where row by row every value would come from a different array (a cache miss each, past what the
    /// hardware prefetchers follow for tables of dozens of columns).
    /// </remarks>
    public void HashLeaves(ReadOnlySpan<ReadOnlyMemory<Felt>> columns, int first, int count, Span<byte> digests)
    {
        const int D = MerkleTree.DigestSize;
        int width = columns.Length, bytes = width * 32;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockRows * bytes);
        Felt[] canonical = ArrayPool<Felt>.Shared.Rent(BlockRows);
        bool keccak = _algorithm == Algorithm.Keccak256;
        for (int block = 0; block < count; block += BlockRows)
        {
            int rows = Math.Min(BlockRows, count - block);
            for (int c = 0; c < width; c++)
            {
                // The leaf bytes are the canonical values: a Montgomery product with the raw limbs of 1 takes x·R to x,
                // a whole column slice at once in lanes, where one ToCanonical per value is a scalar reduction each;
                // the product's raw limbs, written as they are, are then x's big-endian bytes.
                ReadOnlySpan<Felt> column = columns[c].Span.Slice(first + block, rows);
                Span<Felt> plain = canonical.AsSpan(0, rows);
                FeltSpan.Mul(column, RawOnes.AsSpan(0, rows), plain);
                for (int r = 0; r < rows; r++) plain[r].WriteMontgomeryBytesBigEndian(buffer.AsSpan(r * bytes + 32 * c, 32));
            }
            if (keccak)
            {
                Span<byte> group = digests.Slice(block * D, rows * D);
                Keccak256.HashMany(buffer.AsSpan(0, rows * bytes), bytes, group);
                for (int j = 0; j < rows; j++) ApplyMask(group.Slice(j * D, D));
            }
            else
            {
                for (int i = 0; i < rows; i++) HashBytes(buffer.AsSpan(i * bytes, bytes), digests.Slice((block + i) * D, D));
            }
        }
        ArrayPool<byte>.Shared.Return(buffer);
        ArrayPool<Felt>.Shared.Return(canonical);
    }

    /// <summary>Rows per block of <see cref="HashLeaves"/>: a multiple of the lanes, 64 rows of 49 felts ≈ 100 KB.</summary>
    private const int BlockRows = 64;

    /// <summary><see cref="BlockRows"/> copies of the element whose raw Montgomery limbs are 1 (the value R⁻¹).</summary>
    private static readonly Felt[] RawOnes = Enumerable.Repeat(new Felt(1, 0, 0, 0), BlockRows).ToArray();

    /// <inheritdoc/>
    /// <remarks>Keccak-256 hashes many pairs at a time in SIMD lanes (<see cref="Keccak256.HashMany"/>).</remarks>
    public void HashPairs(ReadOnlySpan<byte> children, Span<byte> parents)
    {
        const int D = MerkleTree.DigestSize;
        int count = parents.Length / D;
        if (_algorithm == Algorithm.Keccak256)
        {
            Keccak256.HashMany(children[..(2 * count * D)], 2 * D, parents[..(count * D)]);
            for (int k = 0; k < count; k++) ApplyMask(parents.Slice(k * D, D));
            return;
        }
        for (int k = 0; k < count; k++) HashBytes(children.Slice(2 * k * D, 2 * D), parents.Slice(k * D, D));
    }

    /// <summary>Hashes bytes into a 32-byte digest and applies the mask.</summary>
    public void HashBytes(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (_algorithm == Algorithm.Keccak256) Keccak256.Hash(data, digest);
        else Blake2s256.Hash(data, digest);
        ApplyMask(digest);
    }

    /// <summary>Zeroes the bytes of a 32-byte digest that the mask drops.</summary>
    private void ApplyMask(Span<byte> digest)
    {
        if (_mask == Mask.Masked160Msb) digest.Slice(20, 12).Clear();
        else if (_mask == Mask.Masked160Lsb) digest[..12].Clear();
        else if (_mask == Mask.Masked192Msb) digest.Slice(24, 8).Clear();
    }
}
