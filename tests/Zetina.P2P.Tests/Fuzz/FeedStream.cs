using Zetina.P2P.Encoding;

namespace Zetina.P2P.Tests.Fuzz;

/// <summary>A peer that sends <paramref name="input"/> and then closes; what it is sent is dropped.</summary>
internal sealed class FeedStream(byte[] input) : DuplexStream
{
    private int _pos;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int n = Math.Min(buffer.Length, input.Length - _pos);
        input.AsSpan(_pos, n).CopyTo(buffer.Span);
        _pos += n;
        return ValueTask.FromResult(n);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => ValueTask.CompletedTask;
}
