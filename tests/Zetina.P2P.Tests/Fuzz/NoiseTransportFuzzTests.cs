using CsCheck;
using Xunit.Abstractions;
using Zetina.P2P.Noise;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.P2P.Tests.Fuzz;

/// <summary>
/// Fuzzes the Noise transport's reader: mutations of real encrypted frames (three messages, one of them empty, one
/// split across reads by the caller's small buffer). Every byte changed must end in a <see cref="P2PException"/>
/// (decryption failed, or the connection closed inside a message), never another exception.
/// </summary>
public sealed class NoiseTransportFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[] SendKey = Enumerable.Repeat((byte)1, 32).ToArray();
    private static readonly byte[] ReceiveKey = Enumerable.Repeat((byte)2, 32).ToArray();

    /// <summary>The transport's own buffers (256 KiB receive, a 64 KiB message, four frames to send) come first.</summary>
    private const long PerInputByte = 16;
    private const long FixedBytes = 1 << 20;

    private static readonly byte[] Frames = Encrypt(["hello"u8.ToArray(), [], new byte[300]]);

    [Fact]
    public void ReadAsync_FuzzedFrames_ReadsOrThrowsP2PException() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(Frames)), input => ParserProperty.Holds(input, ReadAll, e => e is P2PException, PerInputByte, FixedBytes), output);

    private static void ReadAll(byte[] input)
    {
        using var t = new NoiseTransport(new FeedStream(input), SendKey, ReceiveKey);
        var buf = new byte[128];
        for (int i = 0; i < 100_000 && t.ReadAsync(buf).AsTask().GetAwaiter().GetResult() > 0; i++) { }
    }

    private static byte[] Encrypt(byte[][] messages)
    {
        var sink = new Capture();
        using var t = new NoiseTransport(sink, ReceiveKey, SendKey);
        foreach (byte[] m in messages) t.WriteAsync(m).AsTask().GetAwaiter().GetResult();
        return sink.Written.ToArray();
    }

    private sealed class Capture : Zetina.P2P.Encoding.DuplexStream
    {
        public List<byte> Written { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(0);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Written.AddRange(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
