namespace Zetina.Node.Cli;

/// <summary>
/// The arguments after a command's words: <c>--name value</c>, <c>--name=value</c>, bare flags and
/// positionals. Option names are compared with '_' and '-' treated alike, so cairo-run's
/// <c>--trace_file</c> and <c>--trace-file</c> both work.
/// </summary>
internal sealed class CliArgs
{
    private readonly List<string> _positionals = new();
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    private CliArgs() { }

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> are the option names that take no value.</summary>
    public static CliArgs Parse(ReadOnlySpan<string> args, IReadOnlyCollection<string> flags)
    {
        var result = new CliArgs();
        bool onlyPositionals = false;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (onlyPositionals || !a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                if (a == "--" && !onlyPositionals) { onlyPositionals = true; continue; }
                result._positionals.Add(a);
                continue;
            }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            name = Normalize(name);
            bool isFlag = false;
            foreach (string f in flags) if (Normalize(f) == name) { isFlag = true; break; }
            if (isFlag)
            {
                value ??= "true";
            }
            else if (value is null)
            {
                if (i + 1 >= args.Length) throw new CliUsageException($"option --{name} needs a value");
                value = args[++i];
            }
            if (!result._options.TryGetValue(name, out var list)) result._options[name] = list = new List<string>();
            list.Add(value);
        }
        return result;
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Has(string name) => _options.ContainsKey(Mark(name));

    public bool Flag(string name) => _options.TryGetValue(Mark(name), out var v) && v[^1] != "false";

    public string? Option(string name) => _options.TryGetValue(Mark(name), out var v) ? v[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(Mark(name), out var v) ? v : Array.Empty<string>();

    public string Required(string name) => Option(name) ?? throw new CliUsageException($"missing required option --{Normalize(name)}");

    public int Int(string name, int fallback)
    {
        string? s = Option(name);
        if (s is null) return fallback;
        return int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new CliUsageException($"option --{Normalize(name)} expects an integer, got '{s}'");
    }

    /// <summary>Fails when an option was given that no code asked for (typos should not pass silently).</summary>
    public void RejectUnknown()
    {
        foreach (string k in _options.Keys)
            if (!_consumed.Contains(k)) throw new CliUsageException($"unknown option --{k}");
    }

    private string Mark(string name)
    {
        string n = Normalize(name);
        _consumed.Add(n);
        return n;
    }

    private static string Normalize(string name) => name.Replace('_', '-');
}
