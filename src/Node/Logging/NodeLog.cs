using System.Globalization;
using System.Text;

namespace Zetina.Node.Logging;

/// <summary>
/// Structured log lines in logfmt (<c>ts=… level=info event=job.heard job=0x… reward=…</c>), one per
/// event, so an operator can grep and a collector can parse. Thread-safe; writes to stderr by default.
/// </summary>
internal sealed class NodeLog(string component, TextWriter? writer = null)
{
    private static readonly object s_lock = new();
    private readonly TextWriter _out = writer ?? Console.Error;

    /// <summary>The component name written on every line (e.g. "executor-1").</summary>
    public string Component { get; } = component;

    /// <summary>Called with every line written, for tests and the node's event stream.</summary>
    public event Action<string, IReadOnlyList<KeyValuePair<string, string>>>? Written;

    public void Info(string evt, params (string Key, object? Value)[] fields) => Write("info", evt, fields);

    public void Warn(string evt, params (string Key, object? Value)[] fields) => Write("warn", evt, fields);

    public void Error(string evt, params (string Key, object? Value)[] fields) => Write("error", evt, fields);

    private void Write(string level, string evt, (string Key, object? Value)[] fields)
    {
        var sb = new StringBuilder(128);
        sb.Append("ts=").Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        sb.Append(" level=").Append(level).Append(" node=").Append(Component).Append(" event=").Append(evt);
        var pairs = new List<KeyValuePair<string, string>>(fields.Length);
        foreach (var (key, value) in fields)
        {
            string v = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            pairs.Add(new(key, v));
            sb.Append(' ').Append(key).Append('=');
            if (v.Length == 0 || v.AsSpan().IndexOfAny(" \"=") >= 0) sb.Append('"').Append(v.Replace("\"", "\\\"")).Append('"');
            else sb.Append(v);
        }
        lock (s_lock) _out.WriteLine(sb.ToString());
        Written?.Invoke(evt, pairs);
    }
}
