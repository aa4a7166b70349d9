namespace Zetina.Registry.Verification;

/// <summary>
/// Checks a Stone-format proof for the registry: the node implements it with <c>Zetina.Cairo.Stone.StoneVerifier</c>,
/// so the registry names no AIR (as with <see cref="IProofVerifier"/>).
/// </summary>
/// <remarks>
/// A Stone statement names no job and no executor, so there is no binding to check here: the registry binds the
/// executor by commit–reveal (docs/registry.md). Implementations are thread-safe and report bad proofs in
/// <see cref="ProofCheck"/>, never by throwing.
/// </remarks>
public interface IStoneProofVerifier
{
    /// <summary>
    /// Verifies the Stone proof file <paramref name="proofJson"/> and reports what it proves: the program hash of
    /// <paramref name="program"/>'s header over the bytecode in the proof's public memory, the output segment, the
    /// step count (<c>n_steps</c>) and <see cref="ProofCheck.SecurityBits"/>.
    /// </summary>
    ProofCheck Verify(ReadOnlySpan<byte> proofJson, ProgramHeader program);
}
