using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Zetina.P2P.Yamux;

/// <summary>
/// A yamux session over a secure channel: one reader task demultiplexes frames into streams; writers share
/// the channel under a lock. Streams opened here use odd ids on the dialer side and even ids on the listener side.
/// </summary>
/// <remarks>
/// Frames the reader must answer (SYN acknowledgements, window updates, ping replies) are sent from separate
/// tasks so that the reader never blocks behind a writer that waits for the socket.
/// A protocol violation (bad version, oversized frame, window overrun, reused stream id) sends GoAway(protocol
/// error) and closes the session; <see cref="CloseReason"/> says why.
/// </remarks>
public sealed class YamuxSession : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly bool _client;
    private readonly YamuxOptions _options;
    private readonly ConcurrentDictionary<uint, YamuxStream> _streams = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _scratch;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> _pings = new();
    private readonly Func<YamuxStream, Task> _onInbound;
    private uint _nextId;
    private uint _nextPing;
    private int _inbound;
    private int _closing;
    private Task? _reader;

    /// <summary>Creates a session; call <see cref="Start"/> to begin reading. <paramref name="onInbound"/> runs for each stream the remote opens.</summary>
    public YamuxSession(Stream transport, bool isClient, YamuxOptions options, Func<YamuxStream, Task> onInbound)
    {
        _transport = transport;
        _client = isClient;
        _options = options;
        _onInbound = onInbound;
        _nextId = isClient ? 1u : 2u;
        _scratch = new byte[4 * (YamuxProtocol.HeaderLength + options.MaxSendFrame)];
    }

    /// <summary>Options in force.</summary>
    public YamuxOptions Options => _options;

    /// <summary>Completes when the session has closed, for whatever reason.</summary>
    public Task Completion => _closed.Task;

    /// <summary>Why the session closed (null while open).</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Streams currently open.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>True once closing began.</summary>
    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>Starts the reader task; also sends a first ping, as js-yamux does.</summary>
    public void Start() => _reader = Task.Run(ReadLoopAsync);

    /// <summary>Opens an outbound stream (SYN is sent with a window update announcing our receive window).</summary>
    public async Task<YamuxStream> OpenStreamAsync(CancellationToken ct)
    {
        if (IsClosed) throw new P2PException(P2PErrorKind.Closed, "yamux: session closed" + (CloseReason is null ? "" : ": " + CloseReason));
        uint id = Interlocked.Add(ref _nextId, 2) - 2;
        var s = new YamuxStream(this, id, inbound: false);
        _streams[id] = s;
        await SendWindowUpdateAsync(id, (uint)(_options.ReceiveWindow - YamuxProtocol.InitialWindow), YamuxProtocol.FlagSyn, ct).ConfigureAwait(false);
        return s;
    }

    /// <summary>Round-trip time of a yamux ping.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken ct)
    {
        uint opaque = Interlocked.Increment(ref _nextPing);
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[opaque] = tcs;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await SendHeaderAsync(YamuxProtocol.TypePing, YamuxProtocol.FlagSyn, 0, opaque, ct).ConfigureAwait(false);
            await tcs.Task.WaitAsync(ct).ConfigureAwait(false);
            return System.Diagnostics.Stopwatch.GetElapsedTime(start);
        }
        finally
        {
            _pings.TryRemove(opaque, out _);
        }
    }

    private async Task ReadLoopAsync()
    {
        var hdr = new byte[YamuxProtocol.HeaderLength];
        string reason = "remote closed the connection";
        uint goAway = YamuxProtocol.GoAwayNormal;
        bool sendGoAway = false;
        try
        {
            _ = SendHeaderSafeAsync(YamuxProtocol.TypePing, YamuxProtocol.FlagSyn, 0, 0);
            while (!_cts.IsCancellationRequested)
            {
                if (!await ReadExactAsync(hdr, allowEof: true).ConfigureAwait(false)) break;
                if (hdr[0] != 0) { reason = $"yamux: unsupported version {hdr[0]}"; goAway = YamuxProtocol.GoAwayProtocolError; sendGoAway = true; break; }
                byte type = hdr[1];
                ushort flags = BinaryPrimitives.ReadUInt16BigEndian(hdr.AsSpan(2));
                uint id = BinaryPrimitives.ReadUInt32BigEndian(hdr.AsSpan(4));
                uint length = BinaryPrimitives.ReadUInt32BigEndian(hdr.AsSpan(8));
                string? error = type switch
                {
                    YamuxProtocol.TypeData or YamuxProtocol.TypeWindowUpdate => await OnStreamFrameAsync(type, flags, id, length).ConfigureAwait(false),
                    YamuxProtocol.TypePing => OnPing(flags, length),
                    YamuxProtocol.TypeGoAway => $"remote sent go-away (code {length})",
                    _ => $"yamux: unknown frame type {type}",
                };
                if (error is not null)
                {
                    reason = error;
                    if (type != YamuxProtocol.TypeGoAway) { goAway = YamuxProtocol.GoAwayProtocolError; sendGoAway = true; }
                    break;
                }
            }
        }
        catch (P2PException e)
        {
            reason = e.Message;
        }
        catch (IOException e)
        {
            reason = "connection error: " + e.Message;
        }
        catch (ObjectDisposedException)
        {
            reason = "connection closed locally";
        }
        catch (OperationCanceledException)
        {
            reason = "connection closed locally";
        }
        if (sendGoAway)
        {
            try
            {
                using var t = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await SendHeaderAsync(YamuxProtocol.TypeGoAway, 0, 0, goAway, t.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or P2PException)
            {
                // The peer is already gone; the reason below is what matters.
            }
        }
        Shutdown(reason);
    }

    private async ValueTask<string?> OnStreamFrameAsync(byte type, ushort flags, uint id, uint length)
    {
        if (type == YamuxProtocol.TypeData && length > (uint)_options.MaxFrameLength)
            return $"yamux: data frame of {length} bytes on stream {id} exceeds the {_options.MaxFrameLength}-byte limit";
        YamuxStream? s;
        if ((flags & YamuxProtocol.FlagSyn) != 0)
        {
            bool remoteParity = _client ? id % 2 == 0 : id % 2 == 1;
            if (id == 0 || !remoteParity) return $"yamux: remote opened stream {id} with the wrong parity";
            if (_streams.ContainsKey(id)) return $"yamux: remote reopened live stream {id}";
            if (Volatile.Read(ref _inbound) >= _options.MaxInboundStreams)
            {
                _ = SendHeaderSafeAsync(YamuxProtocol.TypeWindowUpdate, YamuxProtocol.FlagRst, id, 0);
                if (type == YamuxProtocol.TypeData) await DiscardAsync(length).ConfigureAwait(false);
                return null;
            }
            s = new YamuxStream(this, id, inbound: true);
            Interlocked.Increment(ref _inbound);
            _streams[id] = s;
            _ = SendHeaderSafeAsync(YamuxProtocol.TypeWindowUpdate, YamuxProtocol.FlagAck, id, (uint)(_options.ReceiveWindow - YamuxProtocol.InitialWindow));
            _ = Task.Run(() => RunInboundAsync(s));
        }
        else if (!_streams.TryGetValue(id, out s))
        {
            // A stream we already reset or forgot: drop its data.
            if (type == YamuxProtocol.TypeData) await DiscardAsync(length).ConfigureAwait(false);
            return null;
        }

        if (type == YamuxProtocol.TypeWindowUpdate)
        {
            s.AddSendWindow(length);
        }
        else if (length > 0)
        {
            if (!s.TryReserveReceive(length))
                return $"yamux: stream {id} received {length} bytes beyond its receive window";
            // The frame's bytes are read and handed on a chunk at a time: a header that declares a window-sized
            // frame costs one chunk until the rest arrives.
            for (uint left = length; left > 0;)
            {
                int n = (int)Math.Min(left, (uint)ReadChunk);
                byte[] buf = ArrayPool<byte>.Shared.Rent(n);
                await ReadExactAsync(buf.AsMemory(0, n), allowEof: false).ConfigureAwait(false);
                s.Enqueue(buf, n);
                left -= (uint)n;
            }
        }
        if ((flags & YamuxProtocol.FlagFin) != 0) s.OnRemoteFin();
        if ((flags & YamuxProtocol.FlagRst) != 0) s.OnRemoteReset();
        return null;
    }

    /// <summary>The most bytes of one data frame buffered before they arrive (the size of the largest frame js-yamux sends).</summary>
    internal const int ReadChunk = 64 * 1024;

    private async Task RunInboundAsync(YamuxStream s)
    {
        try
        {
            await _onInbound(s).ConfigureAwait(false);
        }
        catch (Exception)
        {
            s.Reset();
        }
    }

    private string? OnPing(ushort flags, uint opaque)
    {
        if ((flags & YamuxProtocol.FlagSyn) != 0) _ = SendHeaderSafeAsync(YamuxProtocol.TypePing, YamuxProtocol.FlagAck, 0, opaque);
        else if ((flags & YamuxProtocol.FlagAck) != 0 && _pings.TryRemove(opaque, out var tcs)) tcs.TrySetResult();
        return null;
    }

    private async ValueTask DiscardAsync(uint length)
    {
        if (length == 0) return;
        byte[] buf = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, 65536u));
        try
        {
            while (length > 0)
            {
                int n = (int)Math.Min(length, (uint)buf.Length);
                await ReadExactAsync(buf.AsMemory(0, n), allowEof: false).ConfigureAwait(false);
                length -= (uint)n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    private async ValueTask<bool> ReadExactAsync(Memory<byte> buf, bool allowEof)
    {
        int got = 0;
        while (got < buf.Length)
        {
            int n = await _transport.ReadAsync(buf[got..], _cts.Token).ConfigureAwait(false);
            if (n == 0)
            {
                if (allowEof && got == 0) return false;
                throw new P2PException(P2PErrorKind.Closed, $"yamux: connection closed inside a frame ({got} of {buf.Length} bytes)");
            }
            got += n;
        }
        return true;
    }

    /// <summary>Control frames queued behind the write lock; a peer that makes us queue more than this (ping floods while not reading) is cut off.</summary>
    private const int MaxPendingControl = 65536;
    private int _pendingControl;

    internal async Task SendHeaderSafeAsync(byte type, ushort flags, uint id, uint length)
    {
        if (Interlocked.Increment(ref _pendingControl) > MaxPendingControl)
        {
            Interlocked.Decrement(ref _pendingControl);
            Shutdown($"yamux: more than {MaxPendingControl} control frames pending (peer floods pings or streams without reading)");
            return;
        }
        try
        {
            await SendHeaderAsync(type, flags, id, length, _cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or P2PException)
        {
            // The session is going down; the reader records why.
        }
        finally
        {
            Interlocked.Decrement(ref _pendingControl);
        }
    }

    internal Task SendWindowUpdateAsync(uint id, uint delta, ushort flags, CancellationToken ct) =>
        SendHeaderAsync(YamuxProtocol.TypeWindowUpdate, flags, id, delta, ct);

    internal async Task SendHeaderAsync(byte type, ushort flags, uint id, uint length, CancellationToken ct)
    {
        if (IsClosed && type != YamuxProtocol.TypeGoAway) throw new P2PException(P2PErrorKind.Closed, "yamux: session closed" + (CloseReason is null ? "" : ": " + CloseReason));
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            WriteHeader(_scratch, type, flags, id, length);
            await _transport.WriteAsync(_scratch.AsMemory(0, YamuxProtocol.HeaderLength), ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes up to <paramref name="max"/> bytes of <paramref name="data"/> as data frames under one lock hold; returns bytes sent.</summary>
    internal async ValueTask<int> SendDataAsync(uint id, ReadOnlyMemory<byte> data, int max, CancellationToken ct)
    {
        if (IsClosed) throw new P2PException(P2PErrorKind.Closed, "yamux: session closed" + (CloseReason is null ? "" : ": " + CloseReason));
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int total = Math.Min(data.Length, max);
            int sent = 0, used = 0;
            while (sent < total && used + YamuxProtocol.HeaderLength < _scratch.Length)
            {
                int n = Math.Min(Math.Min(total - sent, _options.MaxSendFrame), _scratch.Length - used - YamuxProtocol.HeaderLength);
                WriteHeader(_scratch.AsSpan(used), YamuxProtocol.TypeData, 0, id, (uint)n);
                data.Span.Slice(sent, n).CopyTo(_scratch.AsSpan(used + YamuxProtocol.HeaderLength));
                used += YamuxProtocol.HeaderLength + n;
                sent += n;
            }
            await _transport.WriteAsync(_scratch.AsMemory(0, used), ct).ConfigureAwait(false);
            return sent;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void WriteHeader(Span<byte> dst, byte type, ushort flags, uint id, uint length)
    {
        dst[0] = 0;
        dst[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(dst[2..], flags);
        BinaryPrimitives.WriteUInt32BigEndian(dst[4..], id);
        BinaryPrimitives.WriteUInt32BigEndian(dst[8..], length);
    }

    internal void Forget(YamuxStream s)
    {
        if (_streams.TryRemove(new KeyValuePair<uint, YamuxStream>(s.Id, s)) && s.IsInbound) Interlocked.Decrement(ref _inbound);
    }

    private void Shutdown(string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        CloseReason = reason;
        _cts.Cancel();
        try
        {
            _transport.Dispose();
        }
        catch (IOException)
        {
            // Already broken.
        }
        foreach (var s in _streams.Values) s.OnSessionClosed(reason);
        _streams.Clear();
        foreach (var p in _pings.Values) p.TrySetException(new P2PException(P2PErrorKind.Closed, "yamux: session closed: " + reason));
        _closed.TrySetResult();
    }

    /// <summary>Drops the connection without a GoAway, as a crashed or vanished peer would (for tests and hard shutdowns).</summary>
    internal void Abort(string reason) => Shutdown(reason);

    /// <summary>Sends GoAway (normal) and closes the session and its streams.</summary>
    public async Task CloseAsync(string reason = "closed locally")
    {
        if (IsClosed) return;
        try
        {
            using var t = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendHeaderAsync(YamuxProtocol.TypeGoAway, 0, 0, YamuxProtocol.GoAwayNormal, t.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or P2PException)
        {
            // Closing anyway.
        }
        Shutdown(reason);
        if (_reader is not null)
        {
            try
            {
                await _reader.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The reader is stuck in a socket call that the dispose above will end.
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);
}
