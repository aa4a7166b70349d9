using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// A prover that skips the trace builder's and checker's checks and proves a trace with one builtin value forged
/// (and the STARK prover's own degree checks) gets no accepted proof. Few queries keep it quick: the composition is not low-degree, so FRI fails at any query.
/// </summary>
/// <remarks>The traces are Cairo 1 runs (no proof-mode entry code): the AIR's soundness is checked under the AIR-only rules.</remarks>
public sealed class BuiltinSoundnessTests
{
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x5"), Felt.Parse("0x6"));

    private static CairoVerifyResult ProveForged(string name, Func<CairoTraceShape, int> column, int row)
    {
        ReferenceRun run = ReferenceRun.Load(name);
        CairoTrace t = run.BuildTrace();
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        t.Columns[column(t.Shape)][row] += Felt.One;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        return CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly);
    }

    [Fact]
    public void Verify_PedersenHashForgedInTrace_Rejects()
    {
        // Instance 0's hash on its output row: the value the memory slot binds to the output cell.
        CairoVerifyResult r = ProveForged("c1_dipdup_hash_pedersen_recursive_large_output",
            s => s.LaneBase(0, 0) + PedersenLane.MemoryAddress + 1, PedersenLane.OutputRow);
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_PoseidonOutputForgedInTrace_Rejects()
    {
        CairoVerifyResult r = ProveForged("c1_dipdup_hash_poseidon_recursive_with_poseidon",
            s => s.LaneBase(1, 0) + PoseidonLane.MemoryAddress(0) + 1, PoseidonLane.OutputRow);
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_PedersenLanesEditedInShape_Rejects()
    {
        ReferenceRun run = ReferenceRun.Load("c1_dipdup_hash_pedersen_recursive_large_output");
        CairoTrace t = run.BuildTrace();
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape.WithLanes("pedersen", 2), Binding = s_binding };
        var doc = new CairoProof { Statement = statement, StarkProof = [1, 2, 3] };
        CairoVerifyResult r = CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, rules: CairoStatementRules.AirOnly);
        Assert.False(r.IsValid);
        Assert.Contains("pedersen lanes", r.Message);
    }

    [Fact]
    public void Verify_EcdsaSignatureCheckForgedInTrace_Rejects()
    {
        // A 512-step run with one ecdsa instance (pub, msg) appended after its last address; the prover then changes
        // the r its lane compares against (row 0 of the first block).
        System.Numerics.BigInteger key = 77;
        Felt pub = Stark.Crypto.StarkEcdsa.PublicKey(key), msg = 5UL;
        (Felt r, Felt s) = Stark.Crypto.StarkEcdsa.Sign(key, msg);
        Felt w = Felt.FromBigInteger(System.Numerics.BigInteger.ModPow(s.ToBigInteger(), Stark.Crypto.StarkCurve.Order - 2, Stark.Crypto.StarkCurve.Order));
        ReferenceRun basis = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        // The fibonacci run with an ecdsa segment appended after its last address: one instance (pub, msg).
        ulong begin = 0;
        foreach (var seg in basis.PublicInput.MemorySegments) begin = Math.Max(begin, seg.StopPtr);
        var segs = basis.PublicInput.MemorySegments.Where(x => x.Name != "ecdsa").ToList();
        segs.Add(new MemorySegment("ecdsa", begin, begin + 2));
        var pi = new AirPublicInput { Layout = "small", RcMin = basis.PublicInput.RcMin, RcMax = basis.PublicInput.RcMax, NSteps = basis.PublicInput.NSteps, MemorySegments = segs, PublicMemory = basis.PublicInput.PublicMemory };
        ulong[] addrs = [.. basis.Memory.Addresses.ToArray(), begin, begin + 1];
        Felt[] vals = [.. basis.Memory.Values.ToArray(), pub, msg];
        MemoryImage mem = MemoryImage.FromCells(addrs, vals);
        CairoTrace t = CairoTraceBuilder.Build(basis.Trace, mem, pi, new Dictionary<long, (Felt, Felt)> { [0] = (r, w) });
        Assert.Equal(1, t.Shape.LaneCount("ecdsa"));
        var statement = new CairoStatement { PublicInput = pi, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        var ch = new CairoChallenges(Felt.Parse("0x1234"), Felt.Parse("0x5678"), Felt.Parse("0x9abc"));
        Assert.Empty(CairoTraceChecker.Check(air, t, ch));
        t.Columns[t.Shape.LaneBase(3, 0) + EcdsaLane.R][0] += Felt.One;
        Assert.Contains(CairoTraceChecker.Check(air, t, ch), f => f.Constraint == "ecdsa[0]_signature");
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }
}
