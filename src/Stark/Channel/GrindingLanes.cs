namespace Zetina.Stark.Channel;

/// <summary>How many nonces one thread hashes per step while grinding (<see cref="ProofOfWork"/>).</summary>
internal enum GrindingLanes
{
    /// <summary>One nonce at a time through the ordinary hash: the reference every wider path must agree with.</summary>
    Scalar,

    /// <summary>AVX2 registers: four Keccak states or eight BLAKE2s states per step.</summary>
    Vector256,

    /// <summary>AVX-512 registers: eight Keccak states or sixteen BLAKE2s states per step.</summary>
    Vector512,

    /// <summary>
    /// The native AVX-512 kernel (<see cref="Hashing.NativeKeccak"/>): eight Keccak states per step where .NET itself
    /// emits no AVX-512 code (the native-AOT binary); BLAKE2s, and CPUs without AVX-512, use <see cref="Vector256"/>.
    /// </summary>
    Native,
}
