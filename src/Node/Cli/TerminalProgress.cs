using System.Diagnostics;
using System.Globalization;

namespace Zetina.Node.Cli;

/// <summary>
/// The prover's phase lines on stderr. On a terminal (stderr not redirected) one status line is rewritten in place
/// — the elapsed time and the current phase — and left standing when <see cref="Dispose"/> ends it; off a terminal
/// (a log file, a pipe) each phase line is written as it comes, unchanged, so logs stay greppable.
/// </summary>
internal sealed class TerminalProgress : IDisposable
{
    private readonly TextWriter _err;
    private readonly bool _inPlace;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _lock = new();
    private bool _dirty;

    /// <param name="err">Where lines go (stderr).</param>
    /// <param name="inPlace">Whether to rewrite one line in place: true on a terminal (<c>!Console.IsErrorRedirected</c>).</param>
    public TerminalProgress(TextWriter err, bool inPlace)
    {
        _err = err;
        _inPlace = inPlace;
    }

    /// <summary>For stderr as the process has it.</summary>
    public static TerminalProgress ForStderr() => new(Console.Error, !Console.IsErrorRedirected);

    /// <summary>Reports one phase line.</summary>
    public void Report(string line)
    {
        lock (_lock)
        {
            if (!_inPlace)
            {
                _err.WriteLine(line);
                return;
            }
            string text = string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1} s] {line}");
            int width = Width();
            if (text.Length > width - 1) text = text[..Math.Max(0, width - 1)];
            // CR returns to the line's start; ESC [ 2 K (ECMA-48 EL, erase in line) clears what a longer line left.
            _err.Write("\r\u001b[2K" + text);
            _err.Flush();
            _dirty = true;
        }
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    /// <summary>Ends the status line with a newline, so what follows starts on its own line.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_dirty) _err.WriteLine();
            _dirty = false;
        }
    }
}
