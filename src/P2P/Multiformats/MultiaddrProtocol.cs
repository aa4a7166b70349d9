namespace Zetina.P2P.Multiformats;

/// <summary>
/// The multiaddr protocols this stack understands, with their codes from the multicodec table
/// and how their values are encoded. Anything else is rejected by the parsers with the code or name.
/// </summary>
public enum MultiaddrProtocol
{
    /// <summary><c>/ip4/A.B.C.D</c>: 4 bytes.</summary>
    Ip4 = 0x04,

    /// <summary><c>/tcp/PORT</c>: 2 bytes big-endian.</summary>
    Tcp = 0x06,

    /// <summary><c>/udp/PORT</c>: 2 bytes big-endian.</summary>
    Udp = 0x0111,

    /// <summary><c>/ip6/ADDR</c>: 16 bytes.</summary>
    Ip6 = 0x29,

    /// <summary><c>/dns/NAME</c>: varint length + UTF-8.</summary>
    Dns = 0x35,

    /// <summary><c>/dns4/NAME</c>: varint length + UTF-8.</summary>
    Dns4 = 0x36,

    /// <summary><c>/dns6/NAME</c>: varint length + UTF-8.</summary>
    Dns6 = 0x37,

    /// <summary><c>/p2p/PEERID</c>: varint length + peer-id multihash.</summary>
    P2p = 0x01A5,
}
