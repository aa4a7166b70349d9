using System.Buffers;
using Zetina.P2P.Encoding;

namespace Zetina.P2P.Yamux;

/// <summary>
/// One yamux stream as a <see cref="Stream"/>. Reads return 0 after the remote's FIN; <see cref="CloseWriteAsync"/>
/// sends our FIN; <see cref="Reset"/> aborts both directions; disposing closes the write side (FIN) and forgets the stream.
/// </summary>
/// <remarks>
/// Flow control: the remote may send at most the window we granted; we grant more (a window update) once half of the
/// configured window has been read by the application. Writes wait for window from the remote.
/// One reader and one writer may run concurrently.
/// </remarks>
public sealed class YamuxStream : DuplexStream
{
    private readonly YamuxSession _session;
    private readonly object _lock = new();
    private readonly Queue<(byte[] Buf, int Off, int Len)> _queue = new();
    private TaskCompletionSource? _readWaiter;
    private TaskCompletionSource? _writeWaiter;
    private long _recvWindow = YamuxProtocol.InitialWindow;
    private long _sendWindow = YamuxProtocol.InitialWindow;
    private int _consumed;
    private int _headOffset;
    private bool _remoteFin, _localFin, _reset;
    private string? _resetReason;

    internal YamuxStream(YamuxSession session, uint id, bool inbound)
    {
        _session = session;
        Id = id;
        IsInbound = inbound;
        _recvWindow = session.Options.ReceiveWindow;
    }

    /// <summary>The yamux stream id.</summary>
    public uint Id { get; }

    /// <summary>True when the remote opened it.</summary>
    public bool IsInbound { get; }

    /// <summary>The protocol negotiated on it, once known.</summary>
    public string? Protocol { get; set; }

    internal bool TryReserveReceive(uint length)
    {
        lock (_lock)
        {
            if (length > _recvWindow) return false;
            _recvWindow -= length;
            return true;
        }
    }

    internal void Enqueue(byte[] buf, int len)
    {
        TaskCompletionSource? w;
        lock (_lock)
        {
            if (_reset)
            {
                ArrayPool<byte>.Shared.Return(buf);
                return;
            }
            _queue.Enqueue((buf, 0, len));
            w = _readWaiter;
            _readWaiter = null;
        }
        w?.TrySetResult();
    }

    internal void AddSendWindow(uint delta)
    {
        TaskCompletionSource? w;
        lock (_lock)
        {
            _sendWindow += delta;
            w = _writeWaiter;
            _writeWaiter = null;
        }
        w?.TrySetResult();
    }

    internal void OnRemoteFin()
    {
        TaskCompletionSource? w;
        bool done;
        lock (_lock)
        {
            _remoteFin = true;
            w = _readWaiter;
            _readWaiter = null;
            done = _localFin;
        }
        w?.TrySetResult();
        if (done) _session.Forget(this);
    }

    internal void OnRemoteReset() => Abort("stream reset by the remote");

    internal void OnSessionClosed(string reason) => Abort("connection closed: " + reason);

    private void Abort(string reason)
    {
        TaskCompletionSource? r, w;
        lock (_lock)
        {
            if (_reset) return;
            _reset = true;
            _resetReason = reason;
            r = _readWaiter;
            w = _writeWaiter;
            _readWaiter = _writeWaiter = null;
            while (_queue.Count > 0) ArrayPool<byte>.Shared.Return(_queue.Dequeue().Buf);
        }
        r?.TrySetResult();
        w?.TrySetResult();
        _session.Forget(this);
    }

    /// <summary>Aborts the stream in both directions and tells the remote (RST).</summary>
    public void Reset()
    {
        bool was;
        lock (_lock) was = _reset;
        if (was) return;
        Abort("stream reset locally");
        _ = _session.SendHeaderSafeAsync(YamuxProtocol.TypeWindowUpdate, YamuxProtocol.FlagRst, Id, 0);
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_queue.Count > 0)
                {
                    int total = 0;
                    while (_queue.Count > 0 && total < buffer.Length)
                    {
                        var (buf, _, len) = _queue.Peek();
                        int n = Math.Min(len - _headOffset, buffer.Length - total);
                        buf.AsSpan(_headOffset, n).CopyTo(buffer.Span[total..]);
                        total += n;
                        _headOffset += n;
                        if (_headOffset == len)
                        {
                            _queue.Dequeue();
                            ArrayPool<byte>.Shared.Return(buf);
                            _headOffset = 0;
                        }
                    }
                    _consumed += total;
                    int grant = 0;
                    if (_consumed >= _session.Options.ReceiveWindow / 2 && !_remoteFin)
                    {
                        grant = _consumed;
                        _consumed = 0;
                        _recvWindow += grant;
                    }
                    if (grant > 0) _ = _session.SendHeaderSafeAsync(YamuxProtocol.TypeWindowUpdate, 0, Id, (uint)grant);
                    return total;
                }
                if (_reset) throw new P2PException(P2PErrorKind.Closed, "yamux: " + _resetReason);
                if (_remoteFin) return 0;
                _readWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _readWaiter.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        while (buffer.Length > 0)
        {
            Task? wait = null;
            int allowed;
            lock (_lock)
            {
                if (_reset) throw new P2PException(P2PErrorKind.Closed, "yamux: " + _resetReason);
                if (_localFin) throw new InvalidOperationException("yamux: write after close");
                allowed = (int)Math.Min(_sendWindow, int.MaxValue);
                if (allowed == 0)
                {
                    _writeWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _writeWaiter.Task;
                }
            }
            if (wait is not null)
            {
                await wait.WaitAsync(ct).ConfigureAwait(false);
                continue;
            }
            int sent = await _session.SendDataAsync(Id, buffer, allowed, ct).ConfigureAwait(false);
            lock (_lock) _sendWindow -= sent;
            buffer = buffer[sent..];
        }
    }

    /// <summary>Sends FIN: the remote's reads end; our reads continue until the remote's FIN.</summary>
    public async Task CloseWriteAsync(CancellationToken ct = default)
    {
        bool done;
        lock (_lock)
        {
            if (_localFin || _reset) return;
            _localFin = true;
            done = _remoteFin;
        }
        try
        {
            await _session.SendHeaderAsync(YamuxProtocol.TypeData, YamuxProtocol.FlagFin, Id, 0, ct).ConfigureAwait(false);
        }
        catch (P2PException)
        {
            // Session gone: nothing left to close.
        }
        if (done) _session.Forget(this);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await CloseWriteAsync().ConfigureAwait(false);
        bool forget;
        lock (_lock) forget = _remoteFin || _reset;
        if (forget) _session.Forget(this);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _ = CloseWriteAsync();
        base.Dispose(disposing);
    }
}
