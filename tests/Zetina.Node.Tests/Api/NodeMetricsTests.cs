using Zetina.Node.Api;
using Zetina.Node.Executor;
using Zetina.Node.Proving;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Api;

/// <summary><see cref="NodeMetrics"/>'s proving phases: bounded labels, one observation per completed phase.</summary>
public sealed class NodeMetricsTests
{
    [Theory]
    [InlineData("trace: 65536 rows × 50 main (1.20 s)", "trace")]
    [InlineData("prove: 3.10 s (100 bits)", "prove")]
    [InlineData("run", "run")]
    [InlineData("", "other")]
    public void PhaseLabel_ProverLine_IsTheWordBeforeTheColon(string line, string label)
    {
        Assert.Equal(label, NodeMetrics.PhaseLabel(line));
    }

    [Fact]
    public void OnProgress_RunThenProverPhases_ObservesEachCompletedPhaseOnce()
    {
        var m = new NodeMetrics();
        Felt job = Felt.FromUInt64(9);
        foreach (string line in (string[])["run", "prove", "trace: 64 rows", "prove: 0.10 s", "proof: 100 bytes"])
            m.OnProgress(job, new ProvingProgress(line, 0));
        m.OnJobChanged(job, JobState.Won, null);
        // run (closed by "prove"), trace, prove, proof: four phases, one observation each.
        var counts = new Dictionary<string, long>();
        foreach (var (phase, h) in m.Phases) counts[phase] = h.Read().Count;
        Assert.Equal(new Dictionary<string, long> { ["run"] = 1, ["trace"] = 1, ["prove"] = 1, ["proof"] = 1 }, counts);
    }
}
