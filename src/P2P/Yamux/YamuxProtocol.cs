namespace Zetina.P2P.Yamux;

/// <summary>
/// yamux constants (hashicorp/yamux spec.md). Every frame starts with a 12-byte header:
/// <code>
///   0        1        2                 4                                 8                                12
///   +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
///   | version|  type  |  flags (u16 BE) |        stream id (u32 BE)         |          length (u32 BE)          |
///   +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
/// </code>
/// Data frames carry <c>length</c> payload bytes; window updates carry the window delta in <c>length</c>;
/// pings carry an opaque value; go-away carries an error code.
/// </summary>
public static class YamuxProtocol
{
    /// <summary>The multistream-select id of the muxer.</summary>
    public const string Id = "/yamux/1.0.0";

    /// <summary>Header length in bytes.</summary>
    public const int HeaderLength = 12;

    /// <summary>Every stream starts with this receive window in both directions.</summary>
    public const int InitialWindow = 256 * 1024;

    internal const byte TypeData = 0, TypeWindowUpdate = 1, TypePing = 2, TypeGoAway = 3;
    internal const ushort FlagSyn = 1, FlagAck = 2, FlagFin = 4, FlagRst = 8;

    /// <summary>Go-away codes.</summary>
    internal const uint GoAwayNormal = 0, GoAwayProtocolError = 1, GoAwayInternalError = 2;
}
