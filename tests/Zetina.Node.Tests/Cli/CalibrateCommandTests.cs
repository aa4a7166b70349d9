using System.Text.Json;
using Zetina.Node.Cli;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina calibrate</c>: the formulas of docs/operating.md and a short real run.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CalibrateCommandTests
{
    [Fact]
    public void Compute_KnownInputs_FollowsTheDocumentedFormula()
    {
        // 3.6 per hour at 50 % utilisation = 0.002 per second; at 1000 steps/s, 2e-6 per step = 2 per Msteps; +20 % = 2.4.
        var c = CalibrateCommand.Compute(stepsPerSecond: 1000, costPerHour: 3.6, utilization: 0.5, margin: 0.2);
        Assert.Equal(0.002, c.CostPerSecond, 12);
        Assert.Equal(2.0, c.BreakEvenPerMstep, 9);
        Assert.Equal(2.4, c.MinRewardPerMstep, 9);
    }

    [Fact]
    public void Calibrate_TinyLogSizeJson_PrintsBenchStyleFiguresWithMargin()
    {
        var r = ConsoleCapture.Run("calibrate", "--log-steps", "6", "--threads", "1", "--cost-per-hour", "3.6", "--margin", "0.5", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var figures = new Dictionary<string, double>();
        foreach (string line in r.Lines)
        {
            using JsonDocument d = JsonDocument.Parse(line);
            Assert.Equal("calibrate", d.RootElement.GetProperty("suite").GetString());
            figures[d.RootElement.GetProperty("name").GetString()!] = d.RootElement.GetProperty("value").GetDouble();
        }
        Assert.True(figures["steps_per_s"] > 0);
        Assert.Equal(0.001, figures["cost_per_s"], 6);
        Assert.Equal(figures["break_even_reward_per_mstep"] * 1.5, figures["min_reward_per_mstep"], 3);
    }

    [Theory]
    [InlineData("--utilization", "0")]
    [InlineData("--utilization", "1.5")]
    [InlineData("--margin", "-1")]
    [InlineData("--log-steps", "40")]
    public void Calibrate_BadOption_ExitTwoNamingIt(string option, string value)
    {
        var r = ConsoleCapture.Run("calibrate", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Error);
    }
}
