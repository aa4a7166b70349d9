using System.Runtime.InteropServices;

namespace Zetina.P2P.Crypto;

/// <summary>
/// The four libsodium functions libp2p's Ed25519 keys need (RFC 8032 signing and verification), bound directly.
/// </summary>
/// <remarks>
/// libsodium is the fastest Ed25519 on this kind of machine (verification 2–4× BouncyCastle's managed one), and every
/// gossipsub message is verified by every receiver. These are the library's oldest stable entry points (present since
/// 1.0.0), so the native-AOT build can link a static <c>libsodium.a</c> into the single <c>zetina</c> binary
/// (<c>DirectPInvoke</c>, see src/Node/Zetina.Node.csproj) while JIT builds load the shared library the
/// <c>libsodium</c> package ships.
/// </remarks>
internal static partial class Sodium
{
    private const string Library = "libsodium";

    /// <summary>Public key bytes (crypto_sign_ed25519_PUBLICKEYBYTES).</summary>
    public const int PublicKeyBytes = 32;

    /// <summary>Secret key bytes: the seed followed by the public key (crypto_sign_ed25519_SECRETKEYBYTES).</summary>
    public const int SecretKeyBytes = 64;

    /// <summary>Signature bytes (crypto_sign_ed25519_BYTES).</summary>
    public const int SignatureBytes = 64;

    static Sodium()
    {
        // sodium_init returns 0 on the first call, 1 when already initialised, -1 on failure.
        if (sodium_init() < 0) throw new InvalidOperationException("libsodium failed to initialise");
    }

    /// <summary>The 64-byte secret key and 32-byte public key of a 32-byte seed (RFC 8032 §5.1.5).</summary>
    public static void SeedKeyPair(ReadOnlySpan<byte> seed, Span<byte> publicKey, Span<byte> secretKey)
    {
        if (seed.Length != 32 || publicKey.Length != PublicKeyBytes || secretKey.Length != SecretKeyBytes)
            throw new ArgumentException("Ed25519 seed key pair: wrong buffer length");
        if (crypto_sign_ed25519_seed_keypair(publicKey, secretKey, seed) != 0)
            throw new InvalidOperationException("libsodium could not derive an Ed25519 key pair");
    }

    /// <summary>The detached signature of <paramref name="message"/> (RFC 8032 §5.1.6).</summary>
    public static byte[] Sign(ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != SecretKeyBytes) throw new ArgumentException("Ed25519 secret key must be 64 bytes");
        var signature = new byte[SignatureBytes];
        if (crypto_sign_ed25519_detached(signature, out _, message, (ulong)message.Length, secretKey) != 0)
            throw new InvalidOperationException("libsodium could not sign");
        return signature;
    }

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="message"/> (RFC 8032 §5.1.7).</summary>
    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != SignatureBytes || publicKey.Length != PublicKeyBytes) return false;
        return crypto_sign_ed25519_verify_detached(signature, message, (ulong)message.Length, publicKey) == 0;
    }

    [LibraryImport(Library)]
    private static partial int sodium_init();

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_seed_keypair(Span<byte> pk, Span<byte> sk, ReadOnlySpan<byte> seed);

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_detached(
        Span<byte> sig, out ulong siglen, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> sk);

    [LibraryImport(Library)]
    private static partial int crypto_sign_ed25519_verify_detached(
        ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);
}
