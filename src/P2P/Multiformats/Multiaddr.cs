using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;

namespace Zetina.P2P.Multiformats;

/// <summary>
/// A multiaddr (multiformats/multiaddr): a sequence of (protocol, value) components with a text form
/// (<c>/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…</c>) and a binary form (<c>varint code || value</c> per component).
/// Immutable; equality is by binary form.
/// </summary>
public sealed class Multiaddr : IEquatable<Multiaddr>
{
    private readonly (MultiaddrProtocol Protocol, byte[] Value)[] _parts;
    private readonly byte[] _bytes;

    private Multiaddr((MultiaddrProtocol, byte[])[] parts)
    {
        _parts = parts;
        var w = new ProtoWriter(32);
        foreach (var (p, v) in parts)
        {
            w.WriteRawVarint((ulong)p);
            if (IsVariableLength(p)) w.WriteRawVarint((ulong)v.Length);
            w.WriteRaw(v);
        }
        _bytes = w.ToArray();
    }

    /// <summary>The components in order.</summary>
    public IReadOnlyList<(MultiaddrProtocol Protocol, byte[] Value)> Components => _parts;

    /// <summary>The binary form.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A copy of the binary form.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    private static bool IsVariableLength(MultiaddrProtocol p) => p is MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6 or MultiaddrProtocol.P2p;

    private static int FixedLength(MultiaddrProtocol p) => p switch
    {
        MultiaddrProtocol.Ip4 => 4,
        MultiaddrProtocol.Ip6 => 16,
        MultiaddrProtocol.Tcp or MultiaddrProtocol.Udp => 2,
        _ => -1,
    };

    private static string NameOf(MultiaddrProtocol p) => p switch
    {
        MultiaddrProtocol.Ip4 => "ip4",
        MultiaddrProtocol.Ip6 => "ip6",
        MultiaddrProtocol.Tcp => "tcp",
        MultiaddrProtocol.Udp => "udp",
        MultiaddrProtocol.Dns => "dns",
        MultiaddrProtocol.Dns4 => "dns4",
        MultiaddrProtocol.Dns6 => "dns6",
        MultiaddrProtocol.P2p => "p2p",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the bad component.</summary>
    public static Multiaddr Parse(string text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/') throw new FormatException($"multiaddr must start with '/': '{text}'");
        string[] s = text.Split('/');
        var parts = new List<(MultiaddrProtocol, byte[])>();
        int i = 1;
        while (i < s.Length)
        {
            string name = s[i++];
            if (name.Length == 0 && i == s.Length) break; // trailing slash
            MultiaddrProtocol p = name switch
            {
                "ip4" => MultiaddrProtocol.Ip4,
                "ip6" => MultiaddrProtocol.Ip6,
                "tcp" => MultiaddrProtocol.Tcp,
                "udp" => MultiaddrProtocol.Udp,
                "dns" => MultiaddrProtocol.Dns,
                "dns4" => MultiaddrProtocol.Dns4,
                "dns6" => MultiaddrProtocol.Dns6,
                "p2p" or "ipfs" => MultiaddrProtocol.P2p,
                _ => throw new FormatException($"unknown multiaddr protocol '{name}' in '{text}'"),
            };
            if (i >= s.Length) throw new FormatException($"multiaddr protocol '{name}' lacks a value in '{text}'");
            string v = s[i++];
            parts.Add((p, ValueFromText(p, v)));
        }
        if (parts.Count == 0) throw new FormatException("empty multiaddr");
        return new Multiaddr(parts.ToArray());
    }

    /// <summary>Like <see cref="Parse"/> but returns false instead of throwing.</summary>
    public static bool TryParse(string text, out Multiaddr? addr)
    {
        try
        {
            addr = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            addr = null;
            return false;
        }
    }

    private static byte[] ValueFromText(MultiaddrProtocol p, string v)
    {
        switch (p)
        {
            case MultiaddrProtocol.Ip4:
                if (!IPAddress.TryParse(v, out var a4) || a4.AddressFamily != AddressFamily.InterNetwork || v.Split('.').Length != 4)
                    throw new FormatException($"invalid ip4 address '{v}'");
                return a4.GetAddressBytes();
            case MultiaddrProtocol.Ip6:
                if (!IPAddress.TryParse(v, out var a6) || a6.AddressFamily != AddressFamily.InterNetworkV6)
                    throw new FormatException($"invalid ip6 address '{v}'");
                return a6.GetAddressBytes();
            case MultiaddrProtocol.Tcp:
            case MultiaddrProtocol.Udp:
                if (!ushort.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ushort port))
                    throw new FormatException($"invalid port '{v}'");
                var b = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(b, port);
                return b;
            case MultiaddrProtocol.P2p:
                return PeerId.Parse(v).ToBytes();
            default:
                if (v.Length == 0) throw new FormatException($"empty {NameOf(p)} name");
                return System.Text.Encoding.UTF8.GetBytes(v);
        }
    }

    /// <summary>Parses the binary form; throws <see cref="FormatException"/> on unknown codes or truncation.</summary>
    public static Multiaddr FromBytes(ReadOnlySpan<byte> bytes)
    {
        var parts = new List<(MultiaddrProtocol, byte[])>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            ulong code = Varint.Read(bytes[pos..], out int n);
            pos += n;
            var p = (MultiaddrProtocol)code;
            int len = FixedLength(p);
            if (len < 0)
            {
                if (!IsVariableLength(p)) throw new FormatException($"unknown multiaddr protocol code 0x{code:x}");
                ulong l = Varint.Read(bytes[pos..], out n);
                pos += n;
                if (l > (ulong)(bytes.Length - pos)) throw new FormatException($"multiaddr {NameOf(p)} value of {l} bytes is truncated");
                len = (int)l;
            }
            if (bytes.Length - pos < len) throw new FormatException($"multiaddr {NameOf(p)} value is truncated");
            byte[] v = bytes.Slice(pos, len).ToArray();
            if (p == MultiaddrProtocol.P2p) PeerId.FromBytes(v);
            parts.Add((p, v));
            pos += len;
        }
        if (parts.Count == 0) throw new FormatException("empty multiaddr");
        return new Multiaddr(parts.ToArray());
    }

    /// <summary>The text form.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (p, v) in _parts)
        {
            sb.Append('/').Append(NameOf(p)).Append('/');
            switch (p)
            {
                case MultiaddrProtocol.Ip4:
                case MultiaddrProtocol.Ip6:
                    sb.Append(new IPAddress(v).ToString());
                    break;
                case MultiaddrProtocol.Tcp:
                case MultiaddrProtocol.Udp:
                    sb.Append(BinaryPrimitives.ReadUInt16BigEndian(v));
                    break;
                case MultiaddrProtocol.P2p:
                    sb.Append(PeerId.FromBytes(v).ToString());
                    break;
                default:
                    sb.Append(System.Text.Encoding.UTF8.GetString(v));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The peer id in a trailing <c>/p2p/</c> component, or null.</summary>
    public PeerId? PeerId
    {
        get
        {
            foreach (var (p, v) in _parts) if (p == MultiaddrProtocol.P2p) return Crypto.PeerId.FromBytes(v);
            return null;
        }
    }

    /// <summary>This address without any <c>/p2p/</c> component.</summary>
    public Multiaddr WithoutPeerId()
    {
        var list = new List<(MultiaddrProtocol, byte[])>();
        foreach (var c in _parts) if (c.Protocol != MultiaddrProtocol.P2p) list.Add(c);
        return list.Count == _parts.Length ? this : new Multiaddr(list.ToArray());
    }

    /// <summary>This address with <c>/p2p/<paramref name="id"/></c> appended (replacing one already there).</summary>
    public Multiaddr WithPeerId(PeerId id)
    {
        var list = new List<(MultiaddrProtocol, byte[])>();
        foreach (var c in _parts) if (c.Protocol != MultiaddrProtocol.P2p) list.Add(c);
        list.Add((MultiaddrProtocol.P2p, id.ToBytes()));
        return new Multiaddr(list.ToArray());
    }

    /// <summary>The multiaddr of a TCP endpoint.</summary>
    public static Multiaddr FromTcpEndPoint(IPEndPoint ep)
    {
        var ip = ep.Address.IsIPv4MappedToIPv6 ? ep.Address.MapToIPv4() : ep.Address;
        var port = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(port, (ushort)ep.Port);
        return new Multiaddr([(ip.AddressFamily == AddressFamily.InterNetwork ? MultiaddrProtocol.Ip4 : MultiaddrProtocol.Ip6, ip.GetAddressBytes()), (MultiaddrProtocol.Tcp, port)]);
    }

    /// <summary>
    /// The host and TCP port of an <c>/ip4|ip6|dns|dns4|dns6/…/tcp/…</c> address; throws
    /// <see cref="FormatException"/> when the address is not a TCP address.
    /// </summary>
    public (string Host, int Port) ToTcpTarget()
    {
        if (_parts.Length < 2 || _parts[1].Protocol != MultiaddrProtocol.Tcp)
            throw new FormatException($"'{this}' is not a TCP multiaddr (/ip4|ip6|dns*/HOST/tcp/PORT)");
        var (p, v) = _parts[0];
        string host = p switch
        {
            MultiaddrProtocol.Ip4 or MultiaddrProtocol.Ip6 => new IPAddress(v).ToString(),
            MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6 => System.Text.Encoding.UTF8.GetString(v),
            _ => throw new FormatException($"'{this}' does not start with an ip or dns component"),
        };
        return (host, BinaryPrimitives.ReadUInt16BigEndian(_parts[1].Value));
    }

    /// <inheritdoc/>
    public bool Equals(Multiaddr? other) => other is not null && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Multiaddr m && Equals(m);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_bytes);
        return h.ToHashCode();
    }
}
