using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Kademlia;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests.Interop;

public class JsKadTests
{
    private static async Task<(JsPeer Js, Zetina.P2P.Host.Libp2pHost Host, KadDht Dht, PeerId JsId)> SetupAsync(string? prefix = null)
    {
        var js = prefix is null ? await JsPeer.StartAsync() : await JsPeer.StartAsync("--protocol-prefix", prefix);
        var h = await TestHosts.StartAsync();
        var dht = new KadDht(h, new KadOptions { Protocol = prefix ?? KadProtocol.Id });
        var c = await h.DialAsync(Multiaddr.Parse(js.Addr), TestHosts.Ct());
        await c.Identified.Bounded();
        // js adds us to its routing table once identify lists the kad protocol and a ping succeeds.
        var jsId = PeerId.Parse(js.PeerId);
        var deadline = DateTime.UtcNow + TestHosts.Timeout;
        while (true)
        {
            var peers = await js.OkAsync(new JsonObject { ["cmd"] = "peers" });
            if (peers["routingTable"]!.AsArray().Any(x => (string?)x == h.Id.ToString())) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("js never added the C# peer to its routing table");
            await Task.Delay(50);
        }
        Assert.Equal(1, dht.Table.Count);
        return (js, h, dht, jsId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/zetina")]
    public async Task PutFromCSharp_GetFromJs_ReturnsValue(string? prefix)
    {
        var (js, h, dht, jsId) = await SetupAsync(prefix);
        if (prefix is not null) Assert.Equal("/zetina/kad/1.0.0", dht.ProtocolId);
        await using (js)
        await using (h)
        {
            byte[] key = System.Text.Encoding.UTF8.GetBytes("/v/from-csharp");
            var stored = await dht.PutValueAsync(key, [1, 2, 3, 4], TestHosts.Ct());
            Assert.Equal([jsId], stored);
            var r = await js.OkAsync(new JsonObject { ["cmd"] = "get", ["keyHex"] = Hex.Encode(key) });
            Assert.Equal("01020304", (string?)r["valueHex"]);
        }
    }

    [Fact]
    public async Task PutFromJs_GetFromCSharp_ServedOverGetValue()
    {
        var (js, h, dht, jsId) = await SetupAsync();
        await using (js)
        await using (h)
        {
            byte[] key = System.Text.Encoding.UTF8.GetBytes("/v/from-js");
            var put = await js.OkAsync(new JsonObject { ["cmd"] = "put", ["keyHex"] = Hex.Encode(key), ["valueHex"] = "aabbcc" });
            Assert.Contains(h.Id.ToString(), put["storedAt"]!.AsArray().Select(x => (string?)x));
            Assert.Equal([0xaa, 0xbb, 0xcc], dht.Store.Get(key)!.Value);

            var resp = await dht.RequestAsync(jsId, new KadMessage(KadMessageType.GetValue, key, null, []), null, TestHosts.Ct());
            Assert.Equal([0xaa, 0xbb, 0xcc], resp.Record!.Value);
            Assert.NotNull(resp.Record.TimeReceived);

            var got = await dht.GetValueAsync(key, 2, TestHosts.Ct());
            Assert.Equal([0xaa, 0xbb, 0xcc], got!.Value.Value);
        }
    }

    [Fact]
    public async Task FourMegabyteRecord_RoundTripsBothWays()
    {
        var (js, h, dht, jsId) = await SetupAsync();
        await using (js)
        await using (h)
        {
            byte[] value = RandomNumberGenerator.GetBytes(4_000_000);
            byte[] key = System.Text.Encoding.UTF8.GetBytes("/v/big-csharp");
            Assert.Equal([jsId], await dht.PutValueAsync(key, value, TestHosts.Ct()));
            var r = await js.OkAsync(new JsonObject { ["cmd"] = "get", ["keyHex"] = Hex.Encode(key) });
            Assert.Equal(Hex.Encode(value), (string?)r["valueHex"]);

            byte[] key2 = System.Text.Encoding.UTF8.GetBytes("/v/big-js");
            byte[] value2 = RandomNumberGenerator.GetBytes(4_000_000);
            await js.OkAsync(new JsonObject { ["cmd"] = "put", ["keyHex"] = Hex.Encode(key2), ["valueHex"] = Hex.Encode(value2) });
            var resp = await dht.RequestAsync(jsId, new KadMessage(KadMessageType.GetValue, key2, null, []), null, TestHosts.Ct());
            Assert.True(value2.AsSpan().SequenceEqual(resp.Record!.Value));
        }
    }
}
