using System.Globalization;
using System.Text.Json;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.P2P.Multiformats;
using Zetina.Registry.Ledger;

namespace Zetina.Node.Cli;

/// <summary>
/// What <c>zetina node</c> runs with: its flags over its config file (<c>--config F</c>, <see cref="NodeConfigFile"/>)
/// over the defaults. Each value is parsed by one routine whichever layer it came from; a bad one fails with a
/// <see cref="CliUsageException"/> naming the flag (<c>--max-queue: …</c>) or the file and key
/// (<c>node.json: key 'max_queue': …</c>).
/// </summary>
internal sealed record NodeSettings(NodeOptions Options, int Threads, bool Gpu, string? ConfigPath,
    Zetina.Stark.Parameters.ProofOptimization Optimize = Zetina.Stark.Parameters.ProofOptimization.Speed, string? BootloaderPath = null)
{
    /// <summary>Reads the flags in <paramref name="args"/> and the file <c>--config</c> names, flags first.</summary>
    public static NodeSettings From(CliArgs args)
    {
        string? path = args.Option("config");
        NodeConfigFile? file = null;
        if (path is not null)
        {
            try
            {
                file = NodeConfigFile.Load(path);
            }
            catch (FormatException e)
            {
                throw new CliUsageException(e.Message);
            }
        }
        var s = new Layers(args, file, path);
        var options = new NodeOptions
        {
            Name = "node",
            Role = s.Get("role", NodeCommands.ParseRole, NodeRole.Both),
            Listen = s.List("listen", CliParse.Multiaddr, [Multiaddr.Parse("/ip4/0.0.0.0/tcp/4001")]),
            Bootstrap = s.List("bootstrap", CliParse.Multiaddr, []),
            Registry = s.Required("registry", CliParse.Url),
            StarkKey = s.Required("key", (_, path) => NodeCommands.LoadKey(path)),
            DataDir = s.Get<string?>("data-dir", (_, t) => t, null),
            Api = s.Get<System.Net.IPEndPoint?>("api", CliParse.EndPoint, null),
            ApiTokenFile = s.Get<string?>("api-token-file", (_, t) => t, null),
            MaxReward = s.Get("max-reward", CliParse.Amount, NodeOptions.DefaultMaxReward),
            Executor = new ExecutorOptions
            {
                MinReward = s.Get("min-reward", CliParse.Amount, Amount.Zero),
                MinRewardPerMstep = s.Get("min-reward-per-mstep", NonNegativeNumber, 0.0),
                MaxSteps = s.Get("max-steps", CliParse.ULong, 1UL << 22),
                MaxConcurrent = s.Get("max-concurrent", Positive, 1),
                MaxQueue = s.Get("max-queue", Positive, JobQueue.DefaultCapacity),
                KeepFinished = s.Get("keep-finished", Positive, JobRecord.DefaultKeepFinished),
            },
        };
        if (options.ApiTokenFile is not null && options.Api is null) throw new CliUsageException("--api-token-file needs --api HOST:PORT");
        int threads = s.Get("threads", NonNegative, 0);
        bool gpu = args.Flag("gpu") || s.Get("gpu", Bool, false);
        var optimize = s.Get("optimize", (label, text) => OptimizeOption.Parse(text, Label(label)), Zetina.Stark.Parameters.ProofOptimization.Speed);
        string? bootloader = s.Get<string?>("bootloader", (_, t) => t, null);
        return new NodeSettings(options, threads, gpu, path, optimize, bootloader);
    }

    private static int Positive(string label, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 1
            ? v : throw new CliUsageException($"{Label(label)}: expected an integer of at least 1, got '{text}'");

    private static int NonNegative(string label, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0
            ? v : throw new CliUsageException($"{Label(label)}: expected a non-negative integer, got '{text}'");

    private static double NonNegativeNumber(string label, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && double.IsFinite(v)
            ? v : throw new CliUsageException($"{Label(label)}: expected a non-negative number, got '{text}'");

    private static bool Bool(string label, string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new CliUsageException($"{Label(label)}: expected true or false, got '{text}'"),
    };

    /// <summary>
    /// The parsers of <see cref="CliParse"/> prefix their option with "--"; a label that is already a sentence
    /// ("node.json: key 'x'") is passed through as the option's name with the prefix removed again.
    /// </summary>
    private static string Label(string option) => option.Contains(' ', StringComparison.Ordinal) ? option : "--" + option;

    /// <summary>The flag, else the file's key, else nothing; each value labelled with where it came from.</summary>
    private sealed class Layers(CliArgs args, NodeConfigFile? file, string? path)
    {
        public T Get<T>(string flag, Func<string, string, T> parse, T fallback)
        {
            if (args.Option(flag) is string t) return parse(flag, t);
            if (FileText(flag, out string label) is string f) return Parse(parse, label, f);
            return fallback;
        }

        public T Required<T>(string flag, Func<string, string, T> parse)
        {
            if (args.Option(flag) is string t) return parse(flag, t);
            if (FileText(flag, out string label) is string f) return Parse(parse, label, f);
            throw new CliUsageException(path is null
                ? $"missing required option --{flag}"
                : $"missing required option --{flag} (or key '{Key(flag)}' in {path})");
        }

        public IReadOnlyList<T> List<T>(string flag, Func<string, string, T> parse, IReadOnlyList<T> fallback)
        {
            var list = new List<T>();
            foreach (string t in args.Options(flag)) list.Add(parse(flag, t));
            if (list.Count > 0) return list;
            if (file is not null && file.Values.TryGetValue(Key(flag), out JsonElement e))
            {
                string label = $"{path}: key '{Key(flag)}'";
                if (e.ValueKind == JsonValueKind.String) return [Parse(parse, label, e.GetString()!)];
                if (e.ValueKind != JsonValueKind.Array) throw new CliUsageException($"{label}: expected a string or an array of strings");
                foreach (JsonElement x in e.EnumerateArray())
                    list.Add(x.ValueKind == JsonValueKind.String ? Parse(parse, label, x.GetString()!) : throw new CliUsageException($"{label}: expected an array of strings"));
            }
            return list.Count > 0 ? list : fallback;
        }

        /// <summary>Runs a flag's parser on a file value, its error naming the file and key instead of the flag.</summary>
        private static T Parse<T>(Func<string, string, T> parse, string label, string text)
        {
            try
            {
                return parse(label, text);
            }
            catch (CliUsageException e) when (e.Message.StartsWith("--" + label, StringComparison.Ordinal))
            {
                throw new CliUsageException(label + e.Message[(label.Length + 2)..]);
            }
        }

        private string? FileText(string flag, out string label)
        {
            label = $"{path}: key '{Key(flag)}'";
            if (file is null || !file.Values.TryGetValue(Key(flag), out JsonElement e)) return null;
            return e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new CliUsageException($"{label}: expected a string, a number or true/false, got {e.ValueKind}"),
            };
        }

        private static string Key(string flag) => flag.Replace('-', '_');
    }
}

