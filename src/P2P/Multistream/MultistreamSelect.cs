using Zetina.P2P.Encoding;

namespace Zetina.P2P.Multistream;

/// <summary>
/// multistream-select 1.0 (libp2p specs, connections/README.md#protocol-negotiation): each message is
/// <c>varint(len) || utf8(line) || '\n'</c>; both sides first send <see cref="Id"/>; the dialer proposes
/// protocols one at a time, the listener echoes the one it accepts or answers <c>na</c>; <c>ls</c> asks the
/// listener for its list.
/// </summary>
public static class MultistreamSelect
{
    /// <summary>The protocol header.</summary>
    public const string Id = "/multistream/1.0.0";

    /// <summary>The longest line accepted (js-libp2p's limit).</summary>
    public const int MaxLineLength = 1024;

    private static void AppendLine(List<byte> buf, string line)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(line) + 1;
        Span<byte> v = stackalloc byte[Varint.MaxLength];
        int vl = Varint.Write(v, (ulong)n);
        for (int i = 0; i < vl; i++) buf.Add(v[i]);
        buf.AddRange(System.Text.Encoding.UTF8.GetBytes(line));
        buf.Add((byte)'\n');
    }

    private static async ValueTask WriteLinesAsync(Stream s, CancellationToken ct, params string[] lines)
    {
        var buf = new List<byte>(64);
        foreach (string l in lines) AppendLine(buf, l);
        await s.WriteAsync(buf.ToArray(), ct).ConfigureAwait(false);
        await s.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads one message and returns its line without the trailing newline.</summary>
    public static async ValueTask<string> ReadLineAsync(Stream s, CancellationToken ct)
    {
        ulong len;
        try
        {
            len = await Varint.ReadAsync(s, ct).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new P2PException(P2PErrorKind.Negotiation, "multistream: stream closed during negotiation", e);
        }
        catch (FormatException e)
        {
            throw new P2PException(P2PErrorKind.Negotiation, "multistream: " + e.Message, e);
        }
        if (len == 0 || len > MaxLineLength) throw new P2PException(P2PErrorKind.Negotiation, $"multistream: message length {len} outside 1..{MaxLineLength}");
        var b = new byte[len];
        await ReadExactAsync(s, b, ct).ConfigureAwait(false);
        if (b[^1] != (byte)'\n') throw new P2PException(P2PErrorKind.Negotiation, "multistream: message does not end with a newline");
        return System.Text.Encoding.UTF8.GetString(b, 0, b.Length - 1);
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="s"/> or throws a <see cref="P2PErrorKind.Closed"/> error.</summary>
    public static async ValueTask ReadExactAsync(Stream s, Memory<byte> buffer, CancellationToken ct)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await s.ReadAsync(buffer[got..], ct).ConfigureAwait(false);
            if (n == 0) throw new P2PException(P2PErrorKind.Closed, $"stream closed after {got} of {buffer.Length} bytes");
            got += n;
        }
    }

    /// <summary>
    /// As the dialer: proposes <paramref name="protocols"/> in order and returns the one the listener accepted.
    /// The header and the first proposal go out in one write. Throws <see cref="P2PException"/> (Negotiation) when none is accepted.
    /// </summary>
    public static async Task<string> SelectAsync(Stream s, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        if (protocols.Count == 0) throw new ArgumentException("no protocols to propose", nameof(protocols));
        await WriteLinesAsync(s, ct, Id, protocols[0]).ConfigureAwait(false);
        string header = await ReadLineAsync(s, ct).ConfigureAwait(false);
        if (header != Id) throw new P2PException(P2PErrorKind.Negotiation, $"multistream: expected header {Id}, got '{Trim(header)}'");
        for (int i = 0; ; i++)
        {
            string answer = await ReadLineAsync(s, ct).ConfigureAwait(false);
            if (answer == protocols[i]) return answer;
            if (answer != "na") throw new P2PException(P2PErrorKind.Negotiation, $"multistream: proposed '{protocols[i]}', got '{Trim(answer)}'");
            if (i + 1 >= protocols.Count)
                throw new P2PException(P2PErrorKind.Negotiation, $"multistream: peer supports none of {string.Join(", ", protocols)}");
            await WriteLinesAsync(s, ct, protocols[i + 1]).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// As the listener: answers proposals until one is in <paramref name="supported"/> and returns it.
    /// Answers <c>ls</c> with the supported list. Throws <see cref="P2PException"/> on a bad header or when the dialer gives up.
    /// </summary>
    public static async Task<string> HandleAsync(Stream s, IReadOnlyCollection<string> supported, CancellationToken ct)
    {
        string header = await ReadLineAsync(s, ct).ConfigureAwait(false);
        if (header != Id) throw new P2PException(P2PErrorKind.Negotiation, $"multistream: expected header {Id}, got '{Trim(header)}'");
        await WriteLinesAsync(s, ct, Id).ConfigureAwait(false);
        for (int rounds = 0; rounds < 64; rounds++)
        {
            string proposal = await ReadLineAsync(s, ct).ConfigureAwait(false);
            if (proposal == "ls")
            {
                var inner = new List<byte>();
                foreach (string p in supported) AppendLine(inner, p);
                inner.Add((byte)'\n');
                var outer = new List<byte>();
                outer.AddRange(Varint.Encode((ulong)inner.Count));
                outer.AddRange(inner);
                await s.WriteAsync(outer.ToArray(), ct).ConfigureAwait(false);
                continue;
            }
            bool ok = false;
            foreach (string p in supported) if (p == proposal) { ok = true; break; }
            if (ok)
            {
                await WriteLinesAsync(s, ct, proposal).ConfigureAwait(false);
                return proposal;
            }
            await WriteLinesAsync(s, ct, "na").ConfigureAwait(false);
        }
        throw new P2PException(P2PErrorKind.Negotiation, "multistream: more than 64 proposals rejected");
    }

    private static string Trim(string s) => s.Length > 64 ? s[..64] + "…" : s;
}
