using System.Security.Cryptography;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Host;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Kademlia;

/// <summary>
/// A Kademlia DHT for records (libp2p specs, kad-dht/README.md): routing table fed by identify, request handler
/// (PUT_VALUE, GET_VALUE, FIND_NODE, PING), iterative FIND_NODE, and put/get with quorum. One request per stream,
/// varint-framed, as js-libp2p does.
/// </summary>
public sealed class KadDht
{
    private readonly Libp2pHost _host;
    private readonly KadOptions _o;
    private readonly Dictionary<PeerId, int> _inbound = new();

    /// <summary>Attaches to <paramref name="host"/>; in server mode registers the protocol handler.</summary>
    public KadDht(Libp2pHost host, KadOptions? options = null)
    {
        _host = host;
        _o = options ?? new KadOptions();
        ProtocolId = KadProtocol.IdFor(_o.Protocol);
        Store = new RecordStore(new RecordStoreLimits(_o.MaxRecordSize, _o.MaxStoreBytes, _o.MaxStoreRecords, _o.MaxStoreBytesPerPeer, _o.MaxStoreRecordsPerPeer));
        Table = new RoutingTable(host.Id);
        if (_o.ServerMode) host.SetHandler(ProtocolId, ServeAsync);
        host.Identified += c =>
        {
            if (c.Supports(ProtocolId)) Table.AddOrUpdate(c.RemotePeer, c.Identify?.ListenAddrs ?? []);
        };
        host.Disconnected += (c, _) =>
        {
            if (_host.TryGetConnection(c.RemotePeer) is null) Table.Remove(c.RemotePeer);
        };
    }

    /// <summary>The protocol id in use.</summary>
    public string ProtocolId { get; }

    /// <summary>Local records.</summary>
    public RecordStore Store { get; }

    /// <summary>The routing table.</summary>
    public RoutingTable Table { get; }

    /// <summary>Addresses kept per peer a lookup learns of (a host listens on a handful; the rest of a long list is dropped).</summary>
    private const int MaxAddrsPerPeer = 16;

    private int MaxMessage => _o.MaxRecordSize + 64 * 1024;

    private bool Valid(byte[] key, byte[] value) => value.Length <= _o.MaxRecordSize && (_o.Validator?.Invoke(key, value) ?? true);

    /// <summary>Serves one inbound stream, or resets it when its peer already has <see cref="KadOptions.MaxInboundStreamsPerPeer"/> in progress.</summary>
    private async Task ServeAsync(IncomingStream s)
    {
        PeerId peer = s.Connection.RemotePeer;
        if (!TryEnterInbound(peer))
        {
            _host.Log($"kad: stream from {peer} reset: {_o.MaxInboundStreamsPerPeer} requests from it already in progress");
            s.Stream.Reset();
            return;
        }
        try
        {
            await ServeRequestsAsync(s).ConfigureAwait(false);
        }
        finally
        {
            LeaveInbound(peer);
        }
    }

    private bool TryEnterInbound(PeerId peer)
    {
        lock (_inbound)
        {
            _inbound.TryGetValue(peer, out int n);
            if (n >= _o.MaxInboundStreamsPerPeer) return false;
            _inbound[peer] = n + 1;
            return true;
        }
    }

    private void LeaveInbound(PeerId peer)
    {
        lock (_inbound)
        {
            int n = _inbound[peer] - 1;
            if (n == 0) _inbound.Remove(peer);
            else _inbound[peer] = n;
        }
    }

    private async Task ServeRequestsAsync(IncomingStream s)
    {
        while (true)
        {
            using var t = new CancellationTokenSource(_o.RequestTimeout);
            byte[]? req = await LengthPrefixed.ReadAsync(s.Stream, MaxMessage, t.Token).ConfigureAwait(false);
            if (req is null) return;
            KadMessage m;
            try
            {
                m = KadMessage.Decode(req);
            }
            catch (FormatException e)
            {
                throw new P2PException(P2PErrorKind.Protocol, "kad: malformed request: " + e.Message, e);
            }
            KadMessage resp;
            switch (m.Type)
            {
                case KadMessageType.PutValue:
                    if (m.Record is null || m.Key is null || !m.Record.Key.AsSpan().SequenceEqual(m.Key) || !Valid(m.Record.Key, m.Record.Value))
                        throw new P2PException(P2PErrorKind.Protocol, "kad: PUT_VALUE record refused (missing, key mismatch, too large or invalid)");
                    Store.Put(m.Record with { TimeReceived = KadRecord.Now() }, s.Connection.RemotePeer);
                    resp = m;
                    break;
                case KadMessageType.GetValue:
                    resp = new KadMessage(KadMessageType.GetValue, m.Key, m.Key is null ? null : Store.Get(m.Key), CloserPeers(m.Key ?? [], s.Connection.RemotePeer));
                    break;
                case KadMessageType.Ping:
                    resp = m;
                    break;
                default:
                    resp = new KadMessage(m.Type, m.Key, null, CloserPeers(m.Key ?? [], s.Connection.RemotePeer));
                    break;
            }
            await LengthPrefixed.WriteAsync(s.Stream, resp.Encode(), t.Token).ConfigureAwait(false);
        }
    }

    private List<KadPeer> CloserPeers(byte[] key, PeerId requester)
    {
        var r = new List<KadPeer>();
        foreach (var (id, addrs) in Table.Closest(SHA256.HashData(key), KadProtocol.K))
        {
            if (id.Equals(requester)) continue;
            var ab = new List<byte[]>();
            foreach (var a in addrs) ab.Add(a.WithoutPeerId().ToBytes());
            r.Add(new KadPeer(id.ToBytes(), ab, _host.TryGetConnection(id) is null ? 0 : 1));
        }
        return r;
    }

    /// <summary>One request/response exchange with <paramref name="peer"/> (dialing <paramref name="addrs"/> if not connected).</summary>
    public async Task<KadMessage> RequestAsync(PeerId peer, KadMessage request, IReadOnlyList<Multiaddr>? addrs, CancellationToken ct)
    {
        using var t = CancellationTokenSource.CreateLinkedTokenSource(ct);
        t.CancelAfter(_o.RequestTimeout);
        if (_host.TryGetConnection(peer) is null)
        {
            P2PException? last = null;
            foreach (var a in addrs ?? [])
            {
                try
                {
                    await _host.DialAsync(a.WithPeerId(peer), t.Token).ConfigureAwait(false);
                    last = null;
                    break;
                }
                catch (Exception e) when (e is P2PException or IOException or System.Net.Sockets.SocketException or FormatException)
                {
                    last = new P2PException(P2PErrorKind.Closed, $"kad: cannot dial {peer} at {a}: {e.Message}", e);
                }
            }
            if (last is not null) throw last;
        }
        var s = await _host.NewStreamAsync(peer, [ProtocolId], t.Token).ConfigureAwait(false);
        try
        {
            await LengthPrefixed.WriteAsync(s, request.Encode(), t.Token).ConfigureAwait(false);
            byte[] resp = await LengthPrefixed.ReadAsync(s, MaxMessage, t.Token).ConfigureAwait(false)
                ?? throw new P2PException(P2PErrorKind.Protocol, $"kad: {peer} closed the stream without answering");
            try
            {
                return KadMessage.Decode(resp);
            }
            catch (FormatException e)
            {
                throw new P2PException(P2PErrorKind.Protocol, $"kad: malformed response from {peer}: {e.Message}", e);
            }
        }
        finally
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Iterative FIND_NODE: asks the closest known peers (alpha at a time) for peers closer to <paramref name="key"/>
    /// until the K closest have answered; returns the peers that answered, closest first.
    /// </summary>
    public async Task<List<(PeerId Id, Multiaddr[] Addrs)>> FindClosestPeersAsync(byte[] key, CancellationToken ct)
    {
        byte[] target = SHA256.HashData(key);
        var known = new Dictionary<PeerId, (byte[] Dist, Multiaddr[] Addrs)>();
        var queried = new HashSet<PeerId>();
        var answered = new List<(PeerId, Multiaddr[])>();
        void Learn(PeerId id, Multiaddr[] addrs)
        {
            if (id.Equals(_host.Id) || known.ContainsKey(id)) return;
            known[id] = (RoutingTable.Distance(SHA256.HashData(id.Bytes), target), addrs);
        }
        foreach (var (id, addrs) in Table.Closest(target, KadProtocol.K)) Learn(id, addrs);
        foreach (var id in _host.ConnectedPeers) if (_host.TryGetConnection(id)?.Supports(ProtocolId) == true) Learn(id, []);

        for (int round = 0; round < 20; round++)
        {
            var candidates = new List<(PeerId Id, byte[] Dist, Multiaddr[] Addrs)>();
            foreach (var (id, v) in known) candidates.Add((id, v.Dist, v.Addrs));
            candidates.Sort((x, y) => x.Dist.AsSpan().SequenceCompareTo(y.Dist));
            if (candidates.Count > KadProtocol.K) candidates.RemoveRange(KadProtocol.K, candidates.Count - KadProtocol.K);
            var batch = new List<(PeerId Id, Multiaddr[] Addrs)>();
            foreach (var c in candidates)
            {
                if (batch.Count >= KadProtocol.Alpha) break;
                if (queried.Add(c.Id)) batch.Add((c.Id, c.Addrs));
            }
            if (batch.Count == 0) break;
            var tasks = new List<Task<KadMessage>>();
            foreach (var (id, addrs) in batch) tasks.Add(RequestAsync(id, new KadMessage(KadMessageType.FindNode, key, null, []), addrs, ct));
            for (int i = 0; i < tasks.Count; i++)
            {
                try
                {
                    var resp = await tasks[i].ConfigureAwait(false);
                    answered.Add(batch[i]);
                    int taken = 0;
                    foreach (var p in resp.CloserPeers)
                    {
                        // An honest peer returns at most K; more is a flood that would swell every later round.
                        if (taken++ >= KadProtocol.K) break;
                        try
                        {
                            var pid = PeerId.FromBytes(p.Id);
                            var addrs = new List<Multiaddr>();
                            foreach (var a in p.Addrs)
                            {
                                if (addrs.Count >= MaxAddrsPerPeer) break;
                                try { addrs.Add(Multiaddr.FromBytes(a)); } catch (FormatException) { /* unsupported transport */ }
                            }
                            Learn(pid, [.. addrs]);
                        }
                        catch (FormatException)
                        {
                            // A bad peer entry: skip it.
                        }
                    }
                }
                catch (Exception e) when (e is P2PException or IOException or OperationCanceledException)
                {
                    if (ct.IsCancellationRequested) throw;
                    _host.Log($"kad: FIND_NODE to {batch[i].Id} failed: {e.Message}");
                }
            }
        }
        answered.Sort((x, y) => known[x.Item1].Dist.AsSpan().SequenceCompareTo(known[y.Item1].Dist));
        if (answered.Count > KadProtocol.K) answered.RemoveRange(KadProtocol.K, answered.Count - KadProtocol.K);
        return answered;
    }

    /// <summary>
    /// Stores a record locally and at the K closest peers; returns the peers that accepted it (echoed the same value).
    /// Throws <see cref="P2PException"/> (Limit) when the value is larger than the configured maximum.
    /// </summary>
    public async Task<List<PeerId>> PutValueAsync(byte[] key, byte[] value, CancellationToken ct)
    {
        if (value.Length > _o.MaxRecordSize) throw new P2PException(P2PErrorKind.Limit, $"kad: value of {value.Length} bytes exceeds the {_o.MaxRecordSize}-byte limit");
        var rec = new KadRecord(key, value, KadRecord.Now());
        Store.Put(rec, _host.Id);
        var peers = await FindClosestPeersAsync(key, ct).ConfigureAwait(false);
        var msg = new KadMessage(KadMessageType.PutValue, key, rec, []);
        var tasks = new List<Task<KadMessage>>();
        foreach (var (id, addrs) in peers) tasks.Add(RequestAsync(id, msg, addrs, ct));
        var ok = new List<PeerId>();
        for (int i = 0; i < tasks.Count; i++)
        {
            try
            {
                var r = await tasks[i].ConfigureAwait(false);
                if (r.Record is not null && r.Record.Value.AsSpan().SequenceEqual(value)) ok.Add(peers[i].Id);
            }
            catch (Exception e) when (e is P2PException or IOException or OperationCanceledException)
            {
                if (ct.IsCancellationRequested) throw;
                _host.Log($"kad: PUT_VALUE to {peers[i].Id} failed: {e.Message}");
            }
        }
        return ok;
    }

    /// <summary>
    /// Looks a record up: the local copy counts as one answer, then GET_VALUE to the closest peers until
    /// <paramref name="quorum"/> valid answers agree or the peers are exhausted. Returns the first valid value, or null.
    /// </summary>
    public async Task<(byte[] Value, PeerId? From)?> GetValueAsync(byte[] key, int quorum, CancellationToken ct)
    {
        var local = Store.Get(key);
        int answers = 0;
        (byte[], PeerId?)? best = null;
        if (local is not null)
        {
            best = (local.Value, null);
            answers++;
            if (answers >= quorum) return best;
        }
        var peers = await FindClosestPeersAsync(key, ct).ConfigureAwait(false);
        foreach (var (id, addrs) in peers)
        {
            try
            {
                var r = await RequestAsync(id, new KadMessage(KadMessageType.GetValue, key, null, []), addrs, ct).ConfigureAwait(false);
                if (r.Record is null || !r.Record.Key.AsSpan().SequenceEqual(key) || !Valid(key, r.Record.Value)) continue;
                best ??= (r.Record.Value, id);
                answers++;
                if (answers >= quorum) break;
            }
            catch (Exception e) when (e is P2PException or IOException or OperationCanceledException)
            {
                if (ct.IsCancellationRequested) throw;
                _host.Log($"kad: GET_VALUE to {id} failed: {e.Message}");
            }
        }
        return best;
    }

    /// <summary>Dials <paramref name="peers"/> and runs a lookup for our own id to fill the routing table.</summary>
    public async Task BootstrapAsync(IEnumerable<Multiaddr> peers, CancellationToken ct)
    {
        foreach (var a in peers)
        {
            var c = await _host.DialAsync(a, ct).ConfigureAwait(false);
            await c.Identified.WaitAsync(ct).ConfigureAwait(false);
        }
        await FindClosestPeersAsync(_host.Id.ToBytes(), ct).ConfigureAwait(false);
    }
}
