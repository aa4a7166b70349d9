namespace Zetina.Stark.Merkle;

/// <summary>
/// The named Merkle/channel hashes: Keccak-256, Blake2s-256 and Poseidon, Stone's masked 160-bit
/// variants of the byte hashes ("_masked160_msb": the 20 most significant bytes of the digest kept, the
/// last 12 zeroed; "_masked160_lsb": the 20 least significant kept, the first 12 zeroed), and 192-bit variants
/// ("_masked192_msb": the first 24 bytes kept, the last 8 zeroed) — the narrowest digest with a 96-bit birthday bound.
/// </summary>
public static partial class MerkleHashes
{
    /// <summary>Every accepted name.</summary>
    public static readonly string[] Names =
    [
        "keccak256", "keccak256_masked160_msb", "keccak256_masked160_lsb",
        "blake2s256", "blake2s256_masked160_msb", "blake2s256_masked160_lsb",
        "poseidon3",
        "keccak256_masked192_msb", "blake2s256_masked192_msb",
    ];

    /// <summary>True when <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string? name) => name is not null && Array.IndexOf(Names, name) >= 0;

    /// <summary>
    /// Collision resistance in bits (the birthday bound, half the digest): 128 for the 256-bit byte hashes, 96 for
    /// the masked 192-bit digests, 80 for the masked 160-bit ones, 125 for Poseidon over the 251-bit field. Throws
    /// <see cref="ArgumentException"/> for an unknown name.
    /// </summary>
    public static int CollisionBits(string name) => name switch
    {
        "keccak256" or "blake2s256" => 128,
        "keccak256_masked192_msb" or "blake2s256_masked192_msb" => 96,
        "keccak256_masked160_msb" or "keccak256_masked160_lsb" or "blake2s256_masked160_msb" or "blake2s256_masked160_lsb" => 80,
        "poseidon3" => 125,
        _ => throw new ArgumentException($"unknown hash '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>
    /// The bytes of a digest that carry information, as (offset, length) within its 32 bytes: the rest are zero by the
    /// mask, so proofs send only these (20 bytes of a masked 160-bit digest, 24 of a 192-bit one, all 32 otherwise).
    /// Throws <see cref="ArgumentException"/> for an unknown name.
    /// </summary>
    public static (int Offset, int Length) DigestWindow(string name) => name switch
    {
        "keccak256" or "blake2s256" or "poseidon3" => (0, 32),
        "keccak256_masked160_msb" or "blake2s256_masked160_msb" => (0, 20),
        "keccak256_masked160_lsb" or "blake2s256_masked160_lsb" => (12, 20),
        "keccak256_masked192_msb" or "blake2s256_masked192_msb" => (0, 24),
        _ => throw new ArgumentException($"unknown hash '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };
}

public static partial class MerkleHashes
{
    /// <summary>The hasher with the given name; throws <see cref="ArgumentException"/> for an unknown name.</summary>
    public static IMerkleHasher Create(string name) => name switch
    {
        "keccak256" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Keccak256, ByteMerkleHasher.Mask.None),
        "keccak256_masked160_msb" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Keccak256, ByteMerkleHasher.Mask.Masked160Msb),
        "keccak256_masked160_lsb" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Keccak256, ByteMerkleHasher.Mask.Masked160Lsb),
        "keccak256_masked192_msb" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Keccak256, ByteMerkleHasher.Mask.Masked192Msb),
        "blake2s256" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Blake2s256, ByteMerkleHasher.Mask.None),
        "blake2s256_masked160_msb" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Blake2s256, ByteMerkleHasher.Mask.Masked160Msb),
        "blake2s256_masked160_lsb" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Blake2s256, ByteMerkleHasher.Mask.Masked160Lsb),
        "blake2s256_masked192_msb" => new ByteMerkleHasher(name, ByteMerkleHasher.Algorithm.Blake2s256, ByteMerkleHasher.Mask.Masked192Msb),
        "poseidon3" => new PoseidonMerkleHasher(),
        _ => throw new ArgumentException($"unknown hash '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>
    /// The byte hash the Fiat–Shamir channel uses alongside a Merkle hash: Blake2s-256 for the blake2s
    /// family, Keccak-256 otherwise (Poseidon trees included), never masked.
    /// </summary>
    public static ByteMerkleHasher ChannelHashFor(string name) =>
        name.StartsWith("blake2s", StringComparison.Ordinal)
            ? new ByteMerkleHasher("blake2s256", ByteMerkleHasher.Algorithm.Blake2s256, ByteMerkleHasher.Mask.None)
            : new ByteMerkleHasher("keccak256", ByteMerkleHasher.Algorithm.Keccak256, ByteMerkleHasher.Mask.None);
}
