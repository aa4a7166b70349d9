using Zetina.Node.Cli;
using Zetina.P2P.Diagnostics;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench p2p</c>: stream throughput over yamux and Noise between two hosts, and gossipsub delivery latency
/// in a full mesh, all on loopback in this process (<see cref="P2PMeasurements"/>), so figures include both ends'
/// CPU cost. Exits 1 when a gossip message was lost.
/// </summary>
internal static class P2PBench
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "p2p"], "p2p throughput and gossip latency on loopback",
            "usage: zetina bench p2p [--json] [--megabytes N] [--hosts N] [--messages N] [--interval-ms N]", Run),
    ];

    private static int Run(CliArgs args)
    {
        bool json = args.Flag("json");
        int mb = args.Int("megabytes", 1024);
        int hosts = args.Int("hosts", 10);
        int messages = args.Int("messages", 1000);
        int intervalMs = args.Int("interval-ms", 2);
        args.Option("threads");
        args.RejectUnknown();
        if (mb <= 0 || hosts < 2 || messages <= 0 || intervalMs < 0) throw new CliUsageException("--megabytes, --messages > 0, --hosts >= 2, --interval-ms >= 0");
        var report = new BenchReport(json, jsonDigits: 3);
        return P2PCommands.RunNetwork("bench", async () =>
        {
            using var t = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            double mbps = await P2PMeasurements.StreamThroughputAsync((long)mb << 20, t.Token);
            Figure(report, "yamux_noise_stream", "MB/s", mbps);
            var g = await P2PMeasurements.GossipLatencyAsync(hosts, messages, 1024, TimeSpan.FromMilliseconds(intervalMs), t.Token);
            Figure(report, $"gossip_{hosts}_hosts_1KB_median", "ms", g.MedianMs);
            Figure(report, $"gossip_{hosts}_hosts_1KB_p99", "ms", g.P99Ms);
            int lost = g.Expected - g.Delivered;
            report.Notes.WriteLine($"gossip: {g.Delivered} of {g.Expected} deliveries ({messages} messages x {hosts - 1} receivers, one every {intervalMs} ms), {lost} lost");
            return lost == 0 ? 0 : 1;
        });
    }

    /// <summary>A figure of the whole machine: <c>threads</c> is every processor, since both hosts run in this process.</summary>
    private static void Figure(BenchReport report, string name, string unit, double value) =>
        report.Figure(new BenchResult("p2p", name, null, Environment.ProcessorCount, unit, value), r => $"{r.Name,-36} {r.Value,12:F3} {r.Unit}");
}
