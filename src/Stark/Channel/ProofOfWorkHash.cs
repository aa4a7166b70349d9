namespace Zetina.Stark.Channel;

/// <summary>The hash a proof of work is ground with (Stone's <c>pow_hash</c>): always the full 32-byte digest, never masked.</summary>
public enum ProofOfWorkHash
{
    /// <summary>Keccak-256, Ethereum's padding (Stone's <c>keccak256</c>): one Keccak-f[1600] per 40-byte input.</summary>
    Keccak256,

    /// <summary>BLAKE2s-256 (Stone's <c>blake256</c>): one compression per 40-byte input.</summary>
    Blake2s256,
}
