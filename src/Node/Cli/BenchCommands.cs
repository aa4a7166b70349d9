using System.Text.Json;
using Zetina.Node.Bench;

namespace Zetina.Node.Cli;

/// <summary><c>zetina bench field</c>: quick figures for comparing machines (BenchmarkDotNet suites live in bench/).</summary>
internal static class BenchCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "field"], "field, hash and ECDSA throughput (under a minute)",
            "usage: zetina bench field [--json] [--threads N]\n" +
            "  --json       one JSON object per line: suite, name, threads, unit, value\n" +
            "  --threads N  run N copies at once and report aggregate time per operation (default 1)", Field),
    ];

    private static int Field(CliArgs args)
    {
        bool json = args.Flag("json");
        int threads = args.Int("threads", 1);
        args.RejectUnknown();
        if (args.Positionals.Count != 0) throw new CliUsageException($"unexpected argument '{args.Positionals[0]}'");
        if (threads < 1 || threads > 1024) throw new CliUsageException($"--threads must be between 1 and 1024, got {threads}");
        if (!json) Console.Out.WriteLine($"{"name",-24} {"value",12} unit    (threads {threads})");
        FieldBench.Run(threads, r =>
        {
            if (json) Console.Out.WriteLine(JsonSerializer.Serialize(r, BenchJsonContext.Default.BenchResult));
            else Console.Out.WriteLine($"{r.Name,-24} {r.Value,12:F2} {r.Unit}");
            Console.Out.Flush();
        });
        return 0;
    }
}
