using Zetina.P2P.Encoding;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Identify;

/// <summary>
/// <c>Identify { string protocolVersion = 5; string agentVersion = 6; bytes publicKey = 1; repeated bytes listenAddrs = 2;
/// bytes observedAddr = 4; repeated string protocols = 3; bytes signedPeerRecord = 8; }</c>.
/// Unparseable addresses are dropped rather than failing the message.
/// </summary>
public sealed record IdentifyMessage(
    string? ProtocolVersion,
    string? AgentVersion,
    byte[]? PublicKey,
    IReadOnlyList<Multiaddr> ListenAddrs,
    Multiaddr? ObservedAddr,
    IReadOnlyList<string> Protocols,
    byte[]? SignedPeerRecord)
{
    /// <summary>Encodes in field order 5, 6, 1, 2, 4, 3, 8 (as go and js do).</summary>
    public byte[] Encode()
    {
        var w = new ProtoWriter(512);
        if (ProtocolVersion is not null) w.WriteString(5, ProtocolVersion);
        if (AgentVersion is not null) w.WriteString(6, AgentVersion);
        if (PublicKey is not null) w.WriteBytes(1, PublicKey);
        foreach (var a in ListenAddrs) w.WriteBytes(2, a.Bytes);
        if (ObservedAddr is not null) w.WriteBytes(4, ObservedAddr.Bytes);
        foreach (string p in Protocols) w.WriteString(3, p);
        if (SignedPeerRecord is not null) w.WriteBytes(8, SignedPeerRecord);
        return w.ToArray();
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> on malformed protobuf.</summary>
    public static IdentifyMessage Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        string? pv = null, av = null;
        byte[]? pk = null, spr = null;
        var addrs = new List<Multiaddr>();
        Multiaddr? observed = null;
        var protos = new List<string>();
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 5: pv = r.ReadString(); break;
                case 6: av = r.ReadString(); break;
                case 1: pk = r.ReadBytes().ToArray(); break;
                case 2:
                    var ab = r.ReadBytes();
                    try { addrs.Add(Multiaddr.FromBytes(ab)); } catch (FormatException) { /* unknown transport: skip */ }
                    break;
                case 4:
                    var ob = r.ReadBytes();
                    try { observed = Multiaddr.FromBytes(ob); } catch (FormatException) { /* skip */ }
                    break;
                case 3: protos.Add(r.ReadString()); break;
                case 8: spr = r.ReadBytes().ToArray(); break;
                default: r.Skip(); break;
            }
        }
        return new IdentifyMessage(pv, av, pk, addrs, observed, protos, spr);
    }
}
