using CsCheck;
using Xunit.Abstractions;
using Zetina.P2P.Multistream;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.P2P.Tests.Fuzz;

/// <summary>
/// Fuzzes multistream-select as the listener and as the dialer, against a peer that sends the fuzzed bytes and
/// closes. Seeds: a dialer's real transcript (header, a refused proposal, <c>ls</c>, an accepted one) and a
/// listener's. The typed failure is <see cref="P2PException"/>.
/// </summary>
public sealed class MultistreamFuzzTests(ITestOutputHelper output)
{
    /// <summary>A line is at most 1 KiB; negotiation holds a few of them and the answers it writes.</summary>
    private const long PerInputByte = 16;
    private const long FixedBytes = 64 << 10;

    private static readonly string[] Supported = ["/yamux/1.0.0", "/ipfs/ping/1.0.0"];

    private static readonly byte[] DialerTranscript = Lines(MultistreamSelect.Id, "/mplex/6.7.0", "ls", "/yamux/1.0.0");

    private static readonly byte[] ListenerTranscript = Lines(MultistreamSelect.Id, "na", "/yamux/1.0.0");

    [Fact]
    public void HandleAsync_FuzzedDialer_SelectsOrThrowsP2PException() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(DialerTranscript)), input => ParserProperty.Holds(input,
            b => MultistreamSelect.HandleAsync(new FeedStream(b), Supported, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult(),
            e => e is P2PException, PerInputByte, FixedBytes), output);

    [Fact]
    public void SelectAsync_FuzzedListener_SelectsOrThrowsP2PException() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(ListenerTranscript)), input => ParserProperty.Holds(input,
            b => MultistreamSelect.SelectAsync(new FeedStream(b), ["/mplex/6.7.0", "/yamux/1.0.0"], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult(),
            e => e is P2PException, PerInputByte, FixedBytes), output);

    private static byte[] Lines(params string[] lines)
    {
        var b = new List<byte>();
        foreach (string l in lines)
        {
            byte[] text = System.Text.Encoding.UTF8.GetBytes(l + "\n");
            b.AddRange(Zetina.P2P.Encoding.Varint.Encode((ulong)text.Length));
            b.AddRange(text);
        }
        return b.ToArray();
    }
}
