namespace Zetina.Architecture.Tests.Layers;

/// <summary>
/// One rule between namespaces: no type in <see cref="From"/> (or a namespace under it) reaches a type in
/// <see cref="MustNotReach"/>, except the types named in <see cref="Except"/>.
/// </summary>
/// <param name="From">The namespace the rule constrains.</param>
/// <param name="MustNotReach">What its types must not name.</param>
/// <param name="Why">The design reason, printed with a failure.</param>
internal sealed record LayerRule(string From, TypeSet MustNotReach, string Why)
{
    /// <summary>Types of <see cref="From"/> the rule allows, by full name, each for a reason its table entry gives.</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <summary>The rule in one line, as failure messages print it.</summary>
    public override string ToString() => $"{From} must not reach {MustNotReach.Description}: {Why}";
}
