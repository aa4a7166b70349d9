namespace Zetina.P2P.Identify;

/// <summary>Identify (libp2p specs, identify/README.md).</summary>
public static class IdentifyProtocol
{
    /// <summary>The request/response protocol: the listener writes one message and closes.</summary>
    public const string Id = "/ipfs/id/1.0.0";

    /// <summary>Push: the dialer writes one message when its information changes.</summary>
    public const string PushId = "/ipfs/id/push/1.0.0";

    /// <summary>The protocolVersion this stack announces.</summary>
    public const string ProtocolVersion = "ipfs/0.1.0";

    /// <summary>Largest identify message accepted.</summary>
    public const int MaxMessageLength = 64 * 1024;
}
