using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

/// <summary>
/// Stone's proof of work (<c>ProofOfWorkProver</c>/<c>ProofOfWorkVerifier</c> in Stone's
/// <c>src/starkware/proof_system/proof_of_work.cc</c>): from a 32-byte channel state s and a difficulty b, the prefix
/// is P = H(0x0123456789abcded as 8 bytes big-endian ‖ s ‖ b as one byte); a nonce n is valid when
/// H(P ‖ n as 8 bytes big-endian) read big-endian starts with b zero bits. The prover publishes the smallest valid
/// n at or above a start (0 for a proof), so a proof does not depend on how many threads or lanes searched for it.
/// </summary>
/// <remarks>
/// P ‖ n is 40 bytes: one Keccak-f[1600] permutation (Keccak-256's rate is 136 bytes) or one BLAKE2s compression
/// (64-byte blocks) per candidate, and only the 8 nonce bytes change between candidates. The search hashes several
/// nonces per step in SIMD lanes (<see cref="KeccakF1600"/>, <see cref="Blake2s256"/> lane forms) on every thread
/// it is given, and checks only the first 64 bits of each digest. Soundness: a prover that has not done about 2^b
/// hash evaluations finds a valid nonce with probability at most (work)·2^−b, so b bits of grinding add b bits to
/// the query phase's security (docs/stark.md, "Proof of work").
/// </remarks>
public static partial class ProofOfWork
{
    /// <summary>The 8 bytes that open the prefix's preimage (Stone's <c>kMagic</c>).</summary>
    public const ulong Magic = 0x0123456789abcdedUL;

    /// <summary>The prefix length in bytes (one digest).</summary>
    public const int PrefixBytes = 32;

    /// <summary>The largest difficulty: the check reads the digest's first 64 bits.</summary>
    public const int MaxBits = 64;

    /// <summary>The lanes <see cref="FindNonce(ProofOfWorkHash, ReadOnlySpan{byte}, int, ulong, int)"/> uses on this CPU.</summary>
    internal static GrindingLanes BestLanes { get; } =
        Vector512.IsHardwareAccelerated ? GrindingLanes.Vector512
        : Hashing.NativeKeccak.IsSupported ? GrindingLanes.Native
        : Vector256.IsHardwareAccelerated ? GrindingLanes.Vector256
        : GrindingLanes.Scalar;

    /// <summary>
    /// Writes the prefix P = H(<see cref="Magic"/> big-endian ‖ <paramref name="seed"/> ‖ <paramref name="bits"/> as one
    /// byte) to <paramref name="prefix32"/>; the seed is the channel state (32 bytes in Stone's channels).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside [0, 64].</exception>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is over 1024 bytes or <paramref name="prefix32"/> under 32.</exception>
    public static void Prefix(ProofOfWorkHash hash, ReadOnlySpan<byte> seed, int bits, Span<byte> prefix32)
    {
        ValidateBits(bits);
        if (seed.Length > 1024) throw new ArgumentException($"the seed is a channel state of at most 1024 bytes, got {seed.Length}", nameof(seed));
        if (prefix32.Length < PrefixBytes) throw new ArgumentException($"the prefix needs {PrefixBytes} bytes, got {prefix32.Length}", nameof(prefix32));
        Span<byte> preimage = stackalloc byte[8 + seed.Length + 1];
        BinaryPrimitives.WriteUInt64BigEndian(preimage, Magic);
        seed.CopyTo(preimage[8..]);
        preimage[^1] = (byte)bits;
        Hash(hash, preimage, prefix32);
    }

    /// <summary>
    /// True when H(<paramref name="prefix32"/> ‖ <paramref name="nonce"/> big-endian) starts with <paramref name="bits"/>
    /// zero bits (always for 0 bits). This is the verifier's check and the oracle every search is tested against.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside [0, 64].</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix32"/> is not 32 bytes.</exception>
    public static bool Check(ProofOfWorkHash hash, ReadOnlySpan<byte> prefix32, int bits, ulong nonce)
    {
        ValidateBits(bits);
        ValidatePrefix(prefix32);
        return IsValid(hash, prefix32, HeadMask(bits), nonce);
    }

    /// <summary>
    /// The smallest nonce n ≥ <paramref name="startNonce"/> that passes
    /// <see cref="Check(ProofOfWorkHash, ReadOnlySpan{byte}, int, ulong)"/>, searched on at most
    /// <paramref name="maxThreads"/> threads (0: every processor). The answer does not depend on the thread count.
    /// </summary>
    /// <remarks>Expected work 2^<paramref name="bits"/> hashes; at 30 bits that is minutes on one core.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside [0, 64].</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix32"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">No nonce in [start, 2^64) is valid.</exception>
    public static ulong FindNonce(ProofOfWorkHash hash, ReadOnlySpan<byte> prefix32, int bits, ulong startNonce, int maxThreads) =>
        FindNonce(hash, prefix32, bits, startNonce, maxThreads, BestLanes);

    /// <summary>The 64-bit mask of the digest's first <paramref name="bits"/> bits, read big-endian.</summary>
    private static ulong HeadMask(int bits) => bits == 0 ? 0UL : ulong.MaxValue << (MaxBits - bits);

    /// <summary>The scalar check: the whole 40-byte hash, the digest's first 8 bytes read big-endian.</summary>
    private static bool IsValid(ProofOfWorkHash hash, ReadOnlySpan<byte> prefix32, ulong headMask, ulong nonce)
    {
        Span<byte> input = stackalloc byte[PrefixBytes + 8];
        prefix32.CopyTo(input);
        BinaryPrimitives.WriteUInt64BigEndian(input[PrefixBytes..], nonce);
        Span<byte> digest = stackalloc byte[32];
        Hash(hash, input, digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) & headMask) == 0;
    }

    private static void Hash(ProofOfWorkHash hash, ReadOnlySpan<byte> data, Span<byte> digest32)
    {
        switch (hash)
        {
            case ProofOfWorkHash.Keccak256: Keccak256.Hash(data, digest32); break;
            case ProofOfWorkHash.Blake2s256: Blake2s256.Hash(data, digest32); break;
            default: throw new ArgumentOutOfRangeException(nameof(hash), hash, "unknown proof-of-work hash");
        }
    }

    private static void ValidateBits(int bits)
    {
        if (bits is < 0 or > MaxBits) throw new ArgumentOutOfRangeException(nameof(bits), bits, $"proof-of-work bits must be in [0, {MaxBits}]");
    }

    private static void ValidatePrefix(ReadOnlySpan<byte> prefix32)
    {
        if (prefix32.Length != PrefixBytes) throw new ArgumentException($"the proof-of-work prefix is {PrefixBytes} bytes, got {prefix32.Length}", nameof(prefix32));
    }
}
