using System.Runtime.InteropServices;
using System.Text.Json;
using Zetina.P2P;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Host;
using Zetina.P2P.Kademlia;
using Zetina.P2P.Multiformats;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina p2p id|listen|publish|put|get|ping</c>: poke a libp2p network the way ipfs/libp2p debugging tools do.
/// Network failures exit 1 with one line on stderr; bad input exits 2.
/// </summary>
internal static class P2PCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["p2p", "id"], "print the peer id of a key file (created if missing)",
            "usage: zetina p2p id --key FILE [--key-type ed25519|secp256k1] [--json]", Id),
        new(["p2p", "listen"], "run a libp2p peer and print one JSON line per event",
            "usage: zetina p2p listen --listen MULTIADDR [--key FILE] [--dial MULTIADDR]... [--topic T]... [--kad-protocol ID]\n" +
            "  prints {\"event\":\"listening\",...}, then connected / disconnected / message lines until Ctrl-C or SIGTERM", Listen),
        new(["p2p", "publish"], "publish one gossipsub message through a peer",
            "usage: zetina p2p publish --dial MULTIADDR --topic T --data HEX [--key FILE] [--timeout SECONDS]", Publish),
        new(["p2p", "put"], "store a DHT record at the closest peers",
            "usage: zetina p2p put --dial MULTIADDR --key HEX --value-file FILE [--kad-protocol ID] [--timeout SECONDS] [--json]", Put),
        new(["p2p", "get"], "fetch a DHT record (value hex on stdout)",
            "usage: zetina p2p get --dial MULTIADDR --key HEX [--kad-protocol ID] [--timeout SECONDS]", Get),
        new(["p2p", "ping"], "ping a peer over /ipfs/ping/1.0.0",
            "usage: zetina p2p ping MULTIADDR [--count N] [--json]", Ping),
    ];

    private static KeyType ParseKeyType(string? s) => s switch
    {
        null or "ed25519" => KeyType.Ed25519,
        "secp256k1" => KeyType.Secp256k1,
        _ => throw new CliUsageException($"--key-type must be ed25519 or secp256k1, got '{s}'"),
    };

    private static PrivateKey LoadKey(string? path, KeyType type)
    {
        if (path is null) return PrivateKey.Generate(type);
        try
        {
            return KeyFile.LoadOrCreate(path, type);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"key file {path}: {e.Message}");
        }
    }

    private static Multiaddr ParseAddr(string s)
    {
        try
        {
            return Multiaddr.Parse(s);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"bad multiaddr '{s}': {e.Message}");
        }
    }

    private static byte[] ParseHex(string name, string s)
    {
        try
        {
            return Hex.Decode(s);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--{name}: {e.Message}");
        }
    }

    private static CancellationTokenSource Timeout(CliArgs args) => new(TimeSpan.FromSeconds(args.Int("timeout", 30)));

    private static KadOptions Kad(CliArgs args, bool server) => new() { Protocol = args.Option("kad-protocol") ?? KadProtocol.Id, ServerMode = server };

    private static async Task<P2PNode> StartNodeAsync(PrivateKey key, IReadOnlyList<Multiaddr> listen, KadOptions kad, CancellationToken ct) =>
        await P2PNode.StartAsync(new P2PNodeOptions { Host = new HostOptions { Identity = key, ListenAddresses = listen }, Kad = kad }, ct);

    /// <summary>Runs an async command body, mapping network failures to exit 1 with one line.</summary>
    internal static int RunNetwork(string what, Func<Task<int>> body)
    {
        try
        {
            return body().GetAwaiter().GetResult();
        }
        catch (P2PException e)
        {
            Console.Error.WriteLine($"zetina p2p {what}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"zetina p2p {what}: timed out");
            return 1;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"zetina p2p {what}: {e.Message}");
            return 1;
        }
    }

    private static void WriteJsonLine(Action<Utf8JsonWriter> body)
    {
        var buf = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buf))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        lock (Console.Out) Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buf.WrittenSpan));
    }

    private static int Id(CliArgs args)
    {
        string path = args.Required("key");
        var type = ParseKeyType(args.Option("key-type"));
        bool json = args.Flag("json");
        args.RejectUnknown();
        bool existed = File.Exists(path);
        var key = LoadKey(path, type);
        var id = PeerId.FromPublicKey(key.PublicKey);
        if (!existed) Console.Error.WriteLine($"zetina p2p id: created a new {type} key in {path}");
        if (json)
            WriteJsonLine(w =>
            {
                w.WriteString("peer_id", id.ToString());
                w.WriteString("cid", id.ToCidString());
                w.WriteString("key_type", type == KeyType.Ed25519 ? "ed25519" : "secp256k1");
                w.WriteString("public_key_hex", Hex.Encode(key.PublicKey.ToProtobuf()));
            });
        else Console.Out.WriteLine(id.ToString());
        return 0;
    }

    private static int Listen(CliArgs args)
    {
        var listen = new List<Multiaddr>();
        foreach (string a in args.Options("listen")) listen.Add(ParseAddr(a));
        if (listen.Count == 0) throw new CliUsageException("missing required option --listen");
        var key = LoadKey(args.Option("key"), ParseKeyType(args.Option("key-type")));
        var dials = new List<Multiaddr>();
        foreach (string a in args.Options("dial")) dials.Add(ParseAddr(a));
        var topics = args.Options("topic").ToArray();
        var kad = Kad(args, server: true);
        args.RejectUnknown();

        return RunNetwork("listen", async () =>
        {
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            await using var node = await StartNodeAsync(key, listen, kad, stop.Token);
            node.PeerConnected += (p, a) => WriteJsonLine(w => { w.WriteString("event", "connected"); w.WriteString("peer", p.ToString()); w.WriteString("addr", a.ToString()); });
            node.PeerDisconnected += (p, r) => WriteJsonLine(w => { w.WriteString("event", "disconnected"); w.WriteString("peer", p.ToString()); w.WriteString("reason", r); });
            node.MessageReceived += m => WriteJsonLine(w =>
            {
                w.WriteString("event", "message");
                w.WriteString("topic", m.Topic);
                w.WriteString("from", m.From.ToString());
                w.WriteString("received_from", m.ReceivedFrom.ToString());
                w.WriteString("data_hex", Hex.Encode(m.Data));
            });
            foreach (string t in topics) node.Subscribe(t);
            WriteJsonLine(w =>
            {
                w.WriteString("event", "listening");
                w.WriteString("peer_id", node.Id.ToString());
                w.WriteStartArray("addrs");
                foreach (var a in node.ListenAddresses) w.WriteStringValue(a.ToString());
                w.WriteEndArray();
                w.WriteStartArray("topics");
                foreach (string t in topics) w.WriteStringValue(t);
                w.WriteEndArray();
            });
            foreach (var d in dials)
            {
                try
                {
                    using var t = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    t.CancelAfter(TimeSpan.FromSeconds(15));
                    await node.DialAsync(d, t.Token);
                }
                catch (Exception e) when (e is P2PException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    if (stop.IsCancellationRequested) break;
                    WriteJsonLine(w => { w.WriteString("event", "dial_failed"); w.WriteString("addr", d.ToString()); w.WriteString("error", e.Message); });
                }
            }
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped by the operator.
            }
            Console.CancelKeyPress -= onCancel;
            WriteJsonLine(w => w.WriteString("event", "stopped"));
            return 0;
        });
    }

    private static int Publish(CliArgs args)
    {
        var dial = ParseAddr(args.Required("dial"));
        string topic = args.Required("topic");
        byte[] data = ParseHex("data", args.Required("data"));
        var key = LoadKey(args.Option("key"), KeyType.Ed25519);
        using var timeout = Timeout(args);
        args.RejectUnknown();
        return RunNetwork("publish", async () =>
        {
            await using var node = await StartNodeAsync(key, [], new KadOptions { ServerMode = false }, timeout.Token);
            await node.DialAsync(dial, timeout.Token);
            var sent = await node.PublishAsync(topic, data, waitForPeer: true, timeout.Token);
            WriteJsonLine(w =>
            {
                w.WriteString("topic", topic);
                w.WriteStartArray("recipients");
                foreach (var p in sent) w.WriteStringValue(p.ToString());
                w.WriteEndArray();
            });
            return sent.Length > 0 ? 0 : 1;
        });
    }

    private static int Put(CliArgs args)
    {
        var dial = ParseAddr(args.Required("dial"));
        byte[] recordKey = ParseHex("key", args.Required("key"));
        string file = args.Required("value-file");
        var kad = Kad(args, server: false);
        bool json = args.Flag("json");
        using var timeout = Timeout(args);
        args.RejectUnknown();
        byte[] value = File.ReadAllBytes(file);
        return RunNetwork("put", async () =>
        {
            await using var node = await StartNodeAsync(PrivateKey.Generate(), [], kad, timeout.Token);
            await node.DialAsync(dial, timeout.Token);
            var stored = await node.PutAsync(recordKey, value, timeout.Token);
            if (json)
                WriteJsonLine(w =>
                {
                    w.WriteNumber("bytes", value.Length);
                    w.WriteStartArray("stored_at");
                    foreach (var p in stored) w.WriteStringValue(p.ToString());
                    w.WriteEndArray();
                });
            else foreach (var p in stored) Console.Out.WriteLine(p.ToString());
            if (stored.Count == 0) Console.Error.WriteLine("zetina p2p put: no peer accepted the record");
            return stored.Count > 0 ? 0 : 1;
        });
    }

    private static int Get(CliArgs args)
    {
        var dial = ParseAddr(args.Required("dial"));
        byte[] recordKey = ParseHex("key", args.Required("key"));
        var kad = Kad(args, server: false);
        using var timeout = Timeout(args);
        args.RejectUnknown();
        return RunNetwork("get", async () =>
        {
            await using var node = await StartNodeAsync(PrivateKey.Generate(), [], kad, timeout.Token);
            await node.DialAsync(dial, timeout.Token);
            byte[]? v = await node.GetAsync(recordKey, 1, timeout.Token);
            if (v is null)
            {
                Console.Error.WriteLine("zetina p2p get: record not found");
                return 1;
            }
            Console.Out.WriteLine(Hex.Encode(v));
            return 0;
        });
    }

    private static int Ping(CliArgs args)
    {
        if (args.Positionals.Count != 1) throw new CliUsageException("expected one MULTIADDR (with /p2p/ID)");
        var addr = ParseAddr(args.Positionals[0]);
        int count = args.Int("count", 3);
        bool json = args.Flag("json");
        using var timeout = Timeout(args);
        args.RejectUnknown();
        return RunNetwork("ping", async () =>
        {
            await using var node = await StartNodeAsync(PrivateKey.Generate(), [], new KadOptions { ServerMode = false }, timeout.Token);
            var c = await node.Host.DialAsync(addr, timeout.Token);
            for (int i = 0; i < count; i++)
            {
                var rtt = await node.PingAsync(c.RemotePeer, timeout.Token);
                if (json) WriteJsonLine(w => { w.WriteString("peer", c.RemotePeer.ToString()); w.WriteNumber("rtt_ms", Math.Round(rtt.TotalMilliseconds, 3)); });
                else Console.Out.WriteLine($"pong from {c.RemotePeer}: {rtt.TotalMilliseconds:F3} ms");
            }
            return 0;
        });
    }
}
