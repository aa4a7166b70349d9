using Zetina.P2P.Encoding;

namespace Zetina.P2P.Kademlia;

/// <summary>
/// <c>Message { MessageType type = 1; bytes key = 2; bytes record = 3; repeated Peer closerPeers = 8;
/// repeated Peer providerPeers = 9; int32 clusterLevelRaw = 10; }</c>.
/// </summary>
public sealed record KadMessage(KadMessageType Type, byte[]? Key, KadRecord? Record, IReadOnlyList<KadPeer> CloserPeers)
{
    /// <summary>Encodes in field order.</summary>
    public byte[] Encode()
    {
        var w = new ProtoWriter(64 + (Record?.Value.Length ?? 0));
        w.WriteVarint(1, (ulong)Type);
        if (Key is not null) w.WriteBytes(2, Key);
        if (Record is not null) w.WriteBytes(3, Record.Encode());
        foreach (var p in CloserPeers)
        {
            var pw = new ProtoWriter(64);
            pw.WriteBytes(1, p.Id);
            foreach (var a in p.Addrs) pw.WriteBytes(2, a);
            if (p.Connection != 0) pw.WriteVarint(3, (ulong)p.Connection);
            w.WriteMessage(8, pw);
        }
        return w.ToArray();
    }

    /// <summary>Decodes; throws <see cref="FormatException"/> on malformed input.</summary>
    public static KadMessage Decode(ReadOnlySpan<byte> b)
    {
        var r = new ProtoReader(b);
        var type = KadMessageType.PutValue;
        byte[]? key = null;
        KadRecord? rec = null;
        var closer = new List<KadPeer>();
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 1: type = (KadMessageType)(int)r.ReadVarint(); break;
                case 2: key = r.ReadBytes().ToArray(); break;
                case 3: rec = KadRecord.Decode(r.ReadBytes()); break;
                case 8:
                {
                    var pr = new ProtoReader(r.ReadBytes());
                    byte[] id = [];
                    var addrs = new List<byte[]>();
                    int conn = 0;
                    while (pr.Next(out int pf))
                    {
                        if (pf == 1) id = pr.ReadBytes().ToArray();
                        else if (pf == 2) addrs.Add(pr.ReadBytes().ToArray());
                        else if (pf == 3) conn = (int)pr.ReadVarint();
                        else pr.Skip();
                    }
                    closer.Add(new KadPeer(id, addrs, conn));
                    break;
                }
                default: r.Skip(); break;
            }
        }
        return new KadMessage(type, key, rec, closer);
    }
}
