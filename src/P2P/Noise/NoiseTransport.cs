using System.Buffers.Binary;
using Zetina.P2P.Encoding;

namespace Zetina.P2P.Noise;

/// <summary>
/// The secure channel after the handshake: each transport message is
/// <code>
///   +--------+--------+-------------------------------+
///   | len (u16 BE)    | ChaCha20-Poly1305(plaintext) || tag(16)  |
///   +--------+--------+-------------------------------+
/// </code>
/// with at most <see cref="NoiseProtocol.MaxPlaintext"/> plaintext bytes per message.
/// </summary>
/// <remarks>
/// One reader and one writer may run concurrently; concurrent writers must be serialised by the caller (yamux does).
/// Writes batch up to four messages per socket write; reads pull up to 256 KiB per socket read and decrypt
/// straight into the caller's buffer when it can hold a whole message.
/// </remarks>
public sealed class NoiseTransport : DuplexStream
{
    private const int RxCapacity = 256 * 1024;
    private const int TxFrames = 4;
    private readonly Stream _inner;
    private readonly CipherState _send;
    private readonly CipherState _recv;
    private readonly byte[] _rx = new byte[RxCapacity];
    private int _rxStart, _rxEnd;
    private readonly byte[] _plain = new byte[NoiseProtocol.MaxPlaintext];
    private int _plainPos, _plainLen;
    private readonly byte[] _tx = new byte[TxFrames * (2 + NoiseProtocol.MaxMessage)];
    private int _disposed;

    internal NoiseTransport(Stream inner, byte[] sendKey, byte[] recvKey)
    {
        _inner = inner;
        _send = new CipherState(sendKey);
        _recv = new CipherState(recvKey);
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0) return 0;
        // A loop, not recursion: a peer may send any number of empty messages in a row.
        while (true)
        {
            if (_plainPos < _plainLen) return CopyPlain(buffer.Span);

            // Need the 2-byte length, then the whole message.
            if (!await FillAsync(2, ct).ConfigureAwait(false)) return 0;
            int len = BinaryPrimitives.ReadUInt16BigEndian(_rx.AsSpan(_rxStart));
            if (len < NoiseProtocol.TagLength) throw new P2PException(P2PErrorKind.Decryption, $"noise: transport message of {len} bytes is shorter than its tag");
            if (!await FillAsync(2 + len, ct).ConfigureAwait(false))
                throw new P2PException(P2PErrorKind.Closed, $"noise: connection closed inside a {len}-byte message ({_rxEnd - _rxStart - 2} bytes received)");
            var ciphertext = _rx.AsSpan(_rxStart + 2, len);
            int plainLen = len - NoiseProtocol.TagLength;
            bool direct = buffer.Length >= plainLen;
            bool ok = direct ? _recv.TryDecrypt([], ciphertext, buffer.Span) : _recv.TryDecrypt([], ciphertext, _plain);
            _rxStart += 2 + len;
            if (!ok) throw new P2PException(P2PErrorKind.Decryption, "noise: transport message does not authenticate");
            if (direct)
            {
                if (plainLen > 0) return plainLen;
                continue;
            }
            _plainPos = 0;
            _plainLen = plainLen;
        }
    }

    private int CopyPlain(Span<byte> dst)
    {
        int n = Math.Min(dst.Length, _plainLen - _plainPos);
        _plain.AsSpan(_plainPos, n).CopyTo(dst);
        _plainPos += n;
        return n;
    }

    /// <summary>Ensures <paramref name="count"/> buffered bytes; false on end of stream with nothing buffered beyond a boundary.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken ct)
    {
        while (_rxEnd - _rxStart < count)
        {
            if (_rxStart > 0 && _rx.Length - _rxStart < count + 4096)
            {
                Buffer.BlockCopy(_rx, _rxStart, _rx, 0, _rxEnd - _rxStart);
                _rxEnd -= _rxStart;
                _rxStart = 0;
            }
            int n = await _inner.ReadAsync(_rx.AsMemory(_rxEnd), ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (_rxEnd == _rxStart) return false;
                throw new P2PException(P2PErrorKind.Closed, $"noise: connection closed inside a message ({_rxEnd - _rxStart} bytes pending)");
            }
            _rxEnd += n;
        }
        return true;
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        while (buffer.Length > 0)
        {
            int used = 0;
            for (int f = 0; f < TxFrames && buffer.Length > 0; f++)
            {
                int n = Math.Min(buffer.Length, NoiseProtocol.MaxPlaintext);
                BinaryPrimitives.WriteUInt16BigEndian(_tx.AsSpan(used), (ushort)(n + NoiseProtocol.TagLength));
                _send.Encrypt([], buffer.Span[..n], _tx.AsSpan(used + 2, n + NoiseProtocol.TagLength));
                used += 2 + n + NoiseProtocol.TagLength;
                buffer = buffer[n..];
            }
            await _inner.WriteAsync(_tx.AsMemory(0, used), ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inner.Dispose();
            _send.Dispose();
            _recv.Dispose();
        }
        base.Dispose(disposing);
    }
}
