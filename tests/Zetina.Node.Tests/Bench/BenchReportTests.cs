using Zetina.Node.Bench;
using Zetina.Node.Tests.Cli;

namespace Zetina.Node.Tests.Bench;

/// <summary>The one output path and the one repetition rule of every <c>zetina bench</c> suite.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchReportTests
{
    [Fact]
    public void Figure_Json_WritesOneRoundedLineOnStdoutAndNotesOnStderr()
    {
        (string stdout, string stderr) = Capture(() =>
        {
            var report = new BenchReport(json: true, jsonDigits: 3);
            report.Row("heading");
            report.Notes.WriteLine("device line");
            report.Figure(new BenchResult("gpu", "ntt.kernel", 20, null, "ms", 1.23456), r => "row " + r.Name);
        });
        Assert.Equal("{\"suite\":\"gpu\",\"name\":\"ntt.kernel\",\"log_size\":20,\"unit\":\"ms\",\"value\":1.235}\n", stdout);
        Assert.Equal("device line\n", stderr);
    }

    [Fact]
    public void Figure_Table_WritesTheRowFromTheUnroundedValueAndNoJson()
    {
        (string stdout, string stderr) = Capture(() =>
        {
            var report = new BenchReport(json: false, jsonDigits: 0);
            report.Row("heading");
            report.Notes.WriteLine("device line");
            report.Figure(new BenchResult("vm", "vm_bytes_per_step", null, 1, "bytes", 12.34), r => $"{r.Name} {r.Value:F2}");
            report.Figure(new BenchResult("prove", "prove_s", 16, 2, "s", 4.0));
        });
        Assert.Equal("heading\ndevice line\nvm_bytes_per_step 12.34\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Fastest_FiveRuns_WarmsUpOnceThenKeepsTheSmallestOfTheRuns()
    {
        double[] figures = [1.0, 9.0, 7.0, 3.0, 8.0, 5.0];
        int calls = 0;
        double best = BenchTiming.Fastest(5, () => figures[calls++]);
        Assert.Equal(6, calls);
        Assert.Equal(3.0, best);
    }

    private static (string Out, string Error) Capture(Action body)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        try
        {
            Console.SetOut(o);
            Console.SetError(e);
            body();
            return (o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
