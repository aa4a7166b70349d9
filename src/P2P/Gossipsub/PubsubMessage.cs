using Zetina.P2P.Encoding;

namespace Zetina.P2P.Gossipsub;

/// <summary>
/// A pubsub message: <c>Message { bytes from = 1; bytes data = 2; bytes seqno = 3; string topic = 4; bytes signature = 5; bytes key = 6; }</c>.
/// </summary>
public sealed record PubsubMessage(byte[]? From, byte[] Data, byte[]? Seqno, string Topic, byte[]? Signature, byte[]? Key)
{
    /// <summary>Fields 1–4 in order, topic omitted when empty: what the author signs (after "libp2p-pubsub:").</summary>
    public byte[] EncodeForSigning()
    {
        var w = new ProtoWriter(Data.Length + 96);
        if (From is not null) w.WriteBytes(1, From);
        if (Data.Length > 0) w.WriteBytes(2, Data);
        if (Seqno is not null) w.WriteBytes(3, Seqno);
        if (Topic.Length > 0) w.WriteString(4, Topic);
        return w.ToArray();
    }

    internal void WriteTo(ProtoWriter w)
    {
        if (From is not null) w.WriteBytes(1, From);
        if (Data.Length > 0) w.WriteBytes(2, Data);
        if (Seqno is not null) w.WriteBytes(3, Seqno);
        w.WriteString(4, Topic);
        if (Signature is not null) w.WriteBytes(5, Signature);
        if (Key is not null) w.WriteBytes(6, Key);
    }

    internal static PubsubMessage Decode(ReadOnlySpan<byte> b)
    {
        var r = new ProtoReader(b);
        byte[]? from = null, seqno = null, sig = null, key = null;
        byte[] data = [];
        string topic = "";
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 1: from = r.ReadBytes().ToArray(); break;
                case 2: data = r.ReadBytes().ToArray(); break;
                case 3: seqno = r.ReadBytes().ToArray(); break;
                case 4: topic = r.ReadString(); break;
                case 5: sig = r.ReadBytes().ToArray(); break;
                case 6: key = r.ReadBytes().ToArray(); break;
                default: r.Skip(); break;
            }
        }
        return new PubsubMessage(from, data, seqno, topic, sig, key);
    }
}
