using Zetina.Cairo.Air;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// The registry's check of Stone-format proofs (docs/registry.md, "Stone-format jobs"): the proof file verifies with
/// <see cref="StoneVerifier"/> under the layout its public input names, and what it proves is reported in the terms a
/// job's header uses — the program hash as <see cref="ProgramHash.Compute"/> (the chain a native proof's statement
/// states) over the executor's <see cref="ProgramHeader"/> and the bytecode in the proof's public memory, the output
/// segment, <c>n_steps</c> and the security bits. Stateless and thread-safe.
/// </summary>
internal sealed class StoneJobProofVerifier : IStoneProofVerifier
{
    public ProofCheck Verify(ReadOnlySpan<byte> proofJson, ProgramHeader program)
    {
        StoneProofFile file;
        try
        {
            file = StoneProofFile.Parse(proofJson.ToArray());
        }
        catch (StoneFormatException e)
        {
            return ProofCheck.Invalid("the Stone proof file does not parse: " + e.Message);
        }
        IStoneLayout? layout = StoneLayoutTable.Find(file.PublicInput.Layout);
        if (layout is null) return ProofCheck.Invalid($"the Stone proof's layout '{file.PublicInput.Layout}' is not supported");
        StoneVerificationResult r = StoneVerifier.Verify(file, layout);
        if (!r.IsValid) return ProofCheck.Invalid($"the Stone proof does not verify: {r}");
        if (r.Fact is not { } fact) return ProofCheck.Invalid("the Stone proof verifies but its statement's output segment cannot be read");
        Felt[] bytecode;
        try
        {
            bytecode = ProgramHash.Bytecode(file.PublicInput);
        }
        catch (FormatException e)
        {
            return ProofCheck.Invalid("the Stone proof's public memory shows no program segment: " + e.Message);
        }
        if (bytecode.Length == 0) return ProofCheck.Invalid("the Stone proof's public memory holds no program bytecode");
        Felt programHash = ProgramHash.Compute(program.Main, program.Builtins, bytecode);
        return ProofCheck.Valid(programHash, fact.Output, (ulong)file.PublicInput.NSteps) with { SecurityBits = r.SecurityBits };
    }
}
