using System.Buffers.Binary;
using System.Diagnostics;
using Zetina.P2P.Gossipsub;
using Zetina.P2P.Host;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Diagnostics;

/// <summary>
/// The measurements behind <c>zetina bench p2p</c> and the BenchmarkDotNet P2P class: hosts on loopback in this
/// process, so figures include both ends' CPU cost.
/// </summary>
internal static class P2PMeasurements
{
    private const string SinkProtocol = "/zetina/bench/sink/1";

    /// <summary>
    /// Sends <paramref name="bytes"/> over one yamux stream over Noise between two hosts on 127.0.0.1 and returns MB/s
    /// (10^6 bytes per second), timed from the first write to the receiver's end of stream.
    /// </summary>
    public static async Task<double> StreamThroughputAsync(long bytes, CancellationToken ct)
    {
        await using var a = new Libp2pHost(new HostOptions { ListenAddresses = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")] });
        await using var b = new Libp2pHost(new HostOptions { ListenAddresses = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")] });
        await b.StartAsync(ct).ConfigureAwait(false);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.SetHandler(SinkProtocol, async s =>
        {
            var buf = new byte[256 * 1024];
            long total = 0;
            int n;
            while ((n = await s.Stream.ReadAsync(buf, ct).ConfigureAwait(false)) > 0) total += n;
            done.TrySetResult(Stopwatch.GetTimestamp());
        });
        await a.DialAsync(b.ListenAddresses[0].WithPeerId(b.Id), ct).ConfigureAwait(false);
        var st = await a.NewStreamAsync(b.Id, [SinkProtocol], ct).ConfigureAwait(false);
        var chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk);
        long start = Stopwatch.GetTimestamp();
        for (long sent = 0; sent < bytes; sent += chunk.Length)
            await st.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)), ct).ConfigureAwait(false);
        await st.CloseWriteAsync(ct).ConfigureAwait(false);
        long end = await done.Task.WaitAsync(ct).ConfigureAwait(false);
        double seconds = (end - start) / (double)Stopwatch.Frequency;
        return bytes / seconds / 1e6;
    }

    /// <summary>
    /// Starts <paramref name="hosts"/> hosts in a full mesh on one topic; host 0 publishes <paramref name="messages"/>
    /// messages of <paramref name="size"/> bytes (each carries its send timestamp), one every
    /// <paramref name="interval"/> (back to back when zero); returns the latency distribution over every delivery at
    /// the other hosts.
    /// </summary>
    public static async Task<GossipLatency> GossipLatencyAsync(int hosts, int messages, int size, TimeSpan interval, CancellationToken ct)
    {
        const string topic = "zetina/bench/1";
        var hs = new List<Libp2pHost>();
        var routers = new List<GossipsubRouter>();
        var lat = new List<double>(messages * (hosts - 1));
        object gate = new();
        try
        {
            for (int i = 0; i < hosts; i++)
            {
                var h = new Libp2pHost(new HostOptions { ListenAddresses = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")] });
                await h.StartAsync(ct).ConfigureAwait(false);
                var r = new GossipsubRouter(h, new GossipsubOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
                r.Subscribe(topic);
                if (i > 0)
                {
                    r.MessageReceived += m =>
                    {
                        long sentAt = BinaryPrimitives.ReadInt64LittleEndian(m.Data);
                        double ms = (Stopwatch.GetTimestamp() - sentAt) * 1000.0 / Stopwatch.Frequency;
                        lock (gate) lat.Add(ms);
                    };
                }
                hs.Add(h);
                routers.Add(r);
            }
            for (int i = 0; i < hosts; i++)
                for (int j = i + 1; j < hosts; j++)
                    await hs[i].DialAsync(hs[j].ListenAddresses[0].WithPeerId(hs[j].Id), ct).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (routers[0].TopicPeers(topic).Length < hosts - 1)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("gossip bench: subscriptions did not propagate");
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
            var payload = new byte[Math.Max(size, 8)];
            long t0 = Stopwatch.GetTimestamp();
            for (int k = 0; k < messages; k++)
            {
                if (interval > TimeSpan.Zero)
                {
                    // Pace against the schedule, not the previous send, so slow sends do not stretch the run.
                    var due = TimeSpan.FromTicks(interval.Ticks * k) - Stopwatch.GetElapsedTime(t0);
                    if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due, ct).ConfigureAwait(false);
                }
                Random.Shared.NextBytes(payload.AsSpan(8));
                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                routers[0].Publish(topic, payload);
            }
            int expected = messages * (hosts - 1);
            deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                lock (gate) if (lat.Count >= expected) break;
                if (DateTime.UtcNow > deadline) break;
                await Task.Delay(10, ct).ConfigureAwait(false);
            }
            double[] arr;
            lock (gate) arr = lat.ToArray();
            Array.Sort(arr);
            return new GossipLatency(arr.Length == 0 ? double.NaN : arr[arr.Length / 2], arr.Length == 0 ? double.NaN : arr[Math.Min(arr.Length - 1, arr.Length * 99 / 100)], arr.Length, expected);
        }
        finally
        {
            foreach (var r in routers) await r.DisposeAsync().ConfigureAwait(false);
            foreach (var h in hs) await h.DisposeAsync().ConfigureAwait(false);
        }
    }
}
