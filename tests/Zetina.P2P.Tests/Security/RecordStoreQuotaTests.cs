using Zetina.P2P.Crypto;
using Zetina.P2P.Kademlia;

namespace Zetina.P2P.Tests.Security;

/// <summary>One publisher (or a crowd of them) tries to push everyone else's records out of the DHT store.</summary>
public class RecordStoreQuotaTests
{
    private static PeerId NewPeer() => PeerId.FromPublicKey(PrivateKey.Generate().PublicKey);

    private static KadRecord Rec(int key, int size) => new(BitConverter.GetBytes(key), new byte[size], null);

    private static RecordStore Store() => new(new RecordStoreLimits(MaxRecordSize: 100, MaxTotalBytes: 2_000, MaxRecords: 50, MaxBytesPerPeer: 500, MaxRecordsPerPeer: 10));

    [Fact]
    public void RecordStore_OnePeerFlood_EvictsOnlyItsOwnRecords()
    {
        var s = Store();
        var honest = NewPeer();
        var flooder = NewPeer();
        for (int i = 0; i < 3; i++) Assert.True(s.Put(Rec(i, 50), honest));
        for (int i = 1000; i < 11_000; i++) Assert.True(s.Put(Rec(i, 50), flooder));
        for (int i = 0; i < 3; i++) Assert.NotNull(s.Get(BitConverter.GetBytes(i)));
        Assert.Equal(3, s.CountOf(honest));
        Assert.True(s.CountOf(flooder) <= 10, $"flooder holds {s.CountOf(flooder)} records");
        Assert.NotNull(s.Get(BitConverter.GetBytes(10_999))); // its newest survive, its oldest went
        Assert.Null(s.Get(BitConverter.GetBytes(1000)));
    }

    [Fact]
    public void RecordStore_SybilsFillStore_LargestPublisherEvictedNotTheSmall()
    {
        var s = Store();
        var honest = NewPeer();
        Assert.True(s.Put(Rec(0, 20), honest));
        for (int p = 0; p < 20; p++)
        {
            var sybil = NewPeer();
            for (int i = 0; i < 10; i++) s.Put(Rec(100 * (p + 1) + i, 50), sybil);
        }
        Assert.NotNull(s.Get(BitConverter.GetBytes(0)));
        Assert.True(s.Bytes <= 2_000 && s.Count <= 50, $"store holds {s.Count} records, {s.Bytes} bytes");
    }

    [Fact]
    public void RecordStore_RecordLargerThanPeerQuota_RefusedAndNothingEvicted()
    {
        var s = new RecordStore(new RecordStoreLimits(MaxRecordSize: 1_000, MaxTotalBytes: 2_000, MaxRecords: 50, MaxBytesPerPeer: 500, MaxRecordsPerPeer: 10));
        var p = NewPeer();
        Assert.True(s.Put(Rec(1, 100), p));
        Assert.False(s.Put(Rec(2, 600), p));
        Assert.NotNull(s.Get(BitConverter.GetBytes(1)));
        Assert.Equal(1, s.Count);
    }

    [Fact]
    public void RecordStore_KeyStoredAgainByOtherPeer_MovesToNewPublisher()
    {
        var s = Store();
        var a = NewPeer();
        var b = NewPeer();
        Assert.True(s.Put(Rec(1, 10), a));
        Assert.True(s.Put(Rec(1, 20), b));
        Assert.Equal(0, s.CountOf(a));
        Assert.Equal(1, s.CountOf(b));
        Assert.Equal(24, s.Bytes);
    }

    [Fact]
    public async Task Kad_PutValueFromPeer_CountedAgainstThatPeer()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        var da = new KadDht(a);
        var db = new KadDht(b);
        await da.BootstrapAsync([TestHosts.AddrOf(b)], TestHosts.Ct());
        Assert.Single(await da.PutValueAsync("/v/x"u8.ToArray(), [9], TestHosts.Ct()));
        Assert.Equal(1, db.Store.CountOf(a.Id));
        Assert.Equal(1, da.Store.CountOf(a.Id));
        Assert.Equal(0, db.Store.CountOf(b.Id));
    }
}
