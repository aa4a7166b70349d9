using Zetina.Node.Cli;

namespace Zetina.Node.Tests.Cli;

/// <summary><see cref="TerminalProgress"/>: phase lines unchanged off a terminal, one line rewritten in place on one.</summary>
public sealed class TerminalProgressTests
{
    [Fact]
    public void Report_OffTerminal_WritesEachLineUnchanged()
    {
        var w = new StringWriter { NewLine = "\n" };
        using (var p = new TerminalProgress(w, inPlace: false))
        {
            p.Report("trace: committed");
            p.Report("fri: 12 layers");
        }
        Assert.Equal("trace: committed\nfri: 12 layers\n", w.ToString());
    }

    [Fact]
    public void Report_OnTerminal_RewritesOneLineWithElapsedAndEndsWithNewline()
    {
        var w = new StringWriter { NewLine = "\n" };
        using (var p = new TerminalProgress(w, inPlace: true))
        {
            p.Report("trace: committed");
            p.Report("fri: 12 layers");
        }
        string text = w.ToString();
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.EndsWith("\n", text);
        Assert.Equal(2, text.Split('\r').Length - 1);
        Assert.Matches(@"\r\u001b\[2K\[\s*\d+\.\d s\] fri: 12 layers\n$", text);
    }
}
