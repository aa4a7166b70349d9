using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Cairo.Prover;

/// <summary>
/// Verifies Cairo proofs: parses the document, checks the statement (<see cref="StatementCheck"/>: under the default
/// <see cref="CairoStatementRules.ProofMode"/>, that the program ran from its start to its <c>__end__</c> loop and
/// that the output is where the program wrote it), recomputes the program hash and the output from the public
/// memory, and verifies the STARK proof under the <b>caller's</b> binding data (job id, executor address) — a proof
/// made for another binding draws other challenges and fails.
/// </summary>
/// <remarks>Never throws on proof data; every rejection is a <see cref="CairoVerifyResult"/>.</remarks>
public static class CairoVerifier
{
    /// <summary>The least conjectured security a proof must have (bits).</summary>
    public const int MinimumSecurityBits = 96;

    /// <summary>
    /// The commitment hashes a proof may use: full 256-bit digests (Keccak-256, Blake2s-256: 128-bit collision
    /// resistance), Poseidon (≈125 bits) and the 192-bit masked digests (96 bits, exactly
    /// <see cref="MinimumSecurityBits"/>; the default parameters use Keccak's). Stone's masked 160-bit digests give 80
    /// bits, below the minimum, and are refused by name.
    /// </summary>
    public static readonly IReadOnlyList<string> AcceptedHashes = ["keccak256", "blake2s256", "poseidon3", "keccak256_masked192_msb", "blake2s256_masked192_msb"];

    /// <summary>
    /// Verifies <paramref name="proofBytes"/> (a <see cref="CairoProof"/> document) for <paramref name="binding"/>; when
    /// <paramref name="expectedProgramHash"/> is given the program hash must equal it.
    /// </summary>
    public static CairoVerifyResult Verify(ReadOnlySpan<byte> proofBytes, in CairoBinding binding, Felt? expectedProgramHash = null, int minimumSecurityBits = MinimumSecurityBits,
        CairoStatementRules rules = CairoStatementRules.ProofMode)
    {
        if (!CairoProof.TryParse(proofBytes, out CairoProof? proof, out string? error))
            return CairoVerifyResult.Fail(CairoVerifyError.Malformed, error!);
        return Verify(proof!, binding, expectedProgramHash, minimumSecurityBits, rules);
    }

    /// <summary>Verifies the proof's own binding (for <c>zetina verify</c> without a job).</summary>
    public static CairoVerifyResult VerifyAsStated(ReadOnlySpan<byte> proofBytes, Felt? expectedProgramHash = null, CairoStatementRules rules = CairoStatementRules.ProofMode)
    {
        if (!CairoProof.TryParse(proofBytes, out CairoProof? proof, out string? error))
            return CairoVerifyResult.Fail(CairoVerifyError.Malformed, error!);
        return Verify(proof!, proof!.Statement.Binding, expectedProgramHash, MinimumSecurityBits, rules);
    }

    /// <summary>Verifies a parsed proof under <paramref name="binding"/>.</summary>
    public static CairoVerifyResult Verify(CairoProof proof, in CairoBinding binding, Felt? expectedProgramHash, int minimumSecurityBits,
        CairoStatementRules rules = CairoStatementRules.ProofMode)
    {
        try
        {
            return VerifyChecked(proof, binding, expectedProgramHash, minimumSecurityBits, rules);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A net under the checks: a path they missed still ends in a rejection, never an exception.
            return CairoVerifyResult.Fail(CairoVerifyError.StatementInvalid, $"inconsistent statement or proof: {e.Message}");
        }
    }

    private static CairoVerifyResult VerifyChecked(CairoProof proof, CairoBinding binding, Felt? expectedProgramHash, int minimumSecurityBits, CairoStatementRules rules)
    {
        CairoStatement stated = proof.Statement;
        var statement = new CairoStatement
        {
            PublicInput = stated.PublicInput,
            Shape = stated.Shape,
            Binding = binding,
            ProgramMain = stated.ProgramMain,
            ProgramBuiltins = stated.ProgramBuiltins,
        };
        StatementRefusal refusal = StatementCheck.Check(statement, rules, out string? why);
        if (refusal != StatementRefusal.None)
            return CairoVerifyResult.Fail(CairoVerifyError.StatementInvalid, $"{refusal}: {why}") with { Refusal = refusal };

        CairoAir air;
        Felt programHash;
        Felt[] output;
        try
        {
            air = new CairoAir(statement);
            programHash = statement.ProgramHash;
            output = statement.Output();
        }
        catch (CairoTraceException e)
        {
            return CairoVerifyResult.Fail(CairoVerifyError.StatementInvalid, e.Message);
        }
        if (expectedProgramHash is { } want && want != programHash)
            return CairoVerifyResult.Fail(CairoVerifyError.ProgramHashMismatch, $"program hash {programHash.ToHexString()} differs from the expected {want.ToHexString()}");

        if (!ProofSerializer.TryRead(proof.StarkProof, out Stark.Proof.StarkProof? stark, out ProofFormatError fe, out string? fm))
            return CairoVerifyResult.Fail(CairoVerifyError.Malformed, $"stark proof: {fe}: {fm}");
        string hash = stark!.Parameters.Hash;
        bool accepted = false;
        foreach (string h in AcceptedHashes) accepted |= h == hash;
        if (!accepted)
            return CairoVerifyResult.Fail(CairoVerifyError.ParametersRefused, $"commitment hash '{hash}' is not accepted; accepted: {string.Join(", ", AcceptedHashes)}");
        VerifyResult r = StarkVerifier.Verify(air, stark, minimumSecurityBits);
        if (!r.IsValid) return CairoVerifyResult.Fail(CairoVerifyError.ProofInvalid, r.ToString());
        AirPublicInput pi = statement.PublicInput;
        return new CairoVerifyResult(CairoVerifyError.None, "ok", programHash, output, pi.NSteps, pi.Layout,
            stark.Parameters.ConjecturedSecurityBits(stark.LogTraceLength)) { Rules = rules };
    }
}
