using Zetina.Registry.Verification;

namespace Zetina.Registry.Jobs;

/// <summary>
/// The second half of a Stone-format answer: the witness (header, executor, output, the Stone proof JSON) whose
/// proof opens a commitment the executor made earlier, and the <see cref="ProgramHeader"/> its program hash is
/// computed with. Needs no signature: it only shows what the signed commit already fixed, and pays only that commit's executor.
/// </summary>
/// <param name="Witness">The header, the committed executor, the output it claims and the Stone proof file's bytes.</param>
/// <param name="Program">main's pc and the builtin names, which with the proof's bytecode give the program hash.</param>
public sealed record ProofReveal(JobWitness Witness, ProgramHeader Program)
{
    /// <summary>The header the reveal answers.</summary>
    public JobHeader Header => Witness.Header;
}
