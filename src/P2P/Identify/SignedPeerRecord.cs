using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Identify;

/// <summary>
/// A peer record in a signed envelope (libp2p RFC 0002 and 0003): <c>Envelope { PublicKey public_key = 1;
/// bytes payload_type = 2; bytes payload = 3; bytes signature = 5; }</c>, the signature over
/// <c>varint(len) domain || varint(len) payload_type || varint(len) payload</c> with domain <c>libp2p-peer-record</c>
/// and payload type <c>0x0301</c>; the payload is <c>PeerRecord { bytes peer_id = 1; uint64 seq = 2;
/// repeated AddressInfo addresses = 3; }</c>, <c>AddressInfo { bytes multiaddr = 1; }</c>.
/// </summary>
public static class SignedPeerRecord
{
    /// <summary>The signature domain.</summary>
    public const string Domain = "libp2p-peer-record";

    /// <summary>The multicodec of peer records.</summary>
    public static ReadOnlySpan<byte> PayloadType => [0x03, 0x01];

    /// <summary>Builds and signs an envelope for <paramref name="key"/>'s peer with <paramref name="addrs"/>.</summary>
    public static byte[] Create(PrivateKey key, IReadOnlyList<Multiaddr> addrs, ulong seq)
    {
        var rec = new ProtoWriter(128);
        rec.WriteBytes(1, PeerId.FromPublicKey(key.PublicKey).Bytes);
        rec.WriteVarint(2, seq);
        foreach (var a in addrs)
        {
            var ai = new ProtoWriter(32);
            ai.WriteBytes(1, a.WithoutPeerId().Bytes);
            rec.WriteMessage(3, ai);
        }
        byte[] payload = rec.ToArray();
        byte[] sig = key.Sign(SigningBytes(payload));
        var env = new ProtoWriter(payload.Length + 200);
        env.WriteBytes(1, key.PublicKey.ToProtobuf());
        env.WriteBytes(2, PayloadType);
        env.WriteBytes(3, payload);
        env.WriteBytes(5, sig);
        return env.ToArray();
    }

    private static byte[] SigningBytes(ReadOnlySpan<byte> payload)
    {
        var w = new ProtoWriter(payload.Length + 40);
        byte[] d = System.Text.Encoding.ASCII.GetBytes(Domain);
        w.WriteRawVarint((ulong)d.Length);
        w.WriteRaw(d);
        w.WriteRawVarint(2);
        w.WriteRaw(PayloadType);
        w.WriteRawVarint((ulong)payload.Length);
        w.WriteRaw(payload);
        return w.ToArray();
    }

    /// <summary>
    /// Verifies an envelope and returns its peer id and addresses; throws <see cref="FormatException"/> when the
    /// signature, payload type or peer id (against its own key) does not check out.
    /// </summary>
    public static (PeerId Peer, ulong Seq, IReadOnlyList<Multiaddr> Addrs) Verify(ReadOnlySpan<byte> envelope)
    {
        var r = new ProtoReader(envelope);
        byte[]? pk = null, type = null, payload = null, sig = null;
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 1: pk = r.ReadBytes().ToArray(); break;
                case 2: type = r.ReadBytes().ToArray(); break;
                case 3: payload = r.ReadBytes().ToArray(); break;
                case 5: sig = r.ReadBytes().ToArray(); break;
                default: r.Skip(); break;
            }
        }
        if (pk is null || type is null || payload is null || sig is null) throw new FormatException("signed envelope lacks a field");
        if (!type.AsSpan().SequenceEqual(PayloadType)) throw new FormatException("signed envelope payload type is not a peer record");
        var key = PublicKey.FromProtobuf(pk);
        if (!key.Verify(SigningBytes(payload), sig)) throw new FormatException("signed peer record signature does not verify");
        var pr = new ProtoReader(payload);
        PeerId? peer = null;
        ulong seq = 0;
        var addrs = new List<Multiaddr>();
        while (pr.Next(out int f))
        {
            switch (f)
            {
                case 1: peer = PeerId.FromBytes(pr.ReadBytes()); break;
                case 2: seq = pr.ReadVarint(); break;
                case 3:
                    var ar = new ProtoReader(pr.ReadBytes());
                    while (ar.Next(out int af))
                    {
                        if (af == 1)
                        {
                            var ab = ar.ReadBytes();
                            try { addrs.Add(Multiaddr.FromBytes(ab)); } catch (FormatException) { /* skip */ }
                        }
                        else ar.Skip();
                    }
                    break;
                default: pr.Skip(); break;
            }
        }
        if (peer is null || !peer.Matches(key)) throw new FormatException("peer record's peer id does not match the envelope key");
        return (peer, seq, addrs);
    }
}
