using System.Xml.Linq;
using Zetina.Architecture.Tests.Metadata;

namespace Zetina.Architecture.Tests;

/// <summary>
/// What the libraries expose carries a comment: every public type and every public or protected member has a
/// <c>&lt;summary&gt;</c> (or <c>&lt;inheritdoc/&gt;</c>) in the XML documentation the build writes beside each
/// library (Directory.Build.props turns it on for src/). The undocumented members the tree has today are listed,
/// one documentation id per line, in <c>KnownViolations.UndocumentedPublicApi.txt</c>: the test fails on an
/// undocumented member not in that file, and on a listed member that is now documented, internal or gone.
/// </summary>
public sealed class DocumentationTests
{
    /// <summary>The libraries whose public surface must be documented (the node is an executable: none).</summary>
    private static readonly string[] Libraries = ["Zetina.Stark", "Zetina.Cairo", "Zetina.Gpu", "Zetina.P2P", "Zetina.Registry"];

    private const string KnownViolationsFile = "KnownViolations.UndocumentedPublicApi.txt";

    [Fact]
    public void PublicTypes_HaveDocumentation()
    {
        string[] unexpected = Undocumented().Except(KnownViolations(), StringComparer.Ordinal).ToArray();
        Assert.True(unexpected.Length == 0, $"Public API without a <summary> (document it, or make it internal):{Environment.NewLine}" +
            string.Join(Environment.NewLine, unexpected.Select(id => "  " + id)));
    }

    [Fact]
    public void KnownUndocumented_EachStillUndocumented()
    {
        string[] gone = KnownViolations().Except(Undocumented(), StringComparer.Ordinal).ToArray();
        Assert.True(gone.Length == 0, $"Documented, internal or gone; remove from {KnownViolationsFile}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, gone.Select(id => "  " + id)));
    }

    [Fact]
    public void PublicApi_Stark_FindsDocumentedFelt()
    {
        // Guards the id spelling: ids computed from metadata must meet the compiler's for a type known to be documented.
        IReadOnlySet<string> documented = Documented("Zetina.Stark");
        string felt = PublicApi.DocIdsOf(BuiltAssemblies.PathOf("Zetina.Stark")).Single(id => id.EndsWith(".Felt", StringComparison.Ordinal) && id.StartsWith("T:", StringComparison.Ordinal));
        Assert.Contains(felt, documented);
    }

    private static IReadOnlyList<string> Undocumented()
    {
        var missing = new List<string>();
        foreach (string library in Libraries)
        {
            IReadOnlySet<string> documented = Documented(library);
            missing.AddRange(PublicApi.DocIdsOf(BuiltAssemblies.PathOf(library)).Where(id => !documented.Contains(id)));
        }
        return missing.Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The ids the library's XML documentation gives a summary (or an inherited one). A positional record's
    /// property is documented by its type's <c>&lt;param&gt;</c> of the same name, as the compiler reads it.
    /// </summary>
    private static IReadOnlySet<string> Documented(string library)
    {
        string xml = Path.ChangeExtension(BuiltAssemblies.PathOf(library), ".xml");
        Assert.True(File.Exists(xml), $"{xml} missing: GenerateDocumentationFile must be on for src/ (Directory.Build.props)");
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (XElement member in XDocument.Load(xml).Descendants("member"))
        {
            string name = (string)member.Attribute("name")!;
            if (member.Element("inheritdoc") is not null || !string.IsNullOrWhiteSpace(member.Element("summary")?.Value)) documented.Add(name);
            if (!name.StartsWith("T:", StringComparison.Ordinal)) continue;
            foreach (XElement param in member.Elements("param"))
                if (!string.IsNullOrWhiteSpace(param.Value)) documented.Add($"P:{name[2..]}.{(string)param.Attribute("name")!}");
        }
        return documented;
    }

    private static IReadOnlyList<string> KnownViolations() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, KnownViolationsFile))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();
}
