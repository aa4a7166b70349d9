namespace Zetina.Stark.Hashing;

/// <summary>
/// Stone's byte commitment hashes (<c>crypt_tools/masked_hash.h</c>): Keccak-256 or Blake2s-256 ("blake256" in
/// Stone's names) of a byte string, with all but <see cref="KeptBytes"/> bytes of the 32-byte digest zeroed —
/// the most significant ones kept for <c>_msb</c>, the least significant (the digest's tail, read big-endian)
/// for <c>_lsb</c>. A masked digest fits a felt when at most 251 bits survive, so the Poseidon channel can
/// absorb it.
/// </summary>
internal sealed class StoneMaskedHash
{
    /// <summary>The names Stone's verifier accepts for <c>commitment_hash</c>, with the unmasked byte hashes.</summary>
    public static readonly string[] Names =
    [
        "keccak256_masked160_lsb", "keccak256_masked160_msb", "blake256_masked248_lsb", "blake256_masked160_lsb",
        "keccak256", "blake256",
    ];

    private StoneMaskedHash(string name, bool keccak, int keptBytes, bool mostSignificant)
    {
        Name = name; _keccak = keccak; KeptBytes = keptBytes; _mostSignificant = mostSignificant;
    }

    private readonly bool _keccak;
    private readonly bool _mostSignificant;

    /// <summary>The name as Stone's parameters spell it.</summary>
    /// <summary>The hash family without masking, as the proof of work uses it (<see cref="Channel.ProofOfWork"/>).</summary>
    public Channel.ProofOfWorkHash ProofOfWorkFamily => _keccak ? Channel.ProofOfWorkHash.Keccak256 : Channel.ProofOfWorkHash.Blake2s256;

    public string Name { get; }

    /// <summary>Digest bytes kept (20 for masked160, 31 for masked248, 32 unmasked).</summary>
    public int KeptBytes { get; }

    /// <summary>The hash named <paramref name="name"/>, or null when Stone has no such commitment hash.</summary>
    public static StoneMaskedHash? TryCreate(string name) => name switch
    {
        "keccak256_masked160_lsb" => new(name, true, 20, false),
        "keccak256_masked160_msb" => new(name, true, 20, true),
        "blake256_masked248_lsb" => new(name, false, 31, false),
        "blake256_masked160_lsb" => new(name, false, 20, false),
        "keccak256" => new(name, true, 32, true),
        "blake256" => new(name, false, 32, true),
        _ => null,
    };

    /// <summary>The unmasked digest of <paramref name="data"/> (Stone's <c>HashBytesWithLength</c> of the byte hash).</summary>
    public void HashUnmasked(ReadOnlySpan<byte> data, Span<byte> digest32)
    {
        if (_keccak) Keccak256.Hash(data, digest32);
        else Blake2s256.Hash(data, digest32);
    }

    /// <summary>The masked digest of <paramref name="data"/> into <paramref name="digest32"/>.</summary>
    public void Hash(ReadOnlySpan<byte> data, Span<byte> digest32)
    {
        HashUnmasked(data, digest32);
        Mask(digest32);
    }

    /// <summary>
    /// The masked digests of <c>digests.Length / 32</c> messages of <paramref name="length"/> bytes laid end to end in
    /// <paramref name="data"/>: message j at [j·length, (j + 1)·length) hashes to digests[32j, 32j + 32). Keccak runs
    /// many messages at a time in SIMD lanes (<see cref="Keccak256.HashMany"/>); the digests are the same.
    /// </summary>
    /// <exception cref="ArgumentException">The data is not one message of <paramref name="length"/> bytes per digest.</exception>
    public void HashMany(ReadOnlySpan<byte> data, int length, Span<byte> digests)
    {
        int count = digests.Length / 32;
        if (length < 0 || digests.Length % 32 != 0 || data.Length != (long)count * length)
            throw new ArgumentException($"expected {count} messages of {length} bytes, got {data.Length} bytes", nameof(data));
        if (_keccak)
        {
            Keccak256.HashMany(data, length, digests);
            for (int j = 0; j < count; j++) Mask(digests.Slice(32 * j, 32));
            return;
        }
        for (int j = 0; j < count; j++) Hash(data.Slice(j * length, length), digests.Slice(32 * j, 32));
    }

    /// <summary>Zeroes the bytes of a 32-byte digest that the mask drops.</summary>
    private void Mask(Span<byte> digest32)
    {
        if (KeptBytes == 32) return;
        if (_mostSignificant) digest32[KeptBytes..].Clear();
        else digest32[..(32 - KeptBytes)].Clear();
    }

    /// <summary>H(left ‖ right), masked: a Merkle node from its two 32-byte children (Stone's <c>MaskedHash::Hash</c>).</summary>
    public void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> digest32)
    {
        Span<byte> both = stackalloc byte[64];
        left.CopyTo(both);
        right.CopyTo(both[32..]);
        Hash(both, digest32);
    }
}
