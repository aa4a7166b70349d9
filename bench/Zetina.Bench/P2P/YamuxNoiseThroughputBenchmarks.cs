using BenchmarkDotNet.Attributes;
using Zetina.P2P.Diagnostics;

namespace Zetina.Bench.P2P;

/// <summary>
/// One yamux stream over Noise between two hosts on 127.0.0.1 in this process: how many MB/s does a bulk
/// transfer reach? (The bar is 300 MB/s.) Each invocation opens fresh hosts, so handshake cost is included but
/// small next to the transfer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
public class YamuxNoiseThroughputBenchmarks
{
    /// <summary>Bytes transferred per invocation, in MiB.</summary>
    [Params(64, 256)]
    public int MiB { get; set; }

    /// <summary>Transfers <see cref="MiB"/> MiB; BenchmarkDotNet reports time per transfer (MB/s = MiB·1.048576 / seconds).</summary>
    [Benchmark]
    public Task<double> Transfer() => P2PMeasurements.StreamThroughputAsync((long)MiB << 20, CancellationToken.None);
}

/// <summary>
/// Gossipsub fan-out: 10 hosts in a full mesh, host 0 publishes 1 KB messages; the returned median latency is the
/// figure of interest (the bar is 20 ms), BenchmarkDotNet's time is the whole run.
/// </summary>
[SimpleJob(warmupCount: 0, iterationCount: 3, invocationCount: 1)]
public class GossipFanoutLatencyBenchmarks
{
    /// <summary>Milliseconds between publishes (0 = back to back).</summary>
    [Params(0, 2)]
    public int IntervalMs { get; set; }

    /// <summary>Publishes 1,000 messages and returns the median latency in milliseconds.</summary>
    [Benchmark]
    public async Task<double> PublishThousand() =>
        (await P2PMeasurements.GossipLatencyAsync(10, 1000, 1024, TimeSpan.FromMilliseconds(IntervalMs), CancellationToken.None).ConfigureAwait(false)).MedianMs;
}
