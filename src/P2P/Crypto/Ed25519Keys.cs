using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Zetina.P2P.Crypto;

/// <summary>An Ed25519 public key (RFC 8032), 32 bytes; verification by BouncyCastle.</summary>
public sealed class Ed25519PublicKey : PublicKey
{
    private readonly byte[] _key;

    /// <summary>Wraps a 32-byte key; throws <see cref="FormatException"/> on another length or a point not on the curve.</summary>
    public Ed25519PublicKey(byte[] key)
    {
        if (key.Length != 32) throw new FormatException($"Ed25519 public key must be 32 bytes, got {key.Length}");
        if (!Ed25519.ValidatePublicKeyPartial(key, 0)) throw new FormatException("Ed25519 public key is not a valid point");
        _key = key;
    }

    /// <inheritdoc/>
    public override KeyType Type => KeyType.Ed25519;

    /// <inheritdoc/>
    public override ReadOnlySpan<byte> Data => _key;

    /// <inheritdoc/>
    public override bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64) return false;
        byte[] m = message.ToArray();
        return Ed25519.Verify(signature.ToArray(), 0, _key, 0, m, 0, m.Length);
    }
}

/// <summary>An Ed25519 private key held as its 32-byte RFC 8032 seed.</summary>
public sealed class Ed25519PrivateKey : PrivateKey
{
    private readonly byte[] _seed;
    private readonly Ed25519PublicKey _public;

    /// <summary>From a 32-byte seed.</summary>
    public Ed25519PrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new FormatException($"Ed25519 seed must be 32 bytes, got {seed.Length}");
        _seed = seed.ToArray();
        var pk = new byte[32];
        Ed25519.GeneratePublicKey(_seed, 0, pk, 0);
        _public = new Ed25519PublicKey(pk);
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
        var sig = new byte[64];
        byte[] m = message.ToArray();
        Ed25519.Sign(_seed, 0, m, 0, m.Length, sig, 0);
        return sig;
    }
}
