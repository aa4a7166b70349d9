using Zetina.Gpu.Backend;
using Zetina.Gpu.Prover;
using Zetina.Gpu.Tests.Reference;
using Zetina.Stark.Air;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Gpu.Tests.Pipelines;

/// <summary>
/// Whole proofs with the LDE and commitments on the GPU path (ILGPU's CPU accelerator) against the all-CPU
/// prover: the serialized proofs must be the same bytes, and verify.
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuProofTests(CpuAcceleratorFixture fixture)
{
    [Theory]
    [InlineData("keccak256", 6)]
    [InlineData("poseidon3", 5)]
    [InlineData("keccak256_masked160_msb", 5)]
    [InlineData("keccak256_masked192_msb", 6)]
    public void Prove_FibonacciOnGpuBackends_ByteIdenticalToCpuProofAndVerifies(string hash, int logN)
    {
        int n = 1 << logN;
        Felt[][] trace = FibonacciAir.BuildTrace(n, Felt.One, Felt.One);
        var air = new FibonacciAir(n, Felt.One, Felt.One, trace[1][n - 1], Felt.FromUInt64(0x10b), Felt.FromUInt64(0xe7ec));
        var parameters = new StarkParameters(2, 8, 4, StepsFor(logN), 4, hash);

        byte[] cpu = ProofSerializer.Write(new StarkProver(parameters, ProverBackends.Cpu(1)).Prove(air, trace));
        var device = new CountingBackend(fixture.Backend);
        using var gpu = new GpuStarkBackends(device, ownsDevice: false, new CpuVectorCommitmentBackend(1));
        var backends = new ProverBackends(gpu.Lde, gpu.Commitment, new CpuCompositionEvaluator(1), 1);
        StarkProof gpuProof = new StarkProver(parameters, backends).Prove(air, trace);
        byte[] onGpu = ProofSerializer.Write(gpuProof);

        Assert.Equal(Convert.ToHexStringLower(cpu), Convert.ToHexStringLower(onGpu));
        Assert.True(gpu.Resident.Hits >= 1, "the trace commitment should hash the extension where the LDE left it");
        // The LDEs (2^8 points and more) ran their first stages in shared memory and the rest per stage.
        Assert.True(device.Launches(GpuKernel.NttSharedStages) > 0, "no shared-memory NTT stages were launched");
        Assert.True(device.Launches(GpuKernel.NttButterfly) > 0, "no per-stage NTT launches");
        VerifyResult verdict = StarkVerifier.Verify(air, onGpu, minimumSecurityBits: 0);
        Assert.True(verdict.IsValid, verdict.ToString());
    }

    /// <summary>
    /// An AIR with lifted columns (short tables at lifts 2 and 4, a lifted column read by a lift-1 constraint and by the
    /// interaction): the short tables' LDEs and trees run on the GPU path at their own sizes, and the proof is the CPU's.
    /// </summary>
    [Theory]
    [InlineData(64, false)]
    [InlineData(128, true)]
    public void Prove_LiftedColumnsOnGpuBackends_ByteIdenticalToCpuProofAndVerifies(int n, bool interaction)
    {
        var air = new Zetina.Stark.Tests.Stark.LiftedAir(n, interaction);
        Felt[][] trace = air.Trace();
        int logN = System.Numerics.BitOperations.Log2((uint)n);
        var parameters = new StarkParameters(2, 8, 4, StepsFor(logN), 4, "keccak256");

        byte[] cpu = ProofSerializer.Write(new StarkProver(parameters, ProverBackends.Cpu(1)).Prove(air, trace));
        using var gpu = new GpuStarkBackends(fixture.Backend, ownsDevice: false, new CpuVectorCommitmentBackend(1));
        var backends = new ProverBackends(gpu.Lde, gpu.Commitment, new CpuCompositionEvaluator(1), 1);
        byte[] onGpu = ProofSerializer.Write(new StarkProver(parameters, backends).Prove(air, air.Trace()));

        Assert.Equal(Convert.ToHexStringLower(cpu), Convert.ToHexStringLower(onGpu));
        VerifyResult verdict = StarkVerifier.Verify(air, onGpu, minimumSecurityBits: 0);
        Assert.True(verdict.IsValid, verdict.ToString());
    }

    private static int[] StepsFor(int logN)
    {
        int rest = logN - 2;  // last layer degree bound 4
        var steps = new List<int>();
        while (rest > 0) { int s = Math.Min(2, rest); steps.Add(s); rest -= s; }
        return [.. steps];
    }
}
