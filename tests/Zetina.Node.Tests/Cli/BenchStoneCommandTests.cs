using System.Text.Json;
using Zetina.Node.Tests.EndToEnd;

namespace Zetina.Node.Tests.Cli;

/// <summary>
/// <c>zetina bench prove --format stone</c>, run as its own process: its argument errors, and one small measurement
/// whose proof the bench itself verifies (it stops with an error when the proof does not verify).
/// </summary>
public sealed class BenchStoneCommandTests
{
    [Theory]
    [InlineData(new[] { "bench", "prove", "--format", "stone", "--lanes" }, "--format stone takes no --lanes, --stone-proof or --gpu")]
    [InlineData(new[] { "bench", "prove", "--format", "stone", "--case", "/nonexistent-case-dir" }, "--case: no such directory '/nonexistent-case-dir'")]
    [InlineData(new[] { "bench", "prove", "--format", "stone", "--case", "x", "--log-steps", "10" }, "--case takes no --log-steps or --layout")]
    [InlineData(new[] { "bench", "prove", "--format", "stone", "--log-steps", "8", "--layout", "nosuch" }, "--layout: unknown layout 'nosuch'")]
    [InlineData(new[] { "bench", "prove", "--format", "stone", "--log-steps", "8", "--params", "/nonexistent.json" }, "--params: no such file '/nonexistent.json'")]
    [InlineData(new[] { "bench", "prove", "--format", "cairo" }, "--format must be zetina or stone, got 'cairo'")]
    [InlineData(new[] { "bench", "prove", "--layout", "small" }, "--params and --layout go with --format stone")]
    public async Task BenchProveStone_BadArguments_AreUsageErrorsWithExitTwo(string[] args, string message)
    {
        using var p = new ZetinaProcess("bench-stone", args);
        Assert.True(await p.WaitForExitAsync(TimeSpan.FromSeconds(60)), "zetina did not exit within 60 s");
        Assert.Equal(2, p.ExitCode);
        Assert.Contains(message, p.Stderr);
    }

    [Fact]
    public async Task BenchProveStone_SmallRun_ReportsEveryFigure()
    {
        string dir = Directory.CreateTempSubdirectory("zetina-bench-stone-").FullName;
        try
        {
            string parameters = Path.Combine(dir, "params.json");
            // Blowup 2, 4 queries, no grinding: a quick proof that still exercises every phase.
            File.WriteAllText(parameters, """
                {"field": "PrimeField0", "stark": {"fri": {"fri_step_list": [0, 4, 3], "last_layer_degree_bound": 16,
                 "n_queries": 4, "proof_of_work_bits": 0}, "log_n_cosets": 1}, "use_extension_field": false}
                """);
            using var p = new ZetinaProcess("bench-stone", "bench", "prove", "--format", "stone", "--log-steps", "7",
                "--layout", "plain", "--params", parameters, "--json");
            Assert.True(await p.WaitForExitAsync(TimeSpan.FromSeconds(300)), "zetina did not exit within 300 s");
            Assert.True(p.ExitCode == 0, p.Stderr);
            var names = new HashSet<string>();
            foreach (string line in p.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                Assert.Equal("prove_stone", doc.RootElement.GetProperty("suite").GetString());
                Assert.Equal(7, doc.RootElement.GetProperty("log_size").GetInt32());
                Assert.True(doc.RootElement.GetProperty("value").GetDouble() > 0, line);
                names.Add(doc.RootElement.GetProperty("name").GetString()!);
            }
            Assert.Equal(new HashSet<string> { "prove_steps_per_s", "trace_s", "prove_s", "verify_ms", "proof_bytes", "peak_rss_bytes" }, names);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task BenchProveStone_FriStepsThatDoNotFitTheTrace_AreNamed()
    {
        string dir = Directory.CreateTempSubdirectory("zetina-bench-stone-").FullName;
        try
        {
            string parameters = Path.Combine(dir, "params.json");
            // 2^7 steps in plain: 2^11 rows, but 4 + 4 + log2(16) = 12.
            File.WriteAllText(parameters, """
                {"field": "PrimeField0", "stark": {"fri": {"fri_step_list": [0, 4, 4], "last_layer_degree_bound": 16,
                 "n_queries": 4, "proof_of_work_bits": 0}, "log_n_cosets": 1}, "use_extension_field": false}
                """);
            using var p = new ZetinaProcess("bench-stone", "bench", "prove", "--format", "stone", "--log-steps", "7",
                "--layout", "plain", "--params", parameters);
            Assert.True(await p.WaitForExitAsync(TimeSpan.FromSeconds(120)), "zetina did not exit within 120 s");
            Assert.Equal(2, p.ExitCode);
            Assert.Contains("fri_step_list [0, 4, 4] with last_layer_degree_bound 16 covers degree 2^12, but the trace has 2^11 rows", p.Stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
