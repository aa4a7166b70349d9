using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Files;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Cairo.Prover;

/// <summary>
/// Verifies Cairo proofs: parses the document, checks the statement is one this AIR proves, recomputes the program
/// hash and the output from the public memory, and verifies the STARK proof under the <b>caller's</b> binding data
/// (job id, executor address) — a proof made for another binding draws other challenges and fails.
/// </summary>
/// <remarks>Never throws on proof data; every rejection is a <see cref="CairoVerifyResult"/>.</remarks>
public static class CairoVerifier
{
    /// <summary>The least conjectured security a proof must have (bits).</summary>
    public const int MinimumSecurityBits = 96;

    /// <summary>
    /// Verifies <paramref name="proofBytes"/> (a <see cref="CairoProof"/> document) for <paramref name="binding"/>; when
    /// <paramref name="expectedProgramHash"/> is given the program hash must equal it.
    /// </summary>
    public static CairoVerifyResult Verify(ReadOnlySpan<byte> proofBytes, in CairoBinding binding, Felt? expectedProgramHash = null, int minimumSecurityBits = MinimumSecurityBits)
    {
        if (!CairoProof.TryParse(proofBytes, out CairoProof? proof, out string? error))
            return CairoVerifyResult.Fail(CairoVerifyError.Malformed, error!);
        return Verify(proof!, binding, expectedProgramHash, minimumSecurityBits);
    }

    /// <summary>Verifies the proof's own binding (for <c>zetina verify</c> without a job).</summary>
    public static CairoVerifyResult VerifyAsStated(ReadOnlySpan<byte> proofBytes, Felt? expectedProgramHash = null)
    {
        if (!CairoProof.TryParse(proofBytes, out CairoProof? proof, out string? error))
            return CairoVerifyResult.Fail(CairoVerifyError.Malformed, error!);
        return Verify(proof!, proof!.Statement.Binding, expectedProgramHash, MinimumSecurityBits);
    }

    /// <summary>Verifies a parsed proof under <paramref name="binding"/>.</summary>
    public static CairoVerifyResult Verify(CairoProof proof, in CairoBinding binding, Felt? expectedProgramHash, int minimumSecurityBits)
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
        string? invalid = CheckStatement(statement);
        if (invalid is not null) return CairoVerifyResult.Fail(CairoVerifyError.StatementInvalid, invalid);

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
        VerifyResult r = StarkVerifier.Verify(air, stark!, minimumSecurityBits);
        if (!r.IsValid) return CairoVerifyResult.Fail(CairoVerifyError.ProofInvalid, r.ToString());
        AirPublicInput pi = statement.PublicInput;
        return new CairoVerifyResult(CairoVerifyError.None, "ok", programHash, output, pi.NSteps, pi.Layout,
            stark!.Parameters.ConjecturedSecurityBits(stark.LogTraceLength));
    }

    /// <summary>Null when the statement is one this AIR proves; else a sentence naming the problem.</summary>
    public static string? CheckStatement(CairoStatement s)
    {
        AirPublicInput pi = s.PublicInput;
        if (CairoLayout.Find(pi.Layout) is null) return $"layout '{pi.Layout}' is not one this prover supports";
        if (pi.NSteps != s.Shape.Rows) return $"n_steps {pi.NSteps} differs from the trace's {s.Shape.Rows} rows";
        if (pi.RcMin < 0 || pi.RcMax >= 1 << 16 || pi.RcMin > pi.RcMax) return $"rc_min {pi.RcMin} / rc_max {pi.RcMax} do not bound a range in [0, 2^16)";
        if (pi.PublicMemory.Count > 4L * pi.NSteps) return $"public memory has {pi.PublicMemory.Count} cells, more than the trace can hold";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (MemorySegment seg in pi.MemorySegments)
        {
            if (!seen.Add(seg.Name)) return $"segment '{seg.Name}' appears twice";
            if (seg.BeginAddr == 0 || seg.BeginAddr > int.MaxValue || seg.StopPtr > int.MaxValue) return $"segment '{seg.Name}' has addresses out of range";
        }
        // Public memory: one value per address (the verifier's product counts each entry once).
        var values = new Dictionary<ulong, Felt>();
        foreach (PublicMemoryEntry e in pi.PublicMemory)
        {
            if (e.Address == 0 || e.Address > int.MaxValue) return $"public memory address {e.Address} is out of range";
            if (values.TryGetValue(e.Address, out Felt v) && v != e.Value) return $"public memory address {e.Address} has two values";
            values[e.Address] = e.Value;
        }
        return null;
    }
}
