using Zetina.P2P.Encoding;

namespace Zetina.P2P.Crypto;

/// <summary>
/// A libp2p public key. Its wire form is the protobuf <c>PublicKey { KeyType Type = 1; bytes Data = 2; }</c>
/// (libp2p specs, peer-ids/peer-ids.md), e.g. <c>08 01 12 20 &lt;32 bytes&gt;</c> for Ed25519.
/// </summary>
public abstract class PublicKey : IEquatable<PublicKey>
{
    /// <summary>The key algorithm.</summary>
    public abstract KeyType Type { get; }

    /// <summary>The key's own encoding (the protobuf <c>Data</c> field).</summary>
    public abstract ReadOnlySpan<byte> Data { get; }

    /// <summary>Checks <paramref name="signature"/> over <paramref name="message"/>; never throws on malformed signatures.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>The protobuf <c>PublicKey</c> encoding (deterministic: Type then Data).</summary>
    public byte[] ToProtobuf()
    {
        var w = new ProtoWriter(Data.Length + 8);
        w.WriteVarint(1, (ulong)Type);
        w.WriteBytes(2, Data);
        return w.ToArray();
    }

    /// <summary>Decodes a protobuf <c>PublicKey</c>; throws <see cref="FormatException"/> for unknown types or bad key data.</summary>
    public static PublicKey FromProtobuf(ReadOnlySpan<byte> bytes)
    {
        var r = new ProtoReader(bytes);
        long type = -1;
        ReadOnlySpan<byte> data = default;
        bool hasData = false;
        while (r.Next(out int f))
        {
            if (f == 1) type = (long)r.ReadVarint();
            else if (f == 2) { data = r.ReadBytes(); hasData = true; }
            else r.Skip();
        }
        if (type < 0 || !hasData) throw new FormatException("PublicKey protobuf lacks Type or Data");
        return type switch
        {
            1 => new Ed25519PublicKey(data.ToArray()),
            2 => new Secp256k1PublicKey(data.ToArray()),
            _ => throw new FormatException($"unsupported key type {type} (supported: 1 Ed25519, 2 Secp256k1)"),
        };
    }

    /// <inheritdoc/>
    public bool Equals(PublicKey? other) => other is not null && other.Type == Type && other.Data.SequenceEqual(Data);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PublicKey k && Equals(k);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Data);
        return h.ToHashCode();
    }
}
