using Zetina.P2P.Yamux;

namespace Zetina.P2P.Host;

/// <summary>A negotiated inbound stream handed to a protocol handler.</summary>
public sealed record IncomingStream(Connection Connection, YamuxStream Stream, string Protocol);
