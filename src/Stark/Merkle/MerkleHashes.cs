namespace Zetina.Stark.Merkle;

/// <summary>
/// The named Merkle/channel hashes: Keccak-256, Blake2s-256 and Poseidon, and Stone's masked 160-bit
/// variants of the byte hashes ("_masked160_msb": the 20 most significant bytes of the digest kept, the
/// last 12 zeroed; "_masked160_lsb": the 20 least significant kept, the first 12 zeroed).
/// </summary>
public static partial class MerkleHashes
{
    /// <summary>Every accepted name.</summary>
    public static readonly string[] Names =
    [
        "keccak256", "keccak256_masked160_msb", "keccak256_masked160_lsb",
        "blake2s256", "blake2s256_masked160_msb", "blake2s256_masked160_lsb",
        "poseidon3",
    ];

    /// <summary>True when <paramref name="name"/> is one of <see cref="Names"/>.</summary>
    public static bool IsKnown(string? name) => name is not null && Array.IndexOf(Names, name) >= 0;
}
