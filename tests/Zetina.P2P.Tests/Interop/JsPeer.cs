using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zetina.Tests.Shared;

namespace Zetina.P2P.Tests.Interop;

/// <summary>
/// The js-libp2p interop peer (../shared/interop/js-libp2p-peer) as a child process driven by JSON lines.
/// Uses ZETINA_JS_PEER_DIR when set, else installs it once per test run with scripts/install-js-peer.
/// Every wait is bounded; the process is killed by its PID on dispose.
/// </summary>
internal sealed class JsPeer : IAsyncDisposable
{
    private static readonly Lazy<string> s_dir = new(InstallDir, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _proc;
    private readonly List<JsonObject> _events = new();
    private readonly System.Text.StringBuilder _stderr = new();
    private int _nextId;

    private JsPeer(Process p) => _proc = p;

    public string PeerId { get; private set; } = "";
    public string Addr { get; private set; } = "";

    private static string InstallDir()
    {
        string? env = Environment.GetEnvironmentVariable("ZETINA_JS_PEER_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            if (!File.Exists(Path.Combine(env, "peer.mjs"))) throw new InvalidOperationException($"ZETINA_JS_PEER_DIR={env} has no peer.mjs");
            return env;
        }
        string script = Path.Combine(RepoPaths.Root, "scripts", "install-js-peer");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("cannot run scripts/install-js-peer (bash missing?): " + e.Message);
        }
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(180_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/install-js-peer took more than 180 s");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"scripts/install-js-peer failed (exit {p.ExitCode}); the interop tests need node >= 20 and npm: {errTask.Result}");
        return outTask.Result.Trim();
    }

    public static async Task<JsPeer> StartAsync(params string[] args)
    {
        string dir = s_dir.Value;
        var psi = new ProcessStartInfo("node", [Path.Combine(dir, "peer.mjs"), .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir,
        };
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("cannot start node for the js-libp2p interop peer: " + e.Message);
        }
        var peer = new JsPeer(p);
        _ = Task.Run(peer.PumpStdoutAsync);
        _ = Task.Run(async () =>
        {
            string? line;
            while ((line = await p.StandardError.ReadLineAsync()) is not null) lock (peer._stderr) peer._stderr.AppendLine(line);
        });
        var listening = await peer.WaitEventAsync(e => (string?)e["event"] == "listening", TimeSpan.FromSeconds(20));
        peer.PeerId = (string)listening["peerId"]!;
        peer.Addr = (string)listening["addrs"]![0]!;
        return peer;
    }

    private async Task PumpStdoutAsync()
    {
        string? line;
        while ((line = await _proc.StandardOutput.ReadLineAsync()) is not null)
        {
            JsonObject? o;
            try
            {
                o = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }
            if (o is null) continue;
            lock (_events)
            {
                _events.Add(o);
                Monitor.PulseAll(_events);
            }
        }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public JsonObject[] Events
    {
        get { lock (_events) return _events.ToArray(); }
    }

    public async Task<JsonObject> WaitEventAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_events)
            {
                foreach (var e in _events) if (match(e)) return e;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"js peer: expected event not seen within {timeout.TotalSeconds} s; events: {string.Join("\n", Events.Select(e => e.ToJsonString()))}\nstderr: {Stderr}");
            if (_proc.HasExited && DateTime.UtcNow > deadline - timeout + TimeSpan.FromSeconds(1))
            {
                lock (_events) foreach (var e in _events) if (match(e)) return e;
                throw new InvalidOperationException($"js peer exited with {_proc.ExitCode}; stderr: {Stderr}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Sends a command and returns its result line (ok true or false).</summary>
    public async Task<JsonObject> CommandAsync(JsonObject cmd, TimeSpan? timeout = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        cmd["id"] = id;
        await _proc.StandardInput.WriteLineAsync(cmd.ToJsonString());
        await _proc.StandardInput.FlushAsync();
        return await WaitEventAsync(e => (string?)e["event"] == "result" && e["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && (int)v == id,
            timeout ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>Sends a command and fails unless it succeeded.</summary>
    public async Task<JsonObject> OkAsync(JsonObject cmd, TimeSpan? timeout = null)
    {
        var r = await CommandAsync(cmd, timeout);
        if (r["ok"] is not JsonValue ok || !(bool)ok) throw new InvalidOperationException($"js command {cmd.ToJsonString()} failed: {r.ToJsonString()}\nstderr: {Stderr}");
        return r;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_proc.HasExited)
            {
                try
                {
                    _proc.StandardInput.Close();
                }
                catch (IOException)
                {
                    // Already gone.
                }
                using var t = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _proc.WaitForExitAsync(t.Token);
                }
                catch (OperationCanceledException)
                {
                    _proc.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _proc.Dispose();
        }
    }
}
