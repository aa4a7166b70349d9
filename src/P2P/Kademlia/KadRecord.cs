using Zetina.P2P.Encoding;

namespace Zetina.P2P.Kademlia;

/// <summary><c>Record { bytes key = 1; bytes value = 2; string timeReceived = 5; }</c>.</summary>
public sealed record KadRecord(byte[] Key, byte[] Value, string? TimeReceived)
{
    /// <summary>RFC 3339 UTC with 9 fractional digits, as js and go write it.</summary>
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", System.Globalization.CultureInfo.InvariantCulture);

    internal byte[] Encode()
    {
        var w = new ProtoWriter(Value.Length + Key.Length + 48);
        w.WriteBytes(1, Key);
        w.WriteBytes(2, Value);
        if (TimeReceived is not null) w.WriteString(5, TimeReceived);
        return w.ToArray();
    }

    internal static KadRecord Decode(ReadOnlySpan<byte> b)
    {
        var r = new ProtoReader(b);
        byte[] key = [], value = [];
        string? t = null;
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 1: key = r.ReadBytes().ToArray(); break;
                case 2: value = r.ReadBytes().ToArray(); break;
                case 5: t = r.ReadString(); break;
                default: r.Skip(); break;
            }
        }
        return new KadRecord(key, value, t);
    }
}
