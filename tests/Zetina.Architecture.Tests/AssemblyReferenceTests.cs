using Zetina.Architecture.Tests.Metadata;

namespace Zetina.Architecture.Tests;

/// <summary>
/// Which Zetina assembly may reference which, read from each built assembly's manifest
/// (<see cref="System.Reflection.Assembly.GetReferencedAssemblies"/>: the compiler lists only what the code uses).
/// Stark is the bottom layer and P2P stands alone; the node is where everything meets (docs/architecture.md).
/// </summary>
public sealed class AssemblyReferenceTests
{
    /// <summary>In <see cref="Rules"/>: every Zetina assembly other than the one the rule constrains.</summary>
    private const string AnyZetina = "*";

    /// <summary>From → must not reference. One line per rule.</summary>
    private static readonly (string From, string MustNotReference)[] Rules =
    [
        ("Zetina.Stark", AnyZetina),
        ("Zetina.P2P", AnyZetina),
        ("Zetina.Cairo", BuiltAssemblies.Node),
        ("Zetina.Cairo", "Zetina.P2P"),
        ("Zetina.Gpu", BuiltAssemblies.Node),
        ("Zetina.Gpu", "Zetina.P2P"),
        ("Zetina.Registry", BuiltAssemblies.Node),
        ("Zetina.Registry", "Zetina.P2P"),
        ("Zetina.Registry", "Zetina.Cairo"),
    ];

    [Fact]
    public void ZetinaAssemblies_References_FollowTheLayers()
    {
        var violations = new List<string>();
        foreach ((string from, string forbidden) in Rules)
        {
            IReadOnlyList<string> references = BuiltAssemblies.ReferencesOf(from);
            foreach (string reference in references)
            {
                bool zetina = BuiltAssemblies.All.Contains(reference, StringComparer.Ordinal) && reference != from;
                if (zetina && (forbidden == AnyZetina || forbidden == reference))
                    violations.Add($"{from} references {reference} (rule: {from} must not reference {(forbidden == AnyZetina ? "any other Zetina assembly" : forbidden)})");
            }
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct()));
    }

    [Fact]
    public void ReferencesOf_Node_ListsEveryLibrary()
    {
        // Guards the reading itself: the node uses every library, so an empty or wrong list is a broken test.
        IReadOnlyList<string> references = BuiltAssemblies.ReferencesOf(BuiltAssemblies.Node);
        foreach (string library in BuiltAssemblies.All.Where(a => a != BuiltAssemblies.Node))
            Assert.Contains(library, references);
    }
}
