namespace Zetina.P2P;

/// <summary>Why a peer's bytes or behaviour were refused. One member per kind of failure; the exception message carries the numbers.</summary>
public enum P2PErrorKind
{
    /// <summary>Returned when a protocol negotiation (multistream-select) fails: no common protocol, bad header, overlong line.</summary>
    Negotiation,

    /// <summary>Returned when the Noise handshake fails: bad message, truncated frame, bad identity signature, unexpected peer id.</summary>
    Handshake,

    /// <summary>Returned when an encrypted frame does not authenticate or is malformed.</summary>
    Decryption,

    /// <summary>Returned when the yamux peer violates the protocol: bad version, oversized frame, window overrun, stream id misuse.</summary>
    Muxer,

    /// <summary>Returned when a limit (connections, streams, message size) is exceeded.</summary>
    Limit,

    /// <summary>Returned when a protocol message (identify, gossipsub, kad) is malformed or invalid.</summary>
    Protocol,

    /// <summary>Returned when the connection or stream was closed or reset by the peer.</summary>
    Closed,
}
