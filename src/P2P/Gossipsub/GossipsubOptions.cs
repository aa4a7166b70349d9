namespace Zetina.P2P.Gossipsub;

/// <summary>Gossipsub parameters (names as in the v1.0/v1.1 specs).</summary>
public sealed class GossipsubOptions
{
    /// <summary>Desired mesh degree.</summary>
    public int D { get; init; } = 6;

    /// <summary>Below this, the heartbeat grafts peers.</summary>
    public int DLow { get; init; } = 4;

    /// <summary>Above this, the heartbeat prunes peers.</summary>
    public int DHigh { get; init; } = 12;

    /// <summary>Peers that get IHAVE gossip per topic per heartbeat.</summary>
    public int DLazy { get; init; } = 6;

    /// <summary>Heartbeat period.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>Fanout state for a topic we publish to but do not join expires after this.</summary>
    public TimeSpan FanoutTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeats of history in the message cache.</summary>
    public int HistoryLength { get; init; } = 5;

    /// <summary>Heartbeats of history advertised in IHAVE.</summary>
    public int HistoryGossip { get; init; } = 3;

    /// <summary>How long message ids are remembered for duplicate suppression.</summary>
    public TimeSpan SeenTtl { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Backoff after a PRUNE before re-grafting.</summary>
    public TimeSpan PruneBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest RPC accepted or sent, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Topics one peer may be subscribed to in our view; further subscriptions are ignored. Zetina uses a handful of
    /// topics, and each costs memory for as long as the peer stays connected.
    /// </summary>
    public int MaxTopicsPerPeer { get; init; } = 256;

    /// <summary>Longest topic name (UTF-16 characters) accepted in a peer's subscription, GRAFT or PRUNE; longer ones are ignored.</summary>
    public int MaxTopicLength { get; init; } = 1024;

    /// <summary>
    /// Encoded RPC bytes queued for one peer and not yet written to its stream; RPCs beyond it are dropped. A peer that
    /// does not read (or asks with IWANT for more than it reads) costs this much, not our whole message cache.
    /// </summary>
    public long MaxQueuedBytesPerPeer { get; init; } = 16L * 1024 * 1024;

    /// <summary>Publish own messages to every subscribed peer, not only the mesh (js default).</summary>
    public bool FloodPublish { get; init; } = true;

    /// <summary>
    /// Messages at least this large make us send IDONTWANT (v1.2) to mesh peers that speak /meshsub/1.2.0 before
    /// forwarding, so they do not send us their copies. Smaller messages are not worth the extra frame.
    /// </summary>
    public int IDontWantMinDataSize { get; init; } = 16 * 1024;

    /// <summary>Score below which a peer's RPCs are ignored (graylist).</summary>
    public double GraylistThreshold { get; init; } = -80;

    /// <summary>Penalty per invalid message (bad signature, failed validation, oversized).</summary>
    public double InvalidMessagePenalty { get; init; } = -10;

    /// <summary>Multiplicative decay of scores each heartbeat.</summary>
    public double ScoreDecay { get; init; } = 0.9;
}
