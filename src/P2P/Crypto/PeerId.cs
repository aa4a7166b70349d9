using System.Security.Cryptography;
using Zetina.P2P.Encoding;

namespace Zetina.P2P.Crypto;

/// <summary>
/// A libp2p peer id: the multihash of the protobuf public key — the identity multihash
/// (<c>00 len key</c>) when the encoded key is at most 42 bytes (Ed25519, secp256k1), else SHA-256
/// (<c>12 20 digest</c>) (libp2p specs, peer-ids/peer-ids.md). Text: base58btc of the multihash
/// (<c>12D3KooW…</c>, <c>16Uiu2…</c>, <c>Qm…</c>), or CIDv1 with the <c>libp2p-key</c> codec in base32 (<c>bafz…</c>).
/// </summary>
public sealed class PeerId : IEquatable<PeerId>
{
    private const int MaxInlineKeyLength = 42;
    private const byte LibP2pKeyCodec = 0x72;
    private readonly byte[] _bytes;
    private readonly int _hash;

    private PeerId(byte[] multihash)
    {
        _bytes = multihash;
        var h = new HashCode();
        h.AddBytes(multihash);
        _hash = h.ToHashCode();
    }

    /// <summary>The multihash bytes (what goes on the wire: gossipsub <c>from</c>, Kad peer ids, /p2p/ in multiaddrs).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A copy of the multihash bytes.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>The peer id of <paramref name="key"/>.</summary>
    public static PeerId FromPublicKey(PublicKey key)
    {
        byte[] pb = key.ToProtobuf();
        if (pb.Length <= MaxInlineKeyLength)
        {
            var mh = new byte[2 + pb.Length];
            mh[0] = 0x00;
            mh[1] = (byte)pb.Length;
            pb.CopyTo(mh, 2);
            return new PeerId(mh);
        }
        var sh = new byte[34];
        sh[0] = 0x12;
        sh[1] = 0x20;
        SHA256.HashData(pb, sh.AsSpan(2));
        return new PeerId(sh);
    }

    /// <summary>Parses multihash bytes; throws <see cref="FormatException"/> unless they are an identity or SHA-256 multihash.</summary>
    public static PeerId FromBytes(ReadOnlySpan<byte> multihash)
    {
        if (multihash.Length < 2) throw new FormatException($"peer id multihash too short ({multihash.Length} bytes)");
        ulong code = Varint.Read(multihash, out int n1);
        ulong len = Varint.Read(multihash[n1..], out int n2);
        int body = multihash.Length - n1 - n2;
        if ((ulong)body != len) throw new FormatException($"peer id multihash declares {len} digest bytes, has {body}");
        if (code == 0x12 && len != 32) throw new FormatException($"sha2-256 peer id must have a 32-byte digest, got {len}");
        if (code != 0x00 && code != 0x12) throw new FormatException($"peer id multihash code 0x{code:x} is neither identity (0x00) nor sha2-256 (0x12)");
        if (code == 0x00 && len > MaxInlineKeyLength) throw new FormatException($"identity peer id longer than {MaxInlineKeyLength} bytes");
        return new PeerId(multihash.ToArray());
    }

    /// <summary>Parses base58btc (<c>12D3KooW…</c>, <c>Qm…</c>) or CIDv1 multibase text (<c>b…</c> base32, <c>z…</c> base58); throws <see cref="FormatException"/>.</summary>
    public static PeerId Parse(string text)
    {
        if (string.IsNullOrEmpty(text)) throw new FormatException("empty peer id");
        if (text.StartsWith("Qm", StringComparison.Ordinal) || text.StartsWith('1'))
            return FromBytes(Base58.Decode(text));
        byte[] cid = text[0] switch
        {
            'b' => Base32.Decode(text.AsSpan(1)),
            'z' => Base58.Decode(text[1..]),
            _ => throw new FormatException($"peer id '{text}' is neither base58btc nor a multibase CID"),
        };
        ulong version = Varint.Read(cid, out int n1);
        ulong codec = Varint.Read(cid.AsSpan(n1), out int n2);
        if (version != 1 || codec != LibP2pKeyCodec) throw new FormatException($"peer id CID must be v1 with codec libp2p-key (0x72), got v{version} codec 0x{codec:x}");
        return FromBytes(cid.AsSpan(n1 + n2));
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse(string text, out PeerId? id)
    {
        try
        {
            id = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            id = null;
            return false;
        }
    }

    /// <summary>The public key inlined in an identity-multihash peer id, or null for SHA-256 ids.</summary>
    public PublicKey? TryExtractPublicKey()
    {
        if (_bytes[0] != 0x00) return null;
        try
        {
            return PublicKey.FromProtobuf(_bytes.AsSpan(2));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="key"/> hashes to this id.</summary>
    public bool Matches(PublicKey key) => Equals(FromPublicKey(key));

    /// <summary>The base58btc text form.</summary>
    public override string ToString() => Base58.Encode(_bytes);

    /// <summary>The CIDv1 text form: multibase base32 ('b') of <c>0x01 0x72 multihash</c>.</summary>
    public string ToCidString()
    {
        var cid = new byte[2 + _bytes.Length];
        cid[0] = 0x01;
        cid[1] = LibP2pKeyCodec;
        _bytes.CopyTo(cid, 2);
        return "b" + Base32.Encode(cid);
    }

    /// <inheritdoc/>
    public bool Equals(PeerId? other) => other is not null && other._hash == _hash && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PeerId p && Equals(p);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;
}
