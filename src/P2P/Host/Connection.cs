using Zetina.P2P.Crypto;
using Zetina.P2P.Identify;
using Zetina.P2P.Multiformats;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Host;

/// <summary>An upgraded connection: authenticated remote peer, yamux session, and what identify told us.</summary>
public sealed class Connection
{
    private readonly TaskCompletionSource<IdentifyMessage?> _identified = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Connection(PeerId remotePeer, PublicKey remoteKey, Multiaddr remoteAddress, bool outbound, YamuxSession session)
    {
        RemotePeer = remotePeer;
        RemoteKey = remoteKey;
        RemoteAddress = remoteAddress;
        IsOutbound = outbound;
        Session = session;
    }

    /// <summary>The remote's peer id (authenticated by Noise).</summary>
    public PeerId RemotePeer { get; }

    /// <summary>The remote's identity key.</summary>
    public PublicKey RemoteKey { get; }

    /// <summary>The remote transport address.</summary>
    public Multiaddr RemoteAddress { get; }

    /// <summary>True when we dialed.</summary>
    public bool IsOutbound { get; }

    /// <summary>The stream muxer.</summary>
    public YamuxSession Session { get; }

    /// <summary>The remote's identify message once received and accepted (null when identify failed).</summary>
    public Task<IdentifyMessage?> Identified => _identified.Task;

    private volatile IdentifyMessage? _latest;

    /// <summary>The latest accepted identify message (the response, or a later push), or null.</summary>
    public IdentifyMessage? Identify => _latest;

    /// <summary>Records an accepted identify message (response or push).</summary>
    internal void UpdateIdentify(IdentifyMessage m) => _latest = m;

    /// <summary>Completes <see cref="Identified"/> (after the host raised its event, so handlers have run).</summary>
    internal void CompleteIdentify(IdentifyMessage? m) => _identified.TrySetResult(m);

    /// <summary>True when identify listed <paramref name="protocol"/>.</summary>
    public bool Supports(string protocol)
    {
        var m = Identify;
        if (m is null) return false;
        foreach (string p in m.Protocols) if (p == protocol) return true;
        return false;
    }
}
