using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.EndToEnd;

/// <summary>
/// A <c>zetina</c> child process (the built zetina.dll under <c>dotnet</c>), its stdout and stderr
/// collected line by line. Disposal kills it by PID if it is still running. Every wait is bounded.
/// </summary>
internal sealed class ZetinaProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    public ZetinaProcess(string name, params string[] args)
    {
        Name = name;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ZetinaDll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>The first stdout line matching <paramref name="pattern"/>'s group 1, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForStdoutAsync(string pattern, TimeSpan timeout) => await WaitForAsync(_stdout, pattern, timeout).ConfigureAwait(false);

    /// <summary>The first stderr (log) line matching <paramref name="pattern"/>'s group 1, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLogAsync(string pattern, TimeSpan timeout) => await WaitForAsync(_stderr, pattern, timeout).ConfigureAwait(false);

    private async Task<string> WaitForAsync(ConcurrentQueue<string> lines, string pattern, TimeSpan timeout)
    {
        var re = new Regex(pattern);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            foreach (string line in lines)
            {
                Match m = re.Match(line);
                if (m.Success) return m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
            }
            if (_process.HasExited && sw.Elapsed > TimeSpan.FromSeconds(1))
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before printing /{pattern}/\nstdout:\n{Stdout}\nstderr:\n{Tail(Stderr)}");
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"{Name} did not print /{pattern}/ within {timeout.TotalSeconds:F0} s\nstdout:\n{Stdout}\nstderr:\n{Tail(Stderr)}");
    }

    /// <summary>Waits for the process to exit (bounded); false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            _process.WaitForExit(); // drain the async readers
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM (graceful shutdown).</summary>
    public void Terminate()
    {
        if (!_process.HasExited) Posix.Kill(_process.Id, 15);
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static string Tail(string s) => s.Length > 6000 ? "…" + s[^6000..] : s;

    /// <summary>The zetina.dll built beside the tests (same configuration).</summary>
    public static string ZetinaDll
    {
        get
        {
            string config = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            string p = Path.Combine(RepoPaths.Root, "src", "Node", "bin", config, "net10.0", "zetina.dll");
            if (!File.Exists(p)) throw new FileNotFoundException($"zetina.dll not built at {p}");
            return p;
        }
    }

    private static class Posix
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int sig);
    }
}
