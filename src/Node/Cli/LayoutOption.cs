using Zetina.Cairo.Run;

namespace Zetina.Node.Cli;

/// <summary>
/// The <c>--layout</c> value of the commands that run a program (and the node API's <c>layout</c> field):
/// <see cref="CairoLayout.Auto"/>, the default, picks <see cref="CairoLayout.SmallestFor"/> the program's declared
/// builtins; any other value names a published layout and wins.
/// </summary>
internal static class LayoutOption
{
    /// <summary>
    /// The layout <paramref name="name"/> asks for, given the program's declared builtins; null with
    /// <paramref name="error"/> naming the problem (an unknown layout name, or builtins no published layout has).
    /// <paramref name="chosen"/> is true when the layout was chosen for the program (<c>auto</c>).
    /// </summary>
    public static CairoLayout? TryResolve(string name, IReadOnlyList<string> programBuiltins, out bool chosen, out string? error)
    {
        error = null;
        chosen = name == CairoLayout.Auto;
        if (chosen)
        {
            CairoLayout? smallest = CairoLayout.SmallestFor(programBuiltins);
            if (smallest is null)
                error = $"no layout has all of the program's builtins ({string.Join(", ", programBuiltins)}); known layouts: {KnownNames()}";
            return smallest;
        }
        CairoLayout? named = CairoLayout.Find(name);
        if (named is null) error = $"unknown layout '{name}' (known: {CairoLayout.Auto}, {KnownNames()})";
        return named;
    }

    /// <summary>
    /// As <see cref="TryResolve"/> for a command line: <paramref name="option"/> null means <c>auto</c>; a layout
    /// chosen for the program is printed to stderr as one line; a problem is a <see cref="CliUsageException"/>.
    /// </summary>
    public static CairoLayout Resolve(string? option, IReadOnlyList<string> programBuiltins)
    {
        CairoLayout layout = TryResolve(option ?? CairoLayout.Auto, programBuiltins, out bool chosen, out string? error)
            ?? throw new CliUsageException(error!);
        if (chosen) Console.Error.WriteLine(Describe(layout, programBuiltins));
        return layout;
    }

    /// <summary>The line that reports an automatic choice.</summary>
    public static string Describe(CairoLayout layout, IReadOnlyList<string> programBuiltins) =>
        $"layout: {layout.Name} (auto: the smallest layout with the program's builtins: {(programBuiltins.Count == 0 ? "none" : string.Join(", ", programBuiltins))})";

    private static string KnownNames() => string.Join(", ", CairoLayout.All.Select(l => l.Name));
}
