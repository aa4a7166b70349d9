namespace Zetina.P2P.Encoding;

/// <summary>Varint-length-prefixed messages on a stream (the framing of identify, gossipsub and Kademlia).</summary>
public static class LengthPrefixed
{
    /// <summary>
    /// The most bytes allocated ahead of the bytes that fill them. A message declared longer than this is read into a
    /// buffer that starts at this size and doubles only once it is full, so a peer that declares megabytes and sends
    /// a handful costs this much, not what it declared.
    /// </summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Writes <c>varint(len) || message</c> in one write.</summary>
    public static async ValueTask WriteAsync(Stream s, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var buf = new byte[Varint.SizeOf((ulong)message.Length) + message.Length];
        int n = Varint.Write(buf, (ulong)message.Length);
        message.Span.CopyTo(buf.AsSpan(n));
        await s.WriteAsync(buf, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one message of at most <paramref name="maxLength"/> bytes; null at a clean end of stream.
    /// Throws <see cref="P2PException"/> (Limit) for a longer declared length, before reading any of it;
    /// (Closed) when truncated.
    /// </summary>
    /// <remarks>
    /// Memory follows the bytes received, not the length declared: at most <see cref="ChunkSize"/> before the first
    /// byte, and never more than twice what arrived once past it.
    /// </remarks>
    public static async ValueTask<byte[]?> ReadAsync(Stream s, int maxLength, CancellationToken ct)
    {
        ulong declared;
        try
        {
            declared = await Varint.ReadAsync(s, ct).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            if (e.Message == "stream closed") return null;
            throw new P2PException(P2PErrorKind.Closed, e.Message, e);
        }
        catch (FormatException e)
        {
            throw new P2PException(P2PErrorKind.Protocol, e.Message, e);
        }
        if (declared > (ulong)maxLength) throw new P2PException(P2PErrorKind.Limit, $"message of {declared} bytes exceeds the {maxLength}-byte limit");
        int len = (int)declared;
        var buf = new byte[Math.Min(len, ChunkSize)];
        int got = 0;
        while (got < len)
        {
            if (got == buf.Length) Array.Resize(ref buf, (int)Math.Min(2L * buf.Length, len));
            int n = await s.ReadAsync(buf.AsMemory(got), ct).ConfigureAwait(false);
            if (n == 0) throw new P2PException(P2PErrorKind.Closed, $"stream closed after {got} of {len} bytes");
            got += n;
        }
        return buf;
    }
}
