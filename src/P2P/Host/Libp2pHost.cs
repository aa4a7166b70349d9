using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Identify;
using Zetina.P2P.Multiformats;
using Zetina.P2P.Multistream;
using Zetina.P2P.Noise;
using Zetina.P2P.Ping;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Host;

/// <summary>
/// A libp2p host: TCP listen/dial, connection upgrade (multistream-select → Noise → multistream-select → yamux),
/// protocol handlers, identify and ping. Gossipsub and Kademlia attach through <see cref="SetHandler"/> and the
/// peer events. All public methods are safe to call from many tasks.
/// </summary>
public sealed class Libp2pHost : IAsyncDisposable
{
    private readonly HostOptions _options;
    private readonly ConcurrentDictionary<string, Func<IncomingStream, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PeerId, List<Connection>> _connections = new();
    private readonly List<TcpListener> _listeners = new();
    private readonly List<Multiaddr> _listenAddrs = new();
    private readonly CancellationTokenSource _cts = new();
    private int _connectionCount;
    private int _stopped;

    /// <summary>Creates a host; nothing listens until <see cref="StartAsync"/>.</summary>
    public Libp2pHost(HostOptions options)
    {
        _options = options;
        Identity = options.Identity;
        Id = PeerId.FromPublicKey(options.Identity.PublicKey);
        SetHandler(IdentifyProtocol.Id, ServeIdentifyAsync);
        SetHandler(IdentifyProtocol.PushId, HandleIdentifyPushAsync);
        SetHandler(PingProtocol.Id, s => PingProtocol.ServeAsync(s.Stream, _cts.Token));
    }

    /// <summary>Our peer id.</summary>
    public PeerId Id { get; }

    /// <summary>Our identity key.</summary>
    public PrivateKey Identity { get; }

    /// <summary>Options in force.</summary>
    public HostOptions Options => _options;

    /// <summary>Raised after a connection is upgraded (before identify).</summary>
    public event Action<Connection>? Connected;

    /// <summary>Raised when a connection closes; the string is the reason.</summary>
    public event Action<Connection, string>? Disconnected;

    /// <summary>Raised when the remote's identify response was accepted.</summary>
    public event Action<Connection>? Identified;

    /// <summary>The addresses we listen on, with actual ports.</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get { lock (_listenAddrs) return _listenAddrs.ToArray(); }
    }

    /// <summary>Protocols with a handler.</summary>
    public string[] Protocols => _protocols;

    private volatile string[] _protocols = [];

    /// <summary>Registers the handler for <paramref name="protocol"/> (replacing any earlier one).</summary>
    public void SetHandler(string protocol, Func<IncomingStream, Task> handler)
    {
        _handlers[protocol] = handler;
        _protocols = [.. _handlers.Keys];
    }

    /// <summary>Removes the handler for <paramref name="protocol"/>.</summary>
    public void RemoveHandler(string protocol)
    {
        _handlers.TryRemove(protocol, out _);
        _protocols = [.. _handlers.Keys];
    }

    internal void Log(string line) => _options.Log?.Invoke(line);

    /// <summary>Starts listening on every configured address.</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        foreach (var addr in _options.ListenAddresses)
        {
            var (host, port) = addr.ToTcpTarget();
            if (!IPAddress.TryParse(host, out var ip)) throw new FormatException($"listen address must be an ip4/ip6 address: {addr}");
            var l = new TcpListener(ip, port);
            l.Start(512);
            _listeners.Add(l);
            lock (_listenAddrs) _listenAddrs.Add(Multiaddr.FromTcpEndPoint((IPEndPoint)l.LocalEndpoint));
            _ = Task.Run(() => AcceptLoopAsync(l));
        }
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener l)
    {
        while (!_cts.IsCancellationRequested)
        {
            Socket sock;
            try
            {
                sock = await l.AcceptSocketAsync(_cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            string remote = sock.RemoteEndPoint?.ToString() ?? "?";
            if (ConnectionCount >= _options.MaxConnections)
            {
                // Refuse before the handshake: a flood of connections must not cost us key exchanges.
                Log($"inbound connection from {remote} refused: connection limit {_options.MaxConnections} reached");
                sock.Dispose();
                continue;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    await UpgradeAsync(sock, initiator: false, expected: null, _cts.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is P2PException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    Log($"inbound connection from {remote} rejected: {Describe(e)}");
                    sock.Dispose();
                }
            });
        }
    }

    private static string Describe(Exception e) => e is OperationCanceledException ? "handshake timed out" : e.Message;

    /// <summary>
    /// Dials <paramref name="addr"/> (<c>/ip4|ip6|dns*/…/tcp/…[/p2p/ID]</c>); with a <c>/p2p/</c> part the remote
    /// must authenticate as that peer. Returns an existing connection to that peer when there is one.
    /// </summary>
    public async Task<Connection> DialAsync(Multiaddr addr, CancellationToken ct = default)
    {
        var expected = addr.PeerId;
        if (expected is not null && TryGetConnection(expected) is { } existing) return existing;
        var (host, port) = addr.ToTcpTarget();
        var sock = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await sock.ConnectAsync(host, port, ct).ConfigureAwait(false);
            return await UpgradeAsync(sock, initiator: true, expected, ct).ConfigureAwait(false);
        }
        catch
        {
            sock.Dispose();
            throw;
        }
    }

    /// <summary>A live connection to <paramref name="peer"/>, or null.</summary>
    public Connection? TryGetConnection(PeerId peer)
    {
        if (!_connections.TryGetValue(peer, out var list)) return null;
        lock (list)
        {
            foreach (var c in list) if (!c.Session.IsClosed) return c;
        }
        return null;
    }

    /// <summary>Peers with at least one open connection.</summary>
    public PeerId[] ConnectedPeers
    {
        get
        {
            var r = new List<PeerId>();
            foreach (var kv in _connections)
            {
                lock (kv.Value) if (kv.Value.Count > 0) r.Add(kv.Key);
            }
            return r.ToArray();
        }
    }

    /// <summary>Open connections, all peers together.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    private async Task<Connection> UpgradeAsync(Socket sock, bool initiator, PeerId? expected, CancellationToken ct)
    {
        sock.NoDelay = true;
        var remoteEp = (IPEndPoint)sock.RemoteEndPoint!;
        var ns = new NetworkStream(sock, ownsSocket: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, _cts.Token);
        timeout.CancelAfter(_options.HandshakeTimeout);
        NoiseResult noise;
        try
        {
            if (initiator) await MultistreamSelect.SelectAsync(ns, [NoiseProtocol.Id], timeout.Token).ConfigureAwait(false);
            else await MultistreamSelect.HandleAsync(ns, [NoiseProtocol.Id], timeout.Token).ConfigureAwait(false);
            noise = await NoiseHandshake.RunAsync(ns, Identity, initiator, expected, [], timeout.Token).ConfigureAwait(false);
            if (initiator) await MultistreamSelect.SelectAsync(noise.Transport, [YamuxProtocol.Id], timeout.Token).ConfigureAwait(false);
            else await MultistreamSelect.HandleAsync(noise.Transport, [YamuxProtocol.Id], timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            await ns.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Connection? conn = null;
        var session = new YamuxSession(noise.Transport, initiator, _options.Yamux, s => HandleInboundAsync(conn!, s));
        conn = new Connection(noise.RemotePeer, noise.RemoteKey, Multiaddr.FromTcpEndPoint(remoteEp), initiator, session);

        var list = _connections.GetOrAdd(conn.RemotePeer, _ => new List<Connection>());
        string? refuse = null;
        lock (list)
        {
            if (Interlocked.Increment(ref _connectionCount) > _options.MaxConnections) refuse = $"connection limit {_options.MaxConnections} reached";
            else if (list.Count >= _options.MaxConnectionsPerPeer) refuse = $"per-peer connection limit {_options.MaxConnectionsPerPeer} reached";
            else list.Add(conn);
        }
        if (refuse is not null)
        {
            Interlocked.Decrement(ref _connectionCount);
            Log($"connection to {conn.RemotePeer} refused: {refuse}");
            session.Start();
            await session.CloseAsync(refuse).ConfigureAwait(false);
            throw new P2PException(P2PErrorKind.Limit, refuse);
        }

        _ = session.Completion.ContinueWith(_ => OnClosed(conn), TaskScheduler.Default);
        session.Start();
        Connected?.Invoke(conn);
        _ = Task.Run(() => IdentifyRemoteAsync(conn));
        return conn;
    }

    private void OnClosed(Connection conn)
    {
        if (_connections.TryGetValue(conn.RemotePeer, out var list))
        {
            lock (list) list.Remove(conn);
        }
        Interlocked.Decrement(ref _connectionCount);
        conn.CompleteIdentify(null);
        string reason = conn.Session.CloseReason ?? "closed";
        Log($"connection to {conn.RemotePeer} closed: {reason}");
        Disconnected?.Invoke(conn, reason);
    }

    private async Task HandleInboundAsync(Connection conn, YamuxStream s)
    {
        string proto;
        using (var t = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token))
        {
            t.CancelAfter(_options.NegotiationTimeout);
            try
            {
                proto = await MultistreamSelect.HandleAsync(s, _protocols, t.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is P2PException or OperationCanceledException or IOException)
            {
                s.Reset();
                return;
            }
        }
        s.Protocol = proto;
        if (!_handlers.TryGetValue(proto, out var h)) { s.Reset(); return; }
        try
        {
            await h(new IncomingStream(conn, s, proto)).ConfigureAwait(false);
            await s.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is P2PException or OperationCanceledException or IOException or FormatException or ObjectDisposedException)
        {
            Log($"stream {proto} from {conn.RemotePeer} ended: {e.Message}");
            s.Reset();
        }
    }

    /// <summary>
    /// Opens a stream to <paramref name="peer"/> (which must be connected) and negotiates the first protocol of
    /// <paramref name="protocols"/> the remote accepts. Throws <see cref="P2PException"/> when not connected or none is accepted.
    /// </summary>
    public async Task<YamuxStream> NewStreamAsync(PeerId peer, IReadOnlyList<string> protocols, CancellationToken ct = default)
    {
        var conn = TryGetConnection(peer) ?? throw new P2PException(P2PErrorKind.Closed, $"not connected to {peer}");
        return await NewStreamAsync(conn, protocols, ct).ConfigureAwait(false);
    }

    /// <summary>Opens a stream on <paramref name="conn"/> and negotiates one of <paramref name="protocols"/>.</summary>
    public async Task<YamuxStream> NewStreamAsync(Connection conn, IReadOnlyList<string> protocols, CancellationToken ct = default)
    {
        var s = await conn.Session.OpenStreamAsync(ct).ConfigureAwait(false);
        using var t = CancellationTokenSource.CreateLinkedTokenSource(ct, _cts.Token);
        t.CancelAfter(_options.NegotiationTimeout);
        try
        {
            s.Protocol = await MultistreamSelect.SelectAsync(s, protocols, t.Token).ConfigureAwait(false);
            return s;
        }
        catch
        {
            s.Reset();
            throw;
        }
    }

    /// <summary>One ping round trip to <paramref name="peer"/> on <c>/ipfs/ping/1.0.0</c>.</summary>
    public async Task<TimeSpan> PingAsync(PeerId peer, CancellationToken ct = default)
    {
        var s = await NewStreamAsync(peer, [PingProtocol.Id], ct).ConfigureAwait(false);
        try
        {
            return await PingProtocol.PingOnceAsync(s, ct).ConfigureAwait(false);
        }
        finally
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IdentifyMessage BuildIdentify(Connection conn)
    {
        var addrs = ListenAddresses;
        return new IdentifyMessage(IdentifyProtocol.ProtocolVersion, _options.AgentVersion, Identity.PublicKey.ToProtobuf(), addrs,
            conn.RemoteAddress, Protocols, SignedPeerRecord.Create(Identity, addrs, (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }

    private async Task ServeIdentifyAsync(IncomingStream s)
    {
        await LengthPrefixed.WriteAsync(s.Stream, BuildIdentify(s.Connection).Encode(), _cts.Token).ConfigureAwait(false);
        await s.Stream.CloseWriteAsync(_cts.Token).ConfigureAwait(false);
    }

    /// <summary>Reads one identify message from <paramref name="s"/> and checks it against the connection's peer.</summary>
    private static async Task<IdentifyMessage> ReadIdentifyAsync(Connection conn, Stream s, CancellationToken ct)
    {
        byte[]? msg = await LengthPrefixed.ReadAsync(s, IdentifyProtocol.MaxMessageLength, ct).ConfigureAwait(false)
            ?? throw new P2PException(P2PErrorKind.Protocol, "identify: stream closed without a message");
        IdentifyMessage m;
        try
        {
            m = IdentifyMessage.Decode(msg);
            if (m.PublicKey is not null && !conn.RemotePeer.Matches(PublicKey.FromProtobuf(m.PublicKey)))
                throw new P2PException(P2PErrorKind.Protocol, "identify: publicKey does not match the connection's peer id");
            if (m.SignedPeerRecord is not null)
            {
                var (peer, _, _) = SignedPeerRecord.Verify(m.SignedPeerRecord);
                if (!peer.Equals(conn.RemotePeer)) throw new P2PException(P2PErrorKind.Protocol, "identify: signed peer record is for another peer");
            }
        }
        catch (FormatException e)
        {
            throw new P2PException(P2PErrorKind.Protocol, "identify: " + e.Message, e);
        }
        return m;
    }

    private async Task IdentifyRemoteAsync(Connection conn)
    {
        IdentifyMessage? result = null;
        try
        {
            using var t = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
            t.CancelAfter(TimeSpan.FromSeconds(10));
            var s = await NewStreamAsync(conn, [IdentifyProtocol.Id], t.Token).ConfigureAwait(false);
            try
            {
                result = await ReadIdentifyAsync(conn, s, t.Token).ConfigureAwait(false);
            }
            finally
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is P2PException or OperationCanceledException or IOException)
        {
            Log($"identify of {conn.RemotePeer} failed: {e.Message}");
        }
        if (result is not null)
        {
            conn.UpdateIdentify(result);
            Identified?.Invoke(conn);
        }
        conn.CompleteIdentify(result);
    }

    private async Task HandleIdentifyPushAsync(IncomingStream s)
    {
        using var t = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        t.CancelAfter(TimeSpan.FromSeconds(10));
        var m = await ReadIdentifyAsync(s.Connection, s.Stream, t.Token).ConfigureAwait(false);
        s.Connection.UpdateIdentify(m);
        Identified?.Invoke(s.Connection);
    }

    /// <summary>
    /// Sends our current identify message (protocols, listen addresses, signed peer record) on <c>/ipfs/id/push/1.0.0</c>
    /// to every connected peer that announced push support; returns how many peers took it.
    /// </summary>
    public async Task<int> PushIdentifyAsync(CancellationToken ct = default)
    {
        var targets = new List<Connection>();
        foreach (var kv in _connections)
        {
            lock (kv.Value)
                foreach (var c in kv.Value) if (!c.Session.IsClosed && c.Supports(IdentifyProtocol.PushId)) targets.Add(c);
        }
        int ok = 0;
        foreach (var c in targets)
        {
            try
            {
                var s = await NewStreamAsync(c, [IdentifyProtocol.PushId], ct).ConfigureAwait(false);
                await using (s.ConfigureAwait(false))
                    await LengthPrefixed.WriteAsync(s, BuildIdentify(c).Encode(), ct).ConfigureAwait(false);
                ok++;
            }
            catch (Exception e) when (e is P2PException or IOException)
            {
                Log($"identify push to {c.RemotePeer} failed: {e.Message}");
            }
        }
        return ok;
    }

    /// <summary>Closes every connection gracefully (yamux GoAway) and stops listening.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _cts.Cancel();
        foreach (var l in _listeners) l.Stop();
        var all = new List<Task>();
        foreach (var kv in _connections)
        {
            Connection[] cs;
            lock (kv.Value) cs = kv.Value.ToArray();
            foreach (var c in cs) all.Add(c.Session.CloseAsync("host stopped"));
        }
        await Task.WhenAll(all).ConfigureAwait(false);
    }

    /// <summary>Closes all connections to <paramref name="peer"/>.</summary>
    public async Task HangUpAsync(PeerId peer)
    {
        if (!_connections.TryGetValue(peer, out var list)) return;
        Connection[] cs;
        lock (list) cs = list.ToArray();
        foreach (var c in cs) await c.Session.CloseAsync("hung up locally").ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
