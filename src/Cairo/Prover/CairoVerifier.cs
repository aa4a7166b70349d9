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
        bool pointersBound = BuiltinPointers(statement, out string? pointerError);
        if (pointerError is not null) return CairoVerifyResult.Fail(CairoVerifyError.StatementInvalid, pointerError);
        if (expectedProgramHash is { } want && want != programHash)
            return CairoVerifyResult.Fail(CairoVerifyError.ProgramHashMismatch, $"program hash {programHash.ToHexString()} differs from the expected {want.ToHexString()}");

        if (!ProofSerializer.TryRead(proof.StarkProof, out Stark.Proof.StarkProof? stark, out ProofFormatError fe, out string? fm))
            return CairoVerifyResult.Fail(CairoVerifyError.Malformed, $"stark proof: {fe}: {fm}");
        VerifyResult r = StarkVerifier.Verify(air, stark!, minimumSecurityBits);
        if (!r.IsValid) return CairoVerifyResult.Fail(CairoVerifyError.ProofInvalid, r.ToString());
        AirPublicInput pi = statement.PublicInput;
        return new CairoVerifyResult(CairoVerifyError.None, "ok", programHash, output, pi.NSteps, pi.Layout,
            stark!.Parameters.ConjecturedSecurityBits(stark.LogTraceLength)) { BuiltinPointersBound = pointersBound };
    }

    /// <summary>
    /// Checks the builtin segments of the public input against the builtin pointers the program itself received and
    /// returned, where the public memory shows them. True when they were found and agree; false when the public
    /// memory does not show them (then the segment table is the prover's word); <paramref name="error"/> is set when a
    /// shown pointer disagrees with the table.
    /// </summary>
    /// <remarks>
    /// In proof mode (cairo-lang, cairo-vm and our VM alike) the public prefix <c>[exec.begin, 0]</c> sits at
    /// <c>exec.begin − 2</c>, the entry code finds the bases of the program's k builtins at <c>exec.begin + i</c> and
    /// leaves their final pointers at <c>exec.stop − k + i</c>, all public. Without this check a prover could point the output segment at cells the program never wrote and fill
    /// them freely. Cairo 1 runs (cairo1-run) derive the pointers in code and do not make them public: not bound here.
    /// </remarks>
    public static bool BuiltinPointers(CairoStatement s, out string? error)
    {
        error = null;
        AirPublicInput pi = s.PublicInput;
        if (!pi.TryGetSegment("execution", out MemorySegment exec)) return false;
        var mem = new Dictionary<ulong, Felt>();
        foreach (PublicMemoryEntry e in pi.PublicMemory) mem[e.Address] = e.Value;
        var all = new List<MemorySegment>();
        foreach (MemorySegment seg in pi.MemorySegments)
            if (seg.Name is not ("program" or "execution")) all.Add(seg);
        bool nothingUsed = all.TrueForAll(b => b.Used == 0);

        List<MemorySegment>? passed = null;
        if (exec.BeginAddr >= 2 && mem.TryGetValue(exec.BeginAddr - 2, out Felt p0) && p0 == (Felt)exec.BeginAddr
            && mem.TryGetValue(exec.BeginAddr - 1, out Felt p1) && p1.IsZero)
        {
            // The program's builtins, in the program's order; when the header is unknown (proof from files without
            // the program), every builtin of the segment table, provided all their base cells are public.
            passed = new List<MemorySegment>();
            foreach (string name in s.ProgramBuiltins)
            {
                if (!pi.TryGetSegment(name, out MemorySegment seg)) { error = $"the program's builtin '{name}' has no segment"; return false; }
                passed.Add(seg);
            }
            if (s.ProgramBuiltins.Count == 0)
            {
                for (int i = 0; i < all.Count; i++) if (!mem.ContainsKey(exec.BeginAddr + (ulong)i)) return nothingUsed;
                passed = all;
            }
        }
        if (passed is null) return nothingUsed;

        int k = passed.Count;
        for (int i = 0; i < k; i++)
        {
            MemorySegment seg = passed[i];
            ulong head = exec.BeginAddr + (ulong)i, tail = exec.StopPtr - (ulong)k + (ulong)i;
            if (!mem.TryGetValue(head, out Felt b) || b != (Felt)seg.BeginAddr)
            {
                error = $"segment '{seg.Name}' begins at {seg.BeginAddr}, but the program received {(mem.ContainsKey(head) ? b.ToHexString() : "no public pointer")} at {head}";
                return false;
            }
            if (!mem.TryGetValue(tail, out Felt e) || e != (Felt)seg.StopPtr)
            {
                error = $"segment '{seg.Name}' stops at {seg.StopPtr}, but the program returned {(mem.ContainsKey(tail) ? e.ToHexString() : "no public pointer")} at {tail}";
                return false;
            }
        }
        // Builtins the program was not given must be unused.
        foreach (MemorySegment seg in all)
            if (seg.Used > 0 && !passed.Contains(seg)) { error = $"segment '{seg.Name}' is used but the program was not given that builtin"; return false; }
        return true;
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
