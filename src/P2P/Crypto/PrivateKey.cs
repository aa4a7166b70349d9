using Zetina.P2P.Encoding;

namespace Zetina.P2P.Crypto;

/// <summary>
/// A libp2p private key (protobuf <c>PrivateKey { KeyType Type = 1; bytes Data = 2; }</c>).
/// Ed25519 data is <c>seed || public key</c> (64 bytes); secp256k1 data is the 32-byte big-endian scalar.
/// </summary>
public abstract class PrivateKey
{
    /// <summary>The key algorithm.</summary>
    public abstract KeyType Type { get; }

    /// <summary>The matching public key.</summary>
    public abstract PublicKey PublicKey { get; }

    /// <summary>The protobuf <c>Data</c> field.</summary>
    public abstract byte[] ExportData();

    /// <summary>Signs <paramref name="message"/> as libp2p does for this key type.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> message);

    /// <summary>Generates a fresh random key.</summary>
    public static PrivateKey Generate(KeyType type = KeyType.Ed25519) => type switch
    {
        KeyType.Ed25519 => Ed25519PrivateKey.Generate(),
        KeyType.Secp256k1 => Secp256k1PrivateKey.Generate(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// A key from a 32-byte seed: the RFC 8032 seed for Ed25519, the big-endian scalar for secp256k1
    /// (the js interop peer's <c>--key-seed</c> convention).
    /// </summary>
    public static PrivateKey FromSeed(KeyType type, ReadOnlySpan<byte> seed) => type switch
    {
        KeyType.Ed25519 => new Ed25519PrivateKey(seed),
        KeyType.Secp256k1 => new Secp256k1PrivateKey(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The protobuf <c>PrivateKey</c> encoding.</summary>
    public byte[] ToProtobuf()
    {
        var w = new ProtoWriter(80);
        w.WriteVarint(1, (ulong)Type);
        w.WriteBytes(2, ExportData());
        return w.ToArray();
    }

    /// <summary>Decodes a protobuf <c>PrivateKey</c>; throws <see cref="FormatException"/> when it is not a supported, well-formed key.</summary>
    public static PrivateKey FromProtobuf(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        long type = -1;
        byte[]? data = null;
        while (r.Next(out int f))
        {
            if (f == 1) type = (long)r.ReadVarint();
            else if (f == 2) data = r.ReadBytes().ToArray();
            else r.Skip();
        }
        if (type < 0 || data is null) throw new FormatException("PrivateKey protobuf lacks Type or Data");
        switch (type)
        {
            case 1:
                if (data.Length != 64 && data.Length != 32) throw new FormatException($"Ed25519 private key data must be 64 bytes, got {data.Length}");
                var k = new Ed25519PrivateKey(data.AsSpan(0, 32));
                if (data.Length == 64 && !k.PublicKey.Data.SequenceEqual(data.AsSpan(32)))
                    throw new FormatException("Ed25519 private key data: embedded public key does not match the seed");
                return k;
            case 2:
                return new Secp256k1PrivateKey(data);
            default:
                throw new FormatException($"unsupported private key type {type} (supported: 1 Ed25519, 2 Secp256k1)");
        }
    }
}
