using Zetina.P2P.Encoding;

namespace Zetina.P2P.Noise;

/// <summary>
/// The libp2p handshake payload: <c>NoiseHandshakePayload { bytes identity_key = 1; bytes identity_sig = 2;
/// NoiseExtensions extensions = 4; }</c>, <c>NoiseExtensions { repeated bytes webtransport_certhashes = 1;
/// repeated string stream_muxers = 2; }</c>.
/// </summary>
internal sealed record NoiseHandshakePayload(byte[] IdentityKey, byte[] IdentitySignature, IReadOnlyList<string> StreamMuxers)
{
    public byte[] Encode()
    {
        var w = new ProtoWriter(128);
        w.WriteBytes(1, IdentityKey);
        w.WriteBytes(2, IdentitySignature);
        if (StreamMuxers.Count > 0)
        {
            var ext = new ProtoWriter(32);
            foreach (string m in StreamMuxers) ext.WriteString(2, m);
            w.WriteMessage(4, ext);
        }
        return w.ToArray();
    }

    public static NoiseHandshakePayload Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        byte[]? key = null, sig = null;
        var muxers = new List<string>();
        while (r.Next(out int f))
        {
            switch (f)
            {
                case 1: key = r.ReadBytes().ToArray(); break;
                case 2: sig = r.ReadBytes().ToArray(); break;
                case 4:
                    var er = new ProtoReader(r.ReadBytes());
                    while (er.Next(out int ef))
                    {
                        if (ef == 2) muxers.Add(er.ReadString());
                        else er.Skip();
                    }
                    break;
                default: r.Skip(); break;
            }
        }
        if (key is null || sig is null) throw new FormatException("noise handshake payload lacks identity_key or identity_sig");
        return new NoiseHandshakePayload(key, sig, muxers);
    }
}
