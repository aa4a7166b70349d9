using Zetina.Architecture.Tests.Layers;
using Zetina.Architecture.Tests.Metadata;

namespace Zetina.Architecture.Tests;

/// <summary>
/// Layers inside an assembly, checked on the built IL: a type "reaches" another when its base type, interfaces,
/// fields, properties, method signatures, locals, attributes or method bodies name it (see <see cref="ReachedTypes"/>;
/// closures and state machines count as the method that wrote them).
/// <para>
/// The Stark rule, from the code: <c>StarkProver</c> runs on a <c>ProverBackends</c> record of three interfaces —
/// <c>ILdeBackend</c> (NTT/LDE), <c>IVectorCommitmentBackend</c> (Merkle commitments) and
/// <c>ICompositionEvaluator</c> (the composition polynomial) — so that Zetina.Gpu can replace any of them. No type of
/// <c>Zetina.Stark.Prover</c> or <c>Zetina.Stark.Verifier</c> may name a class implementing one of those
/// interfaces (today <c>CpuLdeBackend</c>, <c>CpuVectorCommitmentBackend</c>, <c>CpuCompositionEvaluator</c>) or
/// <c>Radix2Ntt</c>, the CPU NTT they wrap. The one exception is <c>ProverBackends</c> itself, whose <c>Cpu()</c>
/// factory is the single place the CPU defaults are chosen.
/// </para>
/// <para>
/// <see cref="KnownViolations"/> lists the violations the tree still has while the redesign lands. The test fails on
/// a violation not in the list, and on a listed one that no longer occurs, so the list only shrinks.
/// </para>
/// </summary>
public sealed class NamespaceLayerTests
{
    /// <summary>From → must not reach. One line per rule.</summary>
    internal static readonly LayerRule[] Rules =
    [
        new("Zetina.Cairo.Vm", TypeSet.Namespace("Zetina.Cairo.Builtins"), "the VM runs builtins through its own contract; builtins plug into the VM, not the reverse"),
        new("Zetina.Cairo.Runner", TypeSet.Namespace("Zetina.Cairo.Air"), "the runner writes the run model (Zetina.Cairo.Run), which the AIR reads: Runner → Run ← Air"),
        new("Zetina.Cairo.Air", TypeSet.Namespace("Zetina.Cairo.Runner"), "the AIR reads a finished run from the run model, never from the runner that made it"),
        new("Zetina.Stark.Prover", TypeSet.StarkCpuBackends, "the prover runs on backend interfaces so that Zetina.Gpu can replace them")
        {
            Except = ["Zetina.Stark.Prover.ProverBackends"],
        },
        new("Zetina.Stark.Verifier", TypeSet.StarkCpuBackends, "the verifier checks openings; it computes no LDE and builds no tree"),
        new("Zetina.Registry.Rules", TypeSet.Namespace("Zetina.Registry.Store"), "the rules are written over the ledger interface, which the store implements"),
    ];

    /// <summary>
    /// Violations of <see cref="Rules"/> in the tree today, "type → type it reaches" (none): a line here is a
    /// violation accepted for a reason written beside it, and goes when its code finds its home.
    /// </summary>
    internal static readonly string[] KnownViolations =
    [
    ];

    [Fact]
    public void LayerRules_BuiltAssemblies_NoViolationBeyondKnownList()
    {
        string[] unexpected = Violations().Keys.Except(KnownViolations, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Assert.True(unexpected.Length == 0, "Layer rules broken:" + Environment.NewLine +
            string.Join(Environment.NewLine, unexpected.Select(v => $"  {v}    (rule: {Violations()[v]})")));
    }

    [Fact]
    public void KnownViolations_BuiltAssemblies_EachStillOccurs()
    {
        string[] gone = KnownViolations.Except(Violations().Keys, StringComparer.Ordinal).ToArray();
        Assert.True(gone.Length == 0, "No longer violated; remove from KnownViolations:" + Environment.NewLine +
            string.Join(Environment.NewLine, gone.Select(v => "  " + v)));
    }

    [Fact]
    public void LayerRules_EveryNamespace_HoldsTypes()
    {
        // A rule over a namespace that has moved away would pass for want of types: each side must hold some.
        foreach (LayerRule rule in Rules)
        {
            var types = BuiltAssemblies.TypesOf(BuiltAssemblies.AssemblyOf(rule.From));
            Assert.True(types.Keys.Any(t => TypeSet.InNamespace(t, rule.From)), $"no type in {rule.From}");
            Assert.True(types.Values.SelectMany(r => r).Concat(types.Keys).Any(rule.MustNotReach.Contains), $"nothing reachable is {rule.MustNotReach.Description}");
            foreach (string allowed in rule.Except) Assert.True(types.ContainsKey(allowed), $"{allowed}, excepted from a rule, does not exist");
        }
    }

    [Fact]
    public void ReachedTypes_ConstructorCalledOnlyInMethodBody_IsSeen()
    {
        // ProverBackends.Cpu() names CpuLdeBackend only in a newobj instruction: the scan must read IL, not just signatures.
        var stark = BuiltAssemblies.TypesOf("Zetina.Stark");
        string backends = stark.Keys.Single(t => t.EndsWith(".ProverBackends", StringComparison.Ordinal));
        Assert.Contains(stark[backends], t => t.EndsWith(".CpuLdeBackend", StringComparison.Ordinal));
    }

    /// <summary>Every violation of <see cref="Rules"/> in the built assemblies, "type → reached type", with its rule.</summary>
    private static IReadOnlyDictionary<string, LayerRule> Violations()
    {
        var found = new SortedDictionary<string, LayerRule>(StringComparer.Ordinal);
        foreach (LayerRule rule in Rules)
            foreach ((string type, IReadOnlySet<string> reached) in BuiltAssemblies.TypesOf(BuiltAssemblies.AssemblyOf(rule.From)))
            {
                if (!TypeSet.InNamespace(type, rule.From) || rule.Except.Contains(type)) continue;
                foreach (string target in reached)
                    if (rule.MustNotReach.Contains(target)) found.TryAdd($"{type} → {target}", rule);
            }
        return found;
    }
}
