using Zetina.P2P.Multistream;

namespace Zetina.P2P.Encoding;

/// <summary>Varint-length-prefixed messages on a stream (the framing of identify, gossipsub and Kademlia).</summary>
public static class LengthPrefixed
{
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
    /// Throws <see cref="P2PException"/> (Limit) for a longer declared length, (Closed) when truncated.
    /// </summary>
    public static async ValueTask<byte[]?> ReadAsync(Stream s, int maxLength, CancellationToken ct)
    {
        ulong len;
        try
        {
            len = await Varint.ReadAsync(s, ct).ConfigureAwait(false);
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
        if (len > (ulong)maxLength) throw new P2PException(P2PErrorKind.Limit, $"message of {len} bytes exceeds the {maxLength}-byte limit");
        var buf = new byte[len];
        await MultistreamSelect.ReadExactAsync(s, buf, ct).ConfigureAwait(false);
        return buf;
    }
}
