using System.Globalization;
using System.Text;

namespace Zetina.Registry.Http.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/): a <c># HELP</c> and a <c># TYPE</c> line per
/// metric family, then one sample per line. Used by the registry's and the node's <c>/metrics</c>.
/// </summary>
public sealed class PrometheusText
{
    /// <summary>The Content-Type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4";

    private readonly StringBuilder _sb = new();

    /// <summary>Starts a metric family: <paramref name="type"/> is counter, gauge or histogram.</summary>
    public PrometheusText Family(string name, string type, string help)
    {
        _sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample, with an optional single label (its value escaped per the format).</summary>
    public PrometheusText Sample(string name, double value, string? label = null, string? labelValue = null)
    {
        _sb.Append(name);
        if (label is not null)
            _sb.Append('{').Append(label).Append("=\"").Append((labelValue ?? "").Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")).Append("\"}");
        _sb.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    /// <summary>A counter or gauge family with one unlabelled sample.</summary>
    public PrometheusText Single(string name, string type, string help, double value) => Family(name, type, help).Sample(name, value);

    /// <summary>A histogram's samples (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>), with an optional label; call <see cref="Family"/> first.</summary>
    public PrometheusText Histogram(string name, Histogram h, string? label = null, string? labelValue = null)
    {
        Histogram.Snapshot s = h.Read();
        string prefix = label is null ? "" : $"{label}=\"{labelValue}\",";
        for (int i = 0; i <= s.Bounds.Length; i++)
        {
            string le = i < s.Bounds.Length ? Format(s.Bounds[i]) : "+Inf";
            _sb.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(le).Append("\"} ").Append(s.Cumulative[i]).Append('\n');
        }
        string labels = label is null ? "" : $"{{{label}=\"{labelValue}\"}}";
        _sb.Append(name).Append("_sum").Append(labels).Append(' ').Append(Format(s.Sum)).Append('\n');
        _sb.Append(name).Append("_count").Append(labels).Append(' ').Append(s.Count).Append('\n');
        return this;
    }

    private static string Format(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The exposition written so far.</summary>
    public override string ToString() => _sb.ToString();
}
