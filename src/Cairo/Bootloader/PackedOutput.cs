using System.Numerics;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// How the bootloader unpacks one direct subtask's output (cairo-lang <c>bootloader/objects.py</c>): a plain task's
/// output is copied as is; a composite one is the output of a Cairo verifier, whose verified subtasks the
/// bootloader unpacks recursively.
/// </summary>
public abstract record PackedOutput
{
    /// <summary>The fact topologies of the plain outputs this packed output unfolds into, given its own.</summary>
    public abstract IEnumerable<FactTopology> PlainFactTopologies(FactTopology own);
}

/// <summary>A task whose output is copied to the bootloader's output (<c>{"type": "Plain"}</c>).</summary>
public sealed record PlainPackedOutput : PackedOutput
{
    /// <inheritdoc/>
    public override IEnumerable<FactTopology> PlainFactTopologies(FactTopology own) => [own];
}

/// <summary>
/// A Cairo verifier task whose output hashes <see cref="Outputs"/> (the simple bootloader output it verified):
/// the bootloader guesses that pre-image, checks the hash, and unpacks <see cref="Subtasks"/> from it.
/// </summary>
/// <param name="Outputs">The verified simple bootloader output (the pre-image of the task's output hash).</param>
/// <param name="Subtasks">How to unpack each subtask in it.</param>
/// <param name="FactTopologies">The subtasks' fact topologies, one per subtask.</param>
public sealed record CompositePackedOutput(IReadOnlyList<BigInteger> Outputs, IReadOnlyList<PackedOutput> Subtasks, IReadOnlyList<FactTopology> FactTopologies) : PackedOutput
{
    /// <inheritdoc/>
    public override IEnumerable<FactTopology> PlainFactTopologies(FactTopology own)
    {
        if (FactTopologies.Count != Subtasks.Count)
            throw new Errors.CairoException(Errors.CairoErrorKind.BadBootloaderInput,
                $"a composite packed output has {Subtasks.Count} subtasks and {FactTopologies.Count} fact topologies");
        for (int i = 0; i < Subtasks.Count; i++)
            foreach (FactTopology t in Subtasks[i].PlainFactTopologies(FactTopologies[i])) yield return t;
    }
}
