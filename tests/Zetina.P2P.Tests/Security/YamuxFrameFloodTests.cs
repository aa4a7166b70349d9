using System.Buffers.Binary;
using Zetina.P2P.Tests.Transport;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Tests.Security;

/// <summary>A peer sends a yamux header declaring a window-sized data frame and only part of its body.</summary>
public class YamuxFrameFloodTests
{
    [Fact]
    public async Task YamuxFrame_Declares1MiBSends64KiB_ArrivedChunkDeliveredWithoutWaitingForTheRest()
    {
        var (a, b) = await SocketPair.CreateAsync();
        await using var _ = a;
        var firstChunk = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = new YamuxSession(b, isClient: false, new YamuxOptions(), async s =>
        {
            var buf = new byte[YamuxSession.ReadChunk];
            int got = 0;
            while (got < buf.Length)
            {
                int n = await s.ReadAsync(buf.AsMemory(got), TestHosts.Ct());
                if (n == 0) break;
                got += n;
            }
            firstChunk.TrySetResult(got);
        });
        session.Start();

        var frame = new byte[YamuxProtocol.HeaderLength + YamuxSession.ReadChunk];
        frame[1] = YamuxProtocol.TypeData;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), YamuxProtocol.FlagSyn);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), 1024 * 1024);
        await a.WriteAsync(frame, TestHosts.Ct());

        Assert.Equal(YamuxSession.ReadChunk, await firstChunk.Task.Bounded());
        Assert.False(session.IsClosed);
    }
}
