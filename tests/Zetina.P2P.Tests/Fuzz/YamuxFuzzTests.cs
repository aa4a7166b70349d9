using System.Buffers.Binary;
using CsCheck;
using Xunit.Abstractions;
using Zetina.P2P.Yamux;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.P2P.Tests.Fuzz;

/// <summary>
/// Fuzzes a yamux session (the listener side) against a peer that sends the fuzzed frames and closes. Seeds: a real
/// exchange — a stream opened with a window update, data, a ping, a half-close, a second stream reset, a go-away.
/// The property: the session closes with a reason, whatever the frames (an exception other than the ones its read
/// loop handles would leave it open forever), and the streams the peer opened end.
/// </summary>
public sealed class YamuxFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static readonly byte[] Exchange =
    [
        .. Frame(1, 1, 1, 0),                         // window update, SYN: the peer opens stream 1
        .. Frame(0, 0, 1, 5), .. "hello"u8,           // data on stream 1
        .. Frame(2, 1, 0, 7),                         // ping, SYN
        .. Frame(0, 4, 1, 3), .. "bye"u8,             // data with FIN: half-close
        .. Frame(0, 1, 3, 2), .. "hi"u8,              // data, SYN: stream 3
        .. Frame(1, 8, 3, 0),                         // window update, RST: stream 3 reset
        .. Frame(3, 0, 0, 0),                         // go-away, normal
    ];

    [Fact]
    public void Session_FuzzedFrames_ClosesWithAReason() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(Exchange)), Property, output, cost: 10);

    internal static void Property(byte[] input) => RunAsync(input).GetAwaiter().GetResult();

    private static async Task RunAsync(byte[] input)
    {
        var inbound = new List<Task>();
        var session = new YamuxSession(new FeedStream(input), isClient: false, new YamuxOptions(), s =>
        {
            Task reader = DrainAsync(s);
            lock (inbound) inbound.Add(reader);
            return reader;
        });
        session.Start();
        try
        {
            await session.Completion.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new FuzzFailure($"yamux session still open {Bound.TotalSeconds} s after a {input.Length}-byte peer closed");
        }
        if (session.CloseReason is null) throw new FuzzFailure("yamux session closed without a reason");
        Task[] readers;
        lock (inbound) readers = [.. inbound];
        try
        {
            await Task.WhenAll(readers).WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new FuzzFailure($"a stream the peer opened was still readable {Bound.TotalSeconds} s after the session closed ({session.CloseReason})");
        }
        await session.DisposeAsync();
    }

    /// <summary>Reads a stream to its end; a reset or the session closing is a typed end.</summary>
    private static async Task DrainAsync(YamuxStream s)
    {
        var buf = new byte[4096];
        try
        {
            for (int i = 0; i < 100_000 && await s.ReadAsync(buf) > 0; i++) { }
        }
        catch (P2PException)
        {
            // Reset by the peer, or the session closed.
        }
    }

    private static byte[] Frame(byte type, ushort flags, uint id, uint length)
    {
        var h = new byte[YamuxProtocol.HeaderLength];
        h[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), flags);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), id);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(8), length);
        return h;
    }
}
