namespace Zetina.P2P.Yamux;

/// <summary>Limits and windows of a yamux session.</summary>
public sealed class YamuxOptions
{
    /// <summary>The receive window each stream grants (at least 256 KiB; larger windows are announced by a window update on open).</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;

    /// <summary>Inbound streams open at once; streams beyond it are reset.</summary>
    public int MaxInboundStreams { get; init; } = 256;

    /// <summary>Largest data frame accepted; a bigger frame is a protocol error that ends the session.</summary>
    public int MaxFrameLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest data frame sent (js-yamux's 64 KiB less the header, so a frame fits one Noise message).</summary>
    public int MaxSendFrame { get; init; } = 65519 - YamuxProtocol.HeaderLength;
}
