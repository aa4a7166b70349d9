using Zetina.P2P.Encoding;

namespace Zetina.P2P.Tests.Security;

/// <summary>A peer declares a long message and sends a few bytes of it.</summary>
public class LengthPrefixedFloodTests
{
    private const int Declared = 4 * 1024 * 1024;

    private static MemoryStream Frame(ulong declared, int sent)
    {
        var m = new MemoryStream();
        m.Write(Varint.Encode(declared));
        m.Write(new byte[sent]);
        m.Position = 0;
        return m;
    }

    [Fact]
    public async Task LengthPrefixed_Declares4MiBSends10Bytes_AllocatesUnder128KiBAndFailsClosed()
    {
        using var s = Frame(Declared, 10);
        // A MemoryStream completes every read synchronously, so all of the read's allocations are on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<P2PException>(async () => await LengthPrefixed.ReadAsync(s, Declared, CancellationToken.None));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(P2PErrorKind.Closed, e.Kind);
        Assert.True(allocated < 128 * 1024, $"reading 10 bytes of a declared {Declared}-byte message allocated {allocated} bytes");
    }

    [Fact]
    public async Task LengthPrefixed_DeclaredOverLimit_FailsBeforeAllocatingTheBody()
    {
        using var s = Frame(ulong.MaxValue >> 1, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = await Assert.ThrowsAsync<P2PException>(async () => await LengthPrefixed.ReadAsync(s, Declared, CancellationToken.None));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(P2PErrorKind.Limit, e.Kind);
        Assert.True(allocated < 16 * 1024, $"refusing an oversized length allocated {allocated} bytes");
    }

    /// <summary>Hands out at most 1000 bytes per read, as a slow peer's stream would.</summary>
    private sealed class Trickle(Stream inner) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], ct);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task LengthPrefixed_MessageOfSeveralChunksInSmallReads_ReadWhole()
    {
        byte[] body = new byte[3 * LengthPrefixed.ChunkSize + 123];
        for (int i = 0; i < body.Length; i++) body[i] = (byte)(i * 7);
        var m = new MemoryStream();
        await LengthPrefixed.WriteAsync(m, body, CancellationToken.None);
        m.Position = 0;
        byte[]? got = await LengthPrefixed.ReadAsync(new Trickle(m), body.Length, CancellationToken.None);
        Assert.Equal(body, got);
        Assert.Null(await LengthPrefixed.ReadAsync(m, body.Length, CancellationToken.None));
    }
}
