using Zetina.P2P.Encoding;
using Zetina.P2P.Host;
using Zetina.P2P.Kademlia;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Tests.Security;

/// <summary>A peer opens Kademlia streams and declares requests it never sends, or opens more streams than it needs.</summary>
[Collection(AllocationCollection.Name)]
public class KadStreamFloodTests
{
    private const int Declared = 4 * 1024 * 1024;

    /// <summary>Reads until the stream fails or ends; true when the server reset or closed it.</summary>
    private static async Task<bool> EndsAsync(YamuxStream s)
    {
        var buf = new byte[64];
        try
        {
            while (await s.ReadAsync(buf, TestHosts.Ct()) > 0)
            {
            }
            return true;
        }
        catch (P2PException e) when (e.Kind == P2PErrorKind.Closed)
        {
            return true;
        }
    }

    [Fact]
    public async Task KadStream_VarintFloodDeclaring4MiB_AllocatesLittleAndResets()
    {
        await using var victim = await TestHosts.StartAsync();
        await using var attacker = await TestHosts.StartAsync();
        var dht = new KadDht(victim, new KadOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
        await attacker.DialAsync(TestHosts.AddrOf(victim), TestHosts.Ct());
        const int streams = 16;
        var opened = new List<YamuxStream>();
        for (int i = 0; i < streams; i++) opened.Add(await attacker.NewStreamAsync(victim.Id, [dht.ProtocolId], TestHosts.Ct()));
        byte[] flood = [.. Varint.Encode(Declared), .. new byte[10]];

        long before = GC.GetTotalAllocatedBytes(precise: true);
        foreach (var s in opened) await s.WriteAsync(flood, TestHosts.Ct());
        foreach (var s in opened) Assert.True(await EndsAsync(s).Bounded());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Declared: 16 × 4 MiB = 64 MiB. Each stream may cost one 64 KiB chunk, plus the stacks' own small change.
        Assert.True(allocated < 8L * 1024 * 1024, $"{streams} streams declaring {Declared} bytes each made the process allocate {allocated} bytes");
        await AssertServesAsync(victim, dht);
    }

    [Fact]
    public async Task Kad_ManyConcurrentStreamsFromOnePeer_ExtraRefused_OthersServed()
    {
        await using var victim = await TestHosts.StartAsync();
        await using var attacker = await TestHosts.StartAsync();
        var options = new KadOptions { RequestTimeout = TestHosts.Timeout * 2 };
        var dht = new KadDht(victim, options);
        await attacker.DialAsync(TestHosts.AddrOf(victim), TestHosts.Ct());
        const int streams = 40;
        int refusedAtOpen = 0;
        var reads = new List<Task<bool>>();
        for (int i = 0; i < streams; i++)
        {
            try
            {
                var s = await attacker.NewStreamAsync(victim.Id, [dht.ProtocolId], TestHosts.Ct());
                reads.Add(EndsAsync(s));
            }
            catch (P2PException)
            {
                refusedAtOpen++;
            }
        }
        int expectRefused = streams - options.MaxInboundStreamsPerPeer;
        // Wait (bounded) until every stream over the cap has been reset.
        var deadline = DateTime.UtcNow + TestHosts.Timeout;
        while (refusedAtOpen + reads.Count(t => t.IsCompleted) < expectRefused && DateTime.UtcNow < deadline) await Task.Delay(20);
        int ended = reads.Count(t => t.IsCompleted);
        Assert.Equal(expectRefused, refusedAtOpen + ended);

        // Another peer is served while the attacker holds its 16.
        await AssertServesAsync(victim, dht);
        // The attacker's 16 are still open: none was reset to make room.
        Assert.Equal(ended, reads.Count(t => t.IsCompleted));
    }

    private static async Task AssertServesAsync(Libp2pHost victim, KadDht dht)
    {
        await using var honest = await TestHosts.StartAsync();
        var client = new KadDht(honest, new KadOptions { ServerMode = false });
        byte[] key = "/v/honest"u8.ToArray();
        var resp = await client.RequestAsync(victim.Id, new KadMessage(KadMessageType.PutValue, key, new KadRecord(key, [1, 2, 3], null), []),
            [victim.ListenAddresses[0]], TestHosts.Ct());
        Assert.Equal([1, 2, 3], resp.Record!.Value);
        Assert.Equal([1, 2, 3], dht.Store.Get(key)!.Value);
    }
}
