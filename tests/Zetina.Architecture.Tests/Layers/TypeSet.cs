using System.Reflection;
using Zetina.Architecture.Tests.Metadata;

namespace Zetina.Architecture.Tests.Layers;

/// <summary>A set of types a rule speaks of, by full name, with the words a failure message uses for it.</summary>
internal sealed class TypeSet(string description, Func<string, bool> contains)
{
    /// <summary>The types of namespace <paramref name="ns"/> and of the namespaces under it.</summary>
    public static TypeSet Namespace(string ns) => new(ns, name => InNamespace(name, ns));

    /// <summary>
    /// The concrete CPU backends of the STARK prover: every class of Zetina.Stark that implements one of the
    /// backend interfaces (<c>ILdeBackend</c>, <c>IVectorCommitmentBackend</c>, <c>ICompositionEvaluator</c>), and
    /// <c>Radix2Ntt</c>, the CPU NTT the LDE backend wraps. Found by name, so a move between namespaces keeps the rule.
    /// </summary>
    public static readonly TypeSet StarkCpuBackends = CpuBackends();

    /// <summary>How a failure message names this set.</summary>
    public string Description => description;

    /// <summary>Whether the type named <paramref name="fullName"/> is in the set.</summary>
    public bool Contains(string fullName) => contains(fullName);

    /// <summary>Whether <paramref name="fullName"/> (a top-level type) lives in <paramref name="ns"/> or under it.</summary>
    public static bool InNamespace(string fullName, string ns) => fullName.StartsWith(ns + ".", StringComparison.Ordinal);

    private static TypeSet CpuBackends()
    {
        string[] interfaces = ["ILdeBackend", "IVectorCommitmentBackend", "ICompositionEvaluator"];
        Type[] stark = Assembly.LoadFrom(BuiltAssemblies.PathOf("Zetina.Stark")).GetTypes();
        Type[] contracts = interfaces.Select(n => stark.Single(t => t.IsInterface && t.Name == n)).ToArray();
        HashSet<string> names = stark
            .Where(t => t.IsClass && !t.IsAbstract && t.DeclaringType is null && contracts.Any(i => i.IsAssignableFrom(t)))
            .Append(stark.Single(t => t.Name == "Radix2Ntt"))
            .Select(t => t.FullName!)
            .ToHashSet(StringComparer.Ordinal);
        return new TypeSet($"a CPU backend ({string.Join(", ", names.Order(StringComparer.Ordinal))})", names.Contains);
    }
}
