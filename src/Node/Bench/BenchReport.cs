using System.Text.Json;

namespace Zetina.Node.Bench;

/// <summary>
/// How every <c>zetina bench</c> suite prints: a table on stdout, or with <c>--json</c> one <see cref="BenchResult"/>
/// per line on stdout and nothing else there (device lines, notes and summaries go to stderr), so the output can be
/// piped straight into a JSON-lines reader.
/// </summary>
/// <param name="json">Whether <c>--json</c> was given.</param>
/// <param name="jsonDigits">Decimal digits each suite's JSON values are rounded to (null: not rounded); the table
/// rows format the unrounded value themselves.</param>
internal sealed class BenchReport(bool json, int? jsonDigits)
{
    /// <summary>Whether figures are written as JSON lines.</summary>
    public bool Json { get; } = json;

    /// <summary>Where lines that are not figures go: stdout for the table, stderr under <c>--json</c>.</summary>
    public TextWriter Notes => Json ? Console.Error : Console.Out;

    /// <summary>Writes one figure as soon as it is measured: its JSON line, or the table row <paramref name="row"/> makes of it.</summary>
    public void Figure(BenchResult figure, Func<BenchResult, string> row)
    {
        if (Json) Figure(figure);
        else Row(row(figure));
    }

    /// <summary>
    /// Writes a figure's JSON line, and nothing for the table: for suites whose table rows each combine several
    /// figures (written with <see cref="Row"/>).
    /// </summary>
    public void Figure(BenchResult figure)
    {
        if (Json) Write(JsonSerializer.Serialize(jsonDigits is int d ? figure with { Value = Math.Round(figure.Value, d) } : figure, BenchJsonContext.Default.BenchResult));
    }

    /// <summary>Writes a row of the table (or its heading); nothing under <c>--json</c>.</summary>
    public void Row(string line)
    {
        if (!Json) Write(line);
    }

    private static void Write(string line)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
