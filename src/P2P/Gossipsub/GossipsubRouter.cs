using System.Buffers.Binary;
using System.Threading.Channels;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Host;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Gossipsub;

/// <summary>
/// A gossipsub v1.1 router (libp2p specs, pubsub/gossipsub/gossipsub-v1.0.md and -v1.1.md) on a <see cref="Libp2pHost"/>:
/// mesh maintenance with D/D_lo/D_hi, fanout, heartbeat, IHAVE/IWANT gossip, GRAFT/PRUNE with backoff, StrictSign,
/// a seen cache, and a simple score (invalid messages and backoff violations) with a graylist.
/// </summary>
/// <remarks>
/// Message ids follow js-libp2p's <c>msgIdFnStrictSign</c>: <c>protobuf(author public key) || seqno</c>.
/// One long-lived outbound stream per peer carries varint-framed RPCs from a per-peer queue; inbound streams are read
/// in a loop. Router state sits behind one lock; handlers never await while holding it.
/// </remarks>
public sealed class GossipsubRouter : IAsyncDisposable
{
    private readonly Libp2pHost _host;
    private readonly GossipsubOptions _o;
    private readonly object _lock = new();
    private readonly Dictionary<PeerId, PeerState> _peers = new();
    private readonly HashSet<string> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<PeerId>> _mesh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<PeerId>> _fanout = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _fanoutLastPublish = new(StringComparer.Ordinal);
    private readonly Dictionary<(PeerId, string), DateTime> _backoff = new();
    private readonly Dictionary<string, DateTime> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTime Expiry)> _seenQueue = new();
    private readonly MessageCache _mcache;
    private readonly Dictionary<string, Func<GossipMessage, ValidationResult>> _validators = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cts = new();
    private readonly byte[] _authorKey;
    private readonly Task _heartbeat;
    private ulong _seqno;

    /// <summary>Longest message id kept from a peer's IDONTWANT.</summary>
    private const int MaxMessageIdLength = 1024;

    private sealed class PeerState(PeerId id)
    {
        public readonly PeerId Id = id;
        public readonly HashSet<string> Topics = new(StringComparer.Ordinal);
        public readonly Channel<byte[]> Out = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        public readonly HashSet<string> DontWant = new(StringComparer.Ordinal);
        public bool OutboundStarted;
        public int Pending;
        public long PendingBytes;
        public string? Protocol;
        public double Score;
    }

    /// <summary>Attaches a router to <paramref name="host"/> (registers the meshsub handlers and starts the heartbeat).</summary>
    public GossipsubRouter(Libp2pHost host, GossipsubOptions? options = null)
    {
        _host = host;
        _o = options ?? new GossipsubOptions();
        _mcache = new MessageCache(_o.HistoryLength, _o.HistoryGossip);
        _authorKey = host.Identity.PublicKey.ToProtobuf();
        _seqno = (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        foreach (string id in GossipsubProtocol.All) host.SetHandler(id, HandleInboundAsync);
        host.Identified += OnIdentified;
        host.Disconnected += OnDisconnected;
        _heartbeat = Task.Run(HeartbeatLoopAsync);
    }

    /// <summary>Options in force.</summary>
    public GossipsubOptions Options => _o;

    /// <summary>Raised (outside the router lock) for every accepted message on a subscribed topic that another peer authored.</summary>
    public event Action<GossipMessage>? MessageReceived;

    /// <summary>Raised when a received message is dropped, with the sender and the reason.</summary>
    public event Action<PeerId, GossipRejectReason>? MessageRejected;

    /// <summary>Raised when a peer subscribes (true) or unsubscribes (false) from a topic.</summary>
    public event Action<PeerId, string, bool>? PeerSubscriptionChanged;

    /// <summary>Sets the validator for <paramref name="topic"/> (runs before delivery and forwarding).</summary>
    public void SetValidator(string topic, Func<GossipMessage, ValidationResult> validator)
    {
        lock (_lock) _validators[topic] = validator;
    }

    /// <summary>Topics we are subscribed to.</summary>
    public string[] Topics
    {
        get { lock (_lock) return [.. _subscriptions]; }
    }

    /// <summary>Our mesh peers for <paramref name="topic"/>.</summary>
    public PeerId[] MeshPeers(string topic)
    {
        lock (_lock) return _mesh.TryGetValue(topic, out var m) ? [.. m] : [];
    }

    /// <summary>Peers known to be subscribed to <paramref name="topic"/>.</summary>
    public PeerId[] TopicPeers(string topic)
    {
        lock (_lock)
        {
            var r = new List<PeerId>();
            foreach (var p in _peers.Values) if (p.Topics.Contains(topic)) r.Add(p.Id);
            return r.ToArray();
        }
    }

    /// <summary>The current score of <paramref name="peer"/> (0 when unknown).</summary>
    public double Score(PeerId peer)
    {
        lock (_lock) return _peers.TryGetValue(peer, out var p) ? p.Score : 0;
    }

    private void OnIdentified(Connection c)
    {
        foreach (string id in GossipsubProtocol.All)
        {
            if (c.Supports(id))
            {
                EnsurePeer(c.RemotePeer);
                return;
            }
        }
    }

    private void OnDisconnected(Connection c, string reason)
    {
        if (_host.TryGetConnection(c.RemotePeer) is not null) return;
        lock (_lock)
        {
            if (!_peers.Remove(c.RemotePeer, out var p)) return;
            p.Out.Writer.TryComplete();
            foreach (var m in _mesh.Values) m.Remove(c.RemotePeer);
            foreach (var f in _fanout.Values) f.Remove(c.RemotePeer);
        }
    }

    /// <summary>Creates the peer's state and starts its outbound stream (first RPC: our subscriptions).</summary>
    private PeerState EnsurePeer(PeerId peer)
    {
        PeerState p;
        bool start = false;
        lock (_lock)
        {
            if (!_peers.TryGetValue(peer, out p!))
            {
                p = new PeerState(peer);
                _peers[peer] = p;
                var hello = new Rpc();
                foreach (string t in _subscriptions) hello.Subscriptions.Add((true, t));
                Enqueue(p, hello.Encode());
            }
            if (!p.OutboundStarted)
            {
                p.OutboundStarted = true;
                start = true;
            }
        }
        if (start) _ = Task.Run(() => RunOutboundAsync(p));
        return p;
    }

    /// <summary>Queues <paramref name="frame"/> for <paramref name="p"/>; false (dropped) when the peer's queue is full or closed.</summary>
    private bool Enqueue(PeerState p, byte[] frame)
    {
        if (Interlocked.Add(ref p.PendingBytes, frame.Length) > _o.MaxQueuedBytesPerPeer)
        {
            Interlocked.Add(ref p.PendingBytes, -frame.Length);
            return false;
        }
        Interlocked.Increment(ref p.Pending);
        if (p.Out.Writer.TryWrite(frame)) return true;
        Interlocked.Decrement(ref p.Pending);
        Interlocked.Add(ref p.PendingBytes, -frame.Length);
        return false;
    }

    /// <summary>Waits until every queued RPC has been written to its peer's stream (or the peer is gone).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (true)
        {
            bool idle = true;
            lock (_lock)
                foreach (var p in _peers.Values) if (Volatile.Read(ref p.Pending) > 0) { idle = false; break; }
            if (idle) return;
            await Task.Delay(5, ct).ConfigureAwait(false);
        }
    }

    private async Task RunOutboundAsync(PeerState p)
    {
        YamuxStream? s = null;
        try
        {
            s = await _host.NewStreamAsync(p.Id, GossipsubProtocol.All, _cts.Token).ConfigureAwait(false);
            p.Protocol = s.Protocol;
            // Drain whatever is queued into one write: one yamux frame and one Noise message for many RPCs.
            var batch = new ProtoWriter(64 * 1024);
            var reader = p.Out.Reader;
            while (await reader.WaitToReadAsync(_cts.Token).ConfigureAwait(false))
            {
                int count = 0;
                long bytes = 0;
                while (batch.Length < 256 * 1024 && reader.TryRead(out byte[]? frame))
                {
                    batch.WriteRawVarint((ulong)frame.Length);
                    batch.WriteRaw(frame);
                    count++;
                    bytes += frame.Length;
                }
                await s.WriteAsync(batch.ToArray(), _cts.Token).ConfigureAwait(false);
                batch.Clear();
                Interlocked.Add(ref p.PendingBytes, -bytes);
                Interlocked.Add(ref p.Pending, -count);
            }
        }
        catch (Exception e) when (e is P2PException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            _host.Log($"gossipsub: outbound stream to {p.Id} ended: {e.Message}");
        }
        finally
        {
            if (s is not null) await s.DisposeAsync().ConfigureAwait(false);
            lock (_lock)
            {
                if (_peers.TryGetValue(p.Id, out var cur) && cur == p) _peers.Remove(p.Id);
                foreach (var m in _mesh.Values) m.Remove(p.Id);
            }
        }
    }

    private async Task HandleInboundAsync(IncomingStream s)
    {
        var p = EnsurePeer(s.Connection.RemotePeer);
        // Buffered: a batch of small RPCs arrives in one yamux frame; read it with one stream call, not one per byte.
        var input = new BufferedStream(s.Stream, 64 * 1024);
        while (!_cts.IsCancellationRequested)
        {
            byte[]? frame;
            try
            {
                frame = await LengthPrefixed.ReadAsync(input, _o.MaxMessageSize, _cts.Token).ConfigureAwait(false);
            }
            catch (P2PException e) when (e.Kind == P2PErrorKind.Limit)
            {
                Penalize(p, GossipRejectReason.TooLarge);
                throw;
            }
            if (frame is null) return;
            Rpc rpc;
            try
            {
                rpc = Rpc.Decode(frame);
            }
            catch (FormatException e)
            {
                throw new P2PException(P2PErrorKind.Protocol, "gossipsub: malformed RPC: " + e.Message, e);
            }
            HandleRpc(p, rpc);
        }
    }

    private void Penalize(PeerState p, GossipRejectReason reason)
    {
        lock (_lock) p.Score += _o.InvalidMessagePenalty;
        MessageRejected?.Invoke(p.Id, reason);
    }

    private static string Key(byte[] id) => Convert.ToHexString(id);

    private void HandleRpc(PeerState from, Rpc rpc)
    {
        var deliver = new List<GossipMessage>();
        var subChanges = new List<(string, bool)>();
        lock (_lock)
        {
            if (from.Score < _o.GraylistThreshold) return;
            foreach (var (sub, topic) in rpc.Subscriptions)
            {
                if (topic.Length > _o.MaxTopicLength) continue;
                if (sub && from.Topics.Count >= _o.MaxTopicsPerPeer && !from.Topics.Contains(topic)) continue;
                bool changed = sub ? from.Topics.Add(topic) : from.Topics.Remove(topic);
                if (!sub)
                {
                    if (_mesh.TryGetValue(topic, out var m)) m.Remove(from.Id);
                    if (_fanout.TryGetValue(topic, out var f)) f.Remove(from.Id);
                }
                if (changed) subChanges.Add((topic, sub));
            }
        }
        foreach (var (t, sub) in subChanges) PeerSubscriptionChanged?.Invoke(from.Id, t, sub);

        foreach (var m in rpc.Publish) HandleMessage(from, m, deliver);

        var reply = new Rpc();
        lock (_lock)
        {
            foreach (var id in rpc.IDontWant)
            {
                // Ids are a public key and a seqno (tens of bytes; a few hundred for RSA): longer ones are not ids.
                if (from.DontWant.Count < 10_000 && id.Length <= MaxMessageIdLength) from.DontWant.Add(Key(id));
            }
            foreach (var (topic, ids) in rpc.IHave)
            {
                if (!_subscriptions.Contains(topic) || from.Score < 0) continue;
                foreach (var id in ids)
                {
                    if (reply.IWant.Count >= 500) break;
                    if (!_seen.ContainsKey(Key(id))) reply.IWant.Add(id);
                }
            }
            // The answer must fit one RPC the asker accepts; what does not fit is not sent (it may ask again).
            long replyBytes = 0;
            foreach (var id in rpc.IWant)
            {
                if (reply.Publish.Count >= 500) break;
                if (_mcache.Get(Key(id)) is not { } msg) continue;
                long size = msg.Data.Length + 3L * msg.Topic.Length + (msg.From?.Length ?? 0) + (msg.Key?.Length ?? 0) + (msg.Signature?.Length ?? 0) + 64;
                if (replyBytes + size > _o.MaxMessageSize) break;
                replyBytes += size;
                reply.Publish.Add(msg);
            }
            var now = DateTime.UtcNow;
            foreach (string topic in rpc.Graft)
            {
                if (!_subscriptions.Contains(topic))
                {
                    reply.Prune.Add((topic, (ulong)_o.PruneBackoff.TotalSeconds));
                    continue;
                }
                if (_backoff.TryGetValue((from.Id, topic), out var until) && until > now)
                {
                    from.Score += _o.InvalidMessagePenalty / 2;
                    reply.Prune.Add((topic, (ulong)_o.PruneBackoff.TotalSeconds));
                    continue;
                }
                if (from.Score < 0)
                {
                    reply.Prune.Add((topic, (ulong)_o.PruneBackoff.TotalSeconds));
                    continue;
                }
                Mesh(topic).Add(from.Id);
            }
            foreach (var (topic, backoff) in rpc.Prune)
            {
                if (_mesh.TryGetValue(topic, out var m)) m.Remove(from.Id);
                // A backoff matters only for a topic we could graft this peer into; others would only grow the table.
                if (!_subscriptions.Contains(topic) && !_fanout.ContainsKey(topic)) continue;
                var b = backoff > 0 ? TimeSpan.FromSeconds(Math.Min(backoff, 3600)) : _o.PruneBackoff;
                _backoff[(from.Id, topic)] = now + b;
            }
            if (!reply.IsEmpty) Enqueue(from, reply.Encode());
        }
        foreach (var g in deliver) MessageReceived?.Invoke(g);
    }

    private HashSet<PeerId> Mesh(string topic)
    {
        if (!_mesh.TryGetValue(topic, out var m)) _mesh[topic] = m = new HashSet<PeerId>();
        return m;
    }

    /// <summary>Checks StrictSign and returns the author's id and message id, or a reject reason.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PublicKey> _keyCache = new(StringComparer.Ordinal);

    /// <summary>Decodes an author key, reusing earlier decodes (Ed25519 point decompression is not free).</summary>
    private PublicKey DecodeKey(byte[] protobuf)
    {
        string k = Convert.ToHexString(protobuf);
        if (_keyCache.TryGetValue(k, out var key)) return key;
        key = PublicKey.FromProtobuf(protobuf);
        if (_keyCache.Count > 10_000) _keyCache.Clear();
        _keyCache[k] = key;
        return key;
    }

    private GossipRejectReason? Check(PubsubMessage m, out PeerId? author, out byte[]? msgId)
    {
        author = null;
        msgId = null;
        if (m.From is null || m.Seqno is null || m.Seqno.Length != 8 || m.Signature is null) return GossipRejectReason.BadSignature;
        PublicKey? key;
        try
        {
            author = PeerId.FromBytes(m.From);
            if (m.Key is not null)
            {
                key = DecodeKey(m.Key);
                if (!author.Matches(key)) return GossipRejectReason.KeyMismatch;
            }
            else key = author.TryExtractPublicKey() is { } inline ? DecodeKey(inline.ToProtobuf()) : null;
        }
        catch (FormatException)
        {
            return GossipRejectReason.BadSignature;
        }
        if (key is null) return GossipRejectReason.BadSignature;
        byte[] signed = [.. System.Text.Encoding.ASCII.GetBytes(GossipsubProtocol.SignaturePrefix), .. m.EncodeForSigning()];
        if (!key.Verify(signed, m.Signature)) return GossipRejectReason.BadSignature;
        msgId = [.. key.ToProtobuf(), .. m.Seqno];
        return null;
    }

    /// <summary>
    /// The js-compatible message id: <c>protobuf(author key) || seqno</c>, from the <c>key</c> field or the key inlined in an
    /// identity-multihash <c>from</c>; null when neither is there. No key is decoded (this runs for every duplicate).
    /// </summary>
    public static byte[]? MessageIdOf(PubsubMessage m)
    {
        if (m.Seqno is null) return null;
        if (m.Key is not null) return [.. m.Key, .. m.Seqno];
        // identity multihash: 0x00, length, protobuf PublicKey
        if (m.From is { Length: > 2 } f && f[0] == 0x00 && f[1] == f.Length - 2) return [.. f.AsSpan(2), .. m.Seqno];
        return null;
    }

    private void HandleMessage(PeerState from, PubsubMessage m, List<GossipMessage> deliver)
    {
        byte[]? quickId = MessageIdOf(m);
        if (quickId is not null)
        {
            lock (_lock)
            {
                if (_seen.ContainsKey(Key(quickId))) return;
            }
        }
        var reject = Check(m, out var author, out var msgId);
        if (reject is not null)
        {
            Penalize(from, reject.Value);
            return;
        }
        string key = Key(msgId!);
        var g = new GossipMessage(m.Topic, m.Data, author!, m.Seqno!, msgId!, from.Id);
        Func<GossipMessage, ValidationResult>? validator;
        lock (_lock)
        {
            if (!MarkSeen(key)) return;
            _validators.TryGetValue(m.Topic, out validator);
        }
        var verdict = ValidationResult.Accept;
        if (validator is not null)
        {
            try
            {
                verdict = validator(g);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                verdict = ValidationResult.Reject;
            }
        }
        if (verdict == ValidationResult.Reject)
        {
            Penalize(from, GossipRejectReason.ValidatorRejected);
            return;
        }
        if (verdict == ValidationResult.Ignore) return;
        lock (_lock)
        {
            _mcache.Put(key, msgId!, m);
            if (!_subscriptions.Contains(m.Topic)) return;
            if (!author!.Equals(_host.Id)) deliver.Add(g);
            if (_mesh.TryGetValue(m.Topic, out var mesh))
            {
                if (m.Data.Length >= _o.IDontWantMinDataSize)
                {
                    var dw = new Rpc();
                    dw.IDontWant.Add(msgId!);
                    byte[] dontWant = dw.Encode();
                    foreach (var pid in mesh)
                        if (!pid.Equals(from.Id) && _peers.TryGetValue(pid, out var ps) && ps.Protocol == GossipsubProtocol.IdV12) Enqueue(ps, dontWant);
                }
                byte[]? frame = null;
                foreach (var pid in mesh)
                {
                    if (pid.Equals(from.Id) || pid.Equals(author) || !_peers.TryGetValue(pid, out var ps) || ps.DontWant.Contains(key)) continue;
                    frame ??= Single(m);
                    Enqueue(ps, frame);
                }
            }
        }
    }

    private static byte[] Single(PubsubMessage m)
    {
        var r = new Rpc();
        r.Publish.Add(m);
        return r.Encode();
    }

    private bool MarkSeen(string key)
    {
        var exp = DateTime.UtcNow + _o.SeenTtl;
        if (!_seen.TryAdd(key, exp)) return false;
        _seenQueue.Enqueue((key, exp));
        return true;
    }

    /// <summary>Joins <paramref name="topic"/>: announces it to every peer and grafts up to D of its peers.</summary>
    public void Subscribe(string topic)
    {
        lock (_lock)
        {
            if (!_subscriptions.Add(topic)) return;
            var sub = new Rpc();
            sub.Subscriptions.Add((true, topic));
            byte[] frame = sub.Encode();
            foreach (var p in _peers.Values) Enqueue(p, frame);
            var mesh = Mesh(topic);
            if (_fanout.Remove(topic, out var f))
            {
                foreach (var pid in f) if (mesh.Count < _o.D) mesh.Add(pid);
                _fanoutLastPublish.Remove(topic);
            }
            foreach (var p in Shuffled(CandidatesLocked(topic, mesh)))
            {
                if (mesh.Count >= _o.D) break;
                mesh.Add(p.Id);
            }
            var graft = new Rpc();
            graft.Graft.Add(topic);
            byte[] g = graft.Encode();
            foreach (var pid in mesh) if (_peers.TryGetValue(pid, out var ps)) Enqueue(ps, g);
        }
    }

    /// <summary>Leaves <paramref name="topic"/>: PRUNE to mesh peers and an unsubscribe announcement.</summary>
    public void Unsubscribe(string topic)
    {
        lock (_lock)
        {
            if (!_subscriptions.Remove(topic)) return;
            var r = new Rpc();
            r.Subscriptions.Add((false, topic));
            byte[] unsub = r.Encode();
            var pr = new Rpc();
            pr.Prune.Add((topic, (ulong)_o.PruneBackoff.TotalSeconds));
            byte[] prune = pr.Encode();
            if (_mesh.Remove(topic, out var mesh))
                foreach (var pid in mesh) if (_peers.TryGetValue(pid, out var ps)) Enqueue(ps, prune);
            foreach (var p in _peers.Values) Enqueue(p, unsub);
        }
    }

    /// <summary>
    /// Signs and publishes <paramref name="data"/> on <paramref name="topic"/>; returns the peers it was sent to
    /// (possibly none). Throws <see cref="P2PException"/> (Limit) when the message exceeds the maximum size.
    /// </summary>
    public PeerId[] Publish(string topic, ReadOnlySpan<byte> data)
    {
        var seq = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seq, Interlocked.Increment(ref _seqno));
        var unsigned = new PubsubMessage(_host.Id.ToBytes(), data.ToArray(), seq, topic, null, null);
        byte[] sig = _host.Identity.Sign([.. System.Text.Encoding.ASCII.GetBytes(GossipsubProtocol.SignaturePrefix), .. unsigned.EncodeForSigning()]);
        var m = unsigned with { Signature = sig, Key = _authorKey };
        byte[] frame = Single(m);
        if (frame.Length > _o.MaxMessageSize) throw new P2PException(P2PErrorKind.Limit, $"gossipsub: message of {frame.Length} bytes exceeds the {_o.MaxMessageSize}-byte limit");
        byte[] id = [.. _authorKey, .. seq];
        var sent = new List<PeerId>();
        lock (_lock)
        {
            MarkSeen(Key(id));
            _mcache.Put(Key(id), id, m);
            IEnumerable<PeerId> targets;
            if (_o.FloodPublish)
            {
                var l = new List<PeerId>();
                foreach (var p in _peers.Values) if (p.Topics.Contains(topic) && p.Score >= 0) l.Add(p.Id);
                targets = l;
            }
            else if (_mesh.TryGetValue(topic, out var mesh) && _subscriptions.Contains(topic)) targets = mesh;
            else
            {
                if (!_fanout.TryGetValue(topic, out var f))
                {
                    _fanout[topic] = f = new HashSet<PeerId>();
                    foreach (var p in Shuffled(CandidatesLocked(topic, f))) { if (f.Count >= _o.D) break; f.Add(p.Id); }
                }
                targets = f;
            }
            if (!_subscriptions.Contains(topic)) _fanoutLastPublish[topic] = DateTime.UtcNow;
            foreach (var pid in targets)
            {
                if (_peers.TryGetValue(pid, out var ps) && Enqueue(ps, frame)) sent.Add(pid);
            }
        }
        return sent.ToArray();
    }

    private List<PeerState> CandidatesLocked(string topic, HashSet<PeerId> exclude)
    {
        var now = DateTime.UtcNow;
        var r = new List<PeerState>();
        foreach (var p in _peers.Values)
        {
            if (!p.Topics.Contains(topic) || exclude.Contains(p.Id) || p.Score < 0) continue;
            if (_backoff.TryGetValue((p.Id, topic), out var until) && until > now) continue;
            r.Add(p);
        }
        return r;
    }

    private static List<T> Shuffled<T>(List<T> l)
    {
        for (int i = l.Count - 1; i > 0; i--)
        {
            int j = Random.Shared.Next(i + 1);
            (l[i], l[j]) = (l[j], l[i]);
        }
        return l;
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_o.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_cts.Token).ConfigureAwait(false)) Heartbeat();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>One heartbeat: mesh repair (graft below D_lo, prune above D_hi), fanout expiry, IHAVE gossip, cache shift, decay.</summary>
    internal void Heartbeat()
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            var toSend = new Dictionary<PeerId, Rpc>();
            Rpc For(PeerId p)
            {
                if (!toSend.TryGetValue(p, out var r)) toSend[p] = r = new Rpc();
                return r;
            }
            foreach (var (topic, mesh) in _mesh)
            {
                var bad = new List<PeerId>();
                foreach (var pid in mesh) if (!_peers.TryGetValue(pid, out var ps) || ps.Score < 0) bad.Add(pid);
                foreach (var pid in bad)
                {
                    mesh.Remove(pid);
                    if (_peers.ContainsKey(pid)) For(pid).Prune.Add((topic, (ulong)_o.PruneBackoff.TotalSeconds));
                }
                if (mesh.Count < _o.DLow)
                {
                    foreach (var p in Shuffled(CandidatesLocked(topic, mesh)))
                    {
                        if (mesh.Count >= _o.D) break;
                        mesh.Add(p.Id);
                        For(p.Id).Graft.Add(topic);
                    }
                }
                else if (mesh.Count > _o.DHigh)
                {
                    var list = Shuffled(new List<PeerId>(mesh));
                    for (int i = _o.D; i < list.Count; i++)
                    {
                        mesh.Remove(list[i]);
                        For(list[i]).Prune.Add((topic, (ulong)_o.PruneBackoff.TotalSeconds));
                        _backoff[(list[i], topic)] = now + _o.PruneBackoff;
                    }
                }
                Gossip(topic, mesh, For);
            }
            var expired = new List<string>();
            foreach (var (topic, last) in _fanoutLastPublish) if (now - last > _o.FanoutTtl) expired.Add(topic);
            foreach (string t in expired)
            {
                _fanout.Remove(t);
                _fanoutLastPublish.Remove(t);
            }
            foreach (var (topic, f) in _fanout) Gossip(topic, f, For);
            foreach (var (pid, rpc) in toSend)
                if (_peers.TryGetValue(pid, out var ps) && !rpc.IsEmpty) Enqueue(ps, rpc.Encode());

            _mcache.Shift();
            while (_seenQueue.Count > 0 && _seenQueue.Peek().Expiry < now) _seen.Remove(_seenQueue.Dequeue().Key);
            var stale = new List<(PeerId, string)>();
            foreach (var (k, until) in _backoff) if (until < now) stale.Add(k);
            foreach (var k in stale) _backoff.Remove(k);
            foreach (var p in _peers.Values)
            {
                p.Score *= _o.ScoreDecay;
                if (Math.Abs(p.Score) < 0.01) p.Score = 0;
                p.DontWant.Clear();
            }
        }
    }

    private void Gossip(string topic, HashSet<PeerId> exclude, Func<PeerId, Rpc> rpcFor)
    {
        var ids = _mcache.GossipIds(topic);
        if (ids.Count == 0) return;
        int n = 0;
        foreach (var p in Shuffled(CandidatesLocked(topic, exclude)))
        {
            if (n++ >= _o.DLazy) break;
            rpcFor(p.Id).IHave.Add((topic, ids));
        }
    }

    /// <summary>Stops the heartbeat and closes the outbound queues.</summary>
    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        lock (_lock) foreach (var p in _peers.Values) p.Out.Writer.TryComplete();
        try
        {
            await _heartbeat.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
