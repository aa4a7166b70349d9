using System.Security.Cryptography;
using Zetina.P2P.Multistream;

namespace Zetina.P2P.Ping;

/// <summary>Ping (libp2p specs, ping/ping.md): the dialer writes 32 random bytes, the listener echoes them; repeatable on one stream.</summary>
public static class PingProtocol
{
    /// <summary>The protocol id.</summary>
    public const string Id = "/ipfs/ping/1.0.0";

    /// <summary>Payload size.</summary>
    public const int Size = 32;

    /// <summary>Echoes 32-byte payloads until the remote closes its side.</summary>
    public static async Task ServeAsync(Stream s, CancellationToken ct)
    {
        var buf = new byte[Size];
        while (true)
        {
            int got = 0;
            while (got < Size)
            {
                int n = await s.ReadAsync(buf.AsMemory(got), ct).ConfigureAwait(false);
                if (n == 0) return;
                got += n;
            }
            await s.WriteAsync(buf, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One round trip on <paramref name="s"/>; throws <see cref="P2PException"/> (Protocol) when the echo differs.</summary>
    public static async Task<TimeSpan> PingOnceAsync(Stream s, CancellationToken ct)
    {
        byte[] payload = RandomNumberGenerator.GetBytes(Size);
        var echo = new byte[Size];
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        await s.WriteAsync(payload, ct).ConfigureAwait(false);
        await MultistreamSelect.ReadExactAsync(s, echo, ct).ConfigureAwait(false);
        var rtt = System.Diagnostics.Stopwatch.GetElapsedTime(t0);
        if (!echo.AsSpan().SequenceEqual(payload)) throw new P2PException(P2PErrorKind.Protocol, "ping: echo differs from the payload sent");
        return rtt;
    }
}
