using System.Text.Json.Nodes;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests.Interop;

public class JsGossipsubTests
{
    private static Task<JsonObject> WaitSubscribed(JsPeer js, string peer, string topic) =>
        js.WaitEventAsync(e => (string?)e["event"] == "subscription-change" && (string?)e["peerId"] == peer
            && e["subscriptions"]!.AsArray().Any(s => (string?)s!["topic"] == topic && (bool)s["subscribe"]!), TestHosts.Timeout);

    [Fact]
    public async Task Publish_BothDirections_DeliveredWithAuthorAndJsMessageId()
    {
        await using var js = await JsPeer.StartAsync("--topics", "zt", "--heartbeat-ms", "100");
        await using var n = await GossipNode.StartAsync();
        n.Router.Subscribe("zt");
        await n.Host.DialAsync(Multiaddr.Parse(js.Addr), TestHosts.Ct());
        var jsId = PeerId.Parse(js.PeerId);
        await GossipNode.WaitUntilAsync(() => n.Router.TopicPeers("zt").Contains(jsId), "js subscription");
        await WaitSubscribed(js, n.Host.Id.ToString(), "zt");

        var sent = n.Router.Publish("zt", [0xca, 0xfe]);
        Assert.Contains(jsId, sent);
        var ev = await js.WaitEventAsync(e => (string?)e["event"] == "message" && (string?)e["dataHex"] == "cafe", TestHosts.Timeout);
        Assert.Equal(n.Host.Id.ToString(), (string?)ev["from"]);
        Assert.True((bool)ev["signed"]!);
        Assert.StartsWith(Hex.Encode(n.Host.Identity.PublicKey.ToProtobuf()), (string?)ev["msgIdHex"]);

        var r = await js.OkAsync(new JsonObject { ["cmd"] = "publish", ["topic"] = "zt", ["dataHex"] = "beef" });
        Assert.Contains(n.Host.Id.ToString(), r["recipients"]!.AsArray().Select(x => (string?)x));
        var got = await n.WaitMessageAsync(m => m.Data.AsSpan().SequenceEqual(new byte[] { 0xbe, 0xef }));
        Assert.Equal(jsId, got.From);
        Assert.Equal(jsId, got.ReceivedFrom);
    }

    [Fact]
    public async Task Line_JsCSharpJs_MessageCrossesCSharpOnce()
    {
        await using var js1 = await JsPeer.StartAsync("--topics", "line", "--heartbeat-ms", "100");
        await using var js2 = await JsPeer.StartAsync("--topics", "line", "--heartbeat-ms", "100");
        await using var n = await GossipNode.StartAsync();
        n.Router.Subscribe("line");
        await n.Host.DialAsync(Multiaddr.Parse(js1.Addr), TestHosts.Ct());
        await n.Host.DialAsync(Multiaddr.Parse(js2.Addr), TestHosts.Ct());
        var id1 = PeerId.Parse(js1.PeerId);
        var id2 = PeerId.Parse(js2.PeerId);
        await GossipNode.WaitUntilAsync(() => n.Router.MeshPeers("line").Length == 2, "C# mesh with both js peers");
        await WaitSubscribed(js1, n.Host.Id.ToString(), "line");

        await js1.OkAsync(new JsonObject { ["cmd"] = "publish", ["topic"] = "line", ["dataHex"] = "0a0b" });
        var ev = await js2.WaitEventAsync(e => (string?)e["event"] == "message" && (string?)e["dataHex"] == "0a0b", TestHosts.Timeout);
        Assert.Equal(js1.PeerId, (string?)ev["from"]);
        Assert.Equal(n.Host.Id.ToString(), (string?)ev["propagationSource"]);
        await Task.Delay(400);
        Assert.Single(js2.Events, e => (string?)e["event"] == "message" && (string?)e["dataHex"] == "0a0b");
        Assert.Single(n.Received, m => m.From.Equals(id1));
        Assert.DoesNotContain(n.Received, m => m.From.Equals(id2));
    }

    [Fact]
    public async Task Line_CSharpJsCSharp_MessageCrossesJsOnce()
    {
        await using var js = await JsPeer.StartAsync("--topics", "line2", "--heartbeat-ms", "100");
        await using var a = await GossipNode.StartAsync();
        await using var b = await GossipNode.StartAsync();
        a.Router.Subscribe("line2");
        b.Router.Subscribe("line2");
        await a.Host.DialAsync(Multiaddr.Parse(js.Addr), TestHosts.Ct());
        await b.Host.DialAsync(Multiaddr.Parse(js.Addr), TestHosts.Ct());
        await js.WaitEventAsync(e => (string?)e["event"] == "graft" && (string?)e["peerId"] == a.Host.Id.ToString(), TestHosts.Timeout);
        await js.WaitEventAsync(e => (string?)e["event"] == "graft" && (string?)e["peerId"] == b.Host.Id.ToString(), TestHosts.Timeout);
        var jsId = PeerId.Parse(js.PeerId);
        await GossipNode.WaitUntilAsync(() => a.Router.TopicPeers("line2").Contains(jsId), "js subscription");

        a.Router.Publish("line2", [1, 2, 3]);
        var got = await b.WaitMessageAsync(m => m.Data.AsSpan().SequenceEqual(new byte[] { 1, 2, 3 }));
        Assert.Equal(a.Host.Id, got.From);
        Assert.Equal(jsId, got.ReceivedFrom);
        await js.WaitEventAsync(e => (string?)e["event"] == "message" && (string?)e["dataHex"] == "010203", TestHosts.Timeout);
        await Task.Delay(400);
        Assert.Single(b.Received);
    }
}
