using System.Security.Cryptography;

namespace Zetina.P2P.Crypto;

/// <summary>An Ed25519 private key held as its 32-byte RFC 8032 seed.</summary>
public sealed class Ed25519PrivateKey : PrivateKey
{
    private readonly byte[] _seed;
    private readonly byte[] _secretKey;
    private readonly Ed25519PublicKey _public;

    /// <summary>From a 32-byte seed.</summary>
    public Ed25519PrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new FormatException($"Ed25519 seed must be 32 bytes, got {seed.Length}");
        _seed = seed.ToArray();
        var publicKey = new byte[Sodium.PublicKeyBytes];
        _secretKey = new byte[Sodium.SecretKeyBytes];
        Sodium.SeedKeyPair(_seed, publicKey, _secretKey);
        _public = new Ed25519PublicKey(publicKey);
    }

    /// <summary>A random key from the OS generator.</summary>
    public static Ed25519PrivateKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <inheritdoc/>
    public override KeyType Type => KeyType.Ed25519;

    /// <inheritdoc/>
    public override PublicKey PublicKey => _public;

    /// <inheritdoc/>
    public override byte[] ExportData()
    {
        var d = new byte[64];
        _seed.CopyTo(d, 0);
        _public.Data.CopyTo(d.AsSpan(32));
        return d;
    }

    /// <inheritdoc/>
    public override byte[] Sign(ReadOnlySpan<byte> message)
    {
        return Sodium.Sign(message, _secretKey);
    }
}
