using System.Reflection;

namespace Zetina.Architecture.Tests.Metadata;

/// <summary>
/// The solution's library and node assemblies, as built beside these tests (the project references put them
/// there). Each is read once: its references, and the types each of its top-level types reaches.
/// </summary>
internal static class BuiltAssemblies
{
    /// <summary>The node's assembly name (the binary is <c>zetina</c>).</summary>
    public const string Node = "zetina";

    /// <summary>Every Zetina assembly the rules speak of.</summary>
    public static readonly IReadOnlyList<string> All =
        ["Zetina.Stark", "Zetina.Cairo", "Zetina.Gpu", "Zetina.P2P", "Zetina.Registry", Node];

    private static readonly Dictionary<string, IReadOnlyDictionary<string, IReadOnlySet<string>>> Scans = [];

    /// <summary>The file of <paramref name="assembly"/> beside the tests.</summary>
    public static string PathOf(string assembly)
    {
        string path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"{assembly}.dll is not beside the tests; is it a project reference?", path);
        return path;
    }

    /// <summary>The names of the assemblies <paramref name="assembly"/> references, as its manifest lists them.</summary>
    public static IReadOnlyList<string> ReferencesOf(string assembly) =>
        Assembly.Load(new AssemblyName(assembly)).GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    /// <summary>For each top-level type of <paramref name="assembly"/>, the types it reaches (see <see cref="ReachedTypes"/>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> TypesOf(string assembly)
    {
        lock (Scans)
        {
            if (!Scans.TryGetValue(assembly, out var scan)) Scans[assembly] = scan = ReachedTypes.Scan(PathOf(assembly));
            return scan;
        }
    }

    /// <summary>The assembly whose types live under <paramref name="ns"/>: the longest assembly name it starts with.</summary>
    public static string AssemblyOf(string ns) =>
        All.Where(a => ns == a || ns.StartsWith(a + ".", StringComparison.Ordinal)).OrderByDescending(a => a.Length).FirstOrDefault()
        ?? (ns.StartsWith("Zetina.Node", StringComparison.Ordinal) ? Node : throw new ArgumentException($"no Zetina assembly holds {ns}"));
}
