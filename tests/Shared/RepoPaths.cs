namespace Zetina.Tests.Shared;

/// <summary>
/// Where the repository and the read-only reference data live. Reference files are read from
/// <c>../shared/</c> next to the repository root, never copied into the project.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder holding <c>Zetina.sln</c>.</summary>
    public static string Root => s_root.Value;

    /// <summary><c>../shared</c> beside the repository root (override with ZETINA_SHARED).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("ZETINA_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A file under <c>../shared</c>; fails the test (never skips) when it is missing.</summary>
    public static string SharedFile(params string[] parts)
    {
        string p = Path.Combine([Shared, .. parts]);
        if (!File.Exists(p) && !Directory.Exists(p))
            throw new FileNotFoundException($"reference data missing: {p} (the tests read ../shared/ beside the repository)");
        return p;
    }

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir, "Zetina.sln"))) return dir;
            dir = Path.GetDirectoryName(dir);
        }
        throw new InvalidOperationException("cannot find Zetina.sln above " + AppContext.BaseDirectory);
    }
}
