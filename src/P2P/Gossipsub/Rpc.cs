using Zetina.P2P.Encoding;

namespace Zetina.P2P.Gossipsub;

/// <summary>
/// <c>RPC { repeated SubOpts subscriptions = 1; repeated Message publish = 2; ControlMessage control = 3; }</c> with
/// <c>SubOpts { bool subscribe = 1; string topic_id = 2; }</c> and
/// <c>ControlMessage { repeated ControlIHave ihave = 1; repeated ControlIWant iwant = 2; repeated ControlGraft graft = 3;
/// repeated ControlPrune prune = 4; repeated ControlIDontWant idontwant = 5; }</c>.
/// </summary>
internal sealed class Rpc
{
    public List<(bool Subscribe, string Topic)> Subscriptions { get; } = new();
    public List<PubsubMessage> Publish { get; } = new();
    public List<(string Topic, List<byte[]> Ids)> IHave { get; } = new();
    public List<byte[]> IWant { get; } = new();
    public List<string> Graft { get; } = new();
    public List<(string Topic, ulong Backoff)> Prune { get; } = new();
    public List<byte[]> IDontWant { get; } = new();

    public bool IsEmpty => Subscriptions.Count == 0 && Publish.Count == 0 && IHave.Count == 0 && IWant.Count == 0 && Graft.Count == 0 && Prune.Count == 0 && IDontWant.Count == 0;

    public byte[] Encode()
    {
        var w = new ProtoWriter(256);
        foreach (var (sub, topic) in Subscriptions)
        {
            var s = new ProtoWriter(32);
            s.WriteVarint(1, sub ? 1UL : 0UL);
            s.WriteString(2, topic);
            w.WriteMessage(1, s);
        }
        foreach (var m in Publish)
        {
            var mw = new ProtoWriter(m.Data.Length + 160);
            m.WriteTo(mw);
            w.WriteMessage(2, mw);
        }
        if (IHave.Count + IWant.Count + Graft.Count + Prune.Count + IDontWant.Count > 0)
        {
            var c = new ProtoWriter(128);
            foreach (var (topic, ids) in IHave)
            {
                var x = new ProtoWriter(64);
                x.WriteString(1, topic);
                foreach (var id in ids) x.WriteBytes(2, id);
                c.WriteMessage(1, x);
            }
            if (IWant.Count > 0)
            {
                var x = new ProtoWriter(64);
                foreach (var id in IWant) x.WriteBytes(1, id);
                c.WriteMessage(2, x);
            }
            foreach (string t in Graft)
            {
                var x = new ProtoWriter(32);
                x.WriteString(1, t);
                c.WriteMessage(3, x);
            }
            foreach (var (t, backoff) in Prune)
            {
                var x = new ProtoWriter(32);
                x.WriteString(1, t);
                if (backoff > 0) x.WriteVarint(3, backoff);
                c.WriteMessage(4, x);
            }
            if (IDontWant.Count > 0)
            {
                var x = new ProtoWriter(64);
                foreach (var id in IDontWant) x.WriteBytes(1, id);
                c.WriteMessage(5, x);
            }
            w.WriteMessage(3, c);
        }
        return w.ToArray();
    }

    public static Rpc Decode(ReadOnlySpan<byte> b)
    {
        var rpc = new Rpc();
        var r = new ProtoReader(b);
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 1:
                {
                    var s = new ProtoReader(r.ReadBytes());
                    bool sub = false;
                    string? topic = null;
                    while (s.Next(out int sf))
                    {
                        if (sf == 1) sub = s.ReadVarint() != 0;
                        else if (sf == 2) topic = s.ReadString();
                        else s.Skip();
                    }
                    if (topic is not null) rpc.Subscriptions.Add((sub, topic));
                    break;
                }
                case 2:
                    rpc.Publish.Add(PubsubMessage.Decode(r.ReadBytes()));
                    break;
                case 3:
                    DecodeControl(rpc, r.ReadBytes());
                    break;
                default:
                    r.Skip();
                    break;
            }
        }
        return rpc;
    }

    private static void DecodeControl(Rpc rpc, ReadOnlySpan<byte> b)
    {
        var r = new ProtoReader(b);
        while (r.Next(out int f))
        {
            var x = new ProtoReader(r.ReadBytes());
            switch (f)
            {
                case 1:
                {
                    string topic = "";
                    var ids = new List<byte[]>();
                    while (x.Next(out int xf))
                    {
                        if (xf == 1) topic = x.ReadString();
                        else if (xf == 2) ids.Add(x.ReadBytes().ToArray());
                        else x.Skip();
                    }
                    rpc.IHave.Add((topic, ids));
                    break;
                }
                case 2:
                    while (x.Next(out int xf))
                    {
                        if (xf == 1) rpc.IWant.Add(x.ReadBytes().ToArray());
                        else x.Skip();
                    }
                    break;
                case 3:
                    while (x.Next(out int xf))
                    {
                        if (xf == 1) rpc.Graft.Add(x.ReadString());
                        else x.Skip();
                    }
                    break;
                case 4:
                {
                    string topic = "";
                    ulong backoff = 0;
                    while (x.Next(out int xf))
                    {
                        if (xf == 1) topic = x.ReadString();
                        else if (xf == 3) backoff = x.ReadVarint();
                        else x.Skip();
                    }
                    rpc.Prune.Add((topic, backoff));
                    break;
                }
                case 5:
                    while (x.Next(out int xf))
                    {
                        if (xf == 1) rpc.IDontWant.Add(x.ReadBytes().ToArray());
                        else x.Skip();
                    }
                    break;
                default:
                    while (x.Next(out _)) x.Skip();
                    break;
            }
        }
    }
}
