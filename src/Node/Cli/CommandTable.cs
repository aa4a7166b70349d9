using System.Reflection;
using Zetina.Node.Bench;
using Zetina.Cairo.Air;
using Zetina.Cairo.Errors;

namespace Zetina.Node.Cli;

/// <summary>
/// Every command of the binary, and the dispatch from argv to the longest matching command path.
/// Command groups register themselves in <see cref="All"/>, one line each.
/// </summary>
internal static class CommandTable
{
    /// <summary>All commands, in the order <c>zetina --help</c> lists them.</summary>
    public static readonly CliCommand[] All =
    [
        .. VersionCommand.Commands,
        .. DemoCommand.Commands,
        .. NodeCommands.Commands,
        .. CalibrateCommand.Commands,
        .. DelegateCommand.Commands,
        .. CryptoCommands.Commands,
        .. BenchSuites.Commands,
        .. P2PCommands.Commands,
        .. RegistryCommands.Commands,
        .. RunCommand.Commands,
        .. ProveCommands.Commands,
    ];

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            PrintOverview();
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] is "--version" or "-V")
        {
            Console.Out.WriteLine($"zetina {Version}");
            return 0;
        }

        CliCommand? best = null;
        foreach (CliCommand c in All)
        {
            if (c.Path.Length > args.Length) continue;
            bool match = true;
            for (int i = 0; i < c.Path.Length; i++) if (args[i] != c.Path[i]) { match = false; break; }
            if (match && (best is null || c.Path.Length > best.Path.Length)) best = c;
        }
        if (best is null)
        {
            PrintGroupHelp(args[0]);
            return 2;
        }

        var rest = args.AsSpan(best.Path.Length);
        foreach (string a in rest)
        {
            if (a is "--help" or "-h")
            {
                Console.Out.WriteLine(best.Usage.TrimEnd());
                return 0;
            }
        }

        try
        {
            return best.Run(CliArgsFor(rest));
        }
        catch (Exception e) when (e is CliUsageException or FormatException or IOException or UnauthorizedAccessException
                                       or CairoTraceException or CairoException)
        {
            // Bad input — a flag, a file, a program or a statement the prover cannot prove — named by the message.
            Console.Error.WriteLine($"zetina {string.Join(' ', best.Path)}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never a stack trace for the user: one line naming the failure; the exit code says it is ours.
            Console.Error.WriteLine($"zetina {string.Join(' ', best.Path)}: internal error ({e.GetType().Name}): {e.Message}");
            return 70;
        }
    }

    /// <summary>The informational version baked into the binary.</summary>
    public static string Version =>
        typeof(CommandTable).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static CliArgs CliArgsFor(ReadOnlySpan<string> rest) => CliArgs.Parse(rest, KnownFlags);

    /// <summary>Options that take no value, across all commands.</summary>
    private static readonly string[] KnownFlags =
    [
        "json", "single", "many", "proof-mode", "print-output", "wait", "dev-faucet", "gpu", "verbose",
        "no-trace", "quiet", "allow-missing-builtins", "secure-run", "follow", "dashboard", "lanes",
    ];

    private static void PrintOverview()
    {
        Console.Out.WriteLine($"zetina {Version} — a peer-to-peer network of Cairo STARK provers");
        Console.Out.WriteLine();
        Console.Out.WriteLine("usage: zetina COMMAND [options]   (zetina COMMAND --help for details)");
        Console.Out.WriteLine();
        foreach (CliCommand c in All)
            Console.Out.WriteLine($"  {string.Join(' ', c.Path),-28} {c.Summary}");
    }

    private static void PrintGroupHelp(string word)
    {
        bool any = false;
        foreach (CliCommand c in All)
        {
            if (c.Path[0] != word) continue;
            if (!any) Console.Error.WriteLine($"zetina {word}: choose a subcommand:");
            any = true;
            Console.Error.WriteLine($"  {string.Join(' ', c.Path),-28} {c.Summary}");
        }
        if (!any) Console.Error.WriteLine($"zetina: unknown command '{word}' (zetina --help lists them)");
    }
}
