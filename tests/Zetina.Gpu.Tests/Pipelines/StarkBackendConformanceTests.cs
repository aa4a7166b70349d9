using Zetina.Gpu.Prover;
using Zetina.Gpu.Tests.Reference;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;

namespace Zetina.Gpu.Tests.Pipelines;

/// <summary>
/// The GPU implementations of the STARK engine's backend interfaces (on ILGPU's CPU accelerator) against
/// the engine's CPU implementations: the same values and the same tree bytes, for every member.
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class StarkBackendConformanceTests(CpuAcceleratorFixture fixture) : IDisposable
{
    private readonly GpuLdeBackend _gpuLde = new(fixture.Backend);
    private readonly CpuLdeBackend _cpuLde = new(maxThreads: 1);
    private readonly GpuVectorCommitmentBackend _gpuCommit = new(fixture.Backend, new CpuVectorCommitmentBackend(1));
    private readonly CpuVectorCommitmentBackend _cpuCommit = new(maxThreads: 1);
    private static readonly Felt s_shift = Felt.FromUInt64(3);

    public void Dispose()
    {
        _gpuLde.Dispose();
        _gpuCommit.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void Forward_RandomValues_MatchesCpuLdeBackend(int logN)
    {
        Felt[] a = TestFelts.Random(1 << logN, 900 + logN);
        Felt[] cpu = (Felt[])a.Clone(), gpu = (Felt[])a.Clone();
        _cpuLde.Forward(cpu);
        _gpuLde.Forward(gpu);
        Assert.Equal(cpu, gpu);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(12)]
    public void Inverse_RandomValues_MatchesCpuLdeBackend(int logN)
    {
        Felt[] a = TestFelts.Random(1 << logN, 910 + logN);
        Felt[] cpu = (Felt[])a.Clone(), gpu = (Felt[])a.Clone();
        _cpuLde.Inverse(cpu);
        _gpuLde.Inverse(gpu);
        Assert.Equal(cpu, gpu);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(5, 32)]
    [InlineData(6, 64)]
    [InlineData(100, 256)]
    public void EvaluateOnCoset_CoefficientsUpToN_MatchesCpuLdeBackend(int coefficientCount, int points)
    {
        Felt[] coefficients = TestFelts.Random(coefficientCount, 920 + coefficientCount);
        var cpu = new Felt[points];
        var gpu = new Felt[points];
        _cpuLde.EvaluateOnCoset(coefficients, s_shift, cpu);
        _gpuLde.EvaluateOnCoset(coefficients, s_shift, gpu);
        Assert.Equal(cpu, gpu);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void InterpolateOnCoset_RandomValues_MatchesCpuLdeBackend(int logN)
    {
        Felt[] a = TestFelts.Random(1 << logN, 930 + logN);
        Felt[] cpu = (Felt[])a.Clone(), gpu = (Felt[])a.Clone();
        Felt shift = Felt.MinusOne - Felt.FromUInt64(41);
        _cpuLde.InterpolateOnCoset(cpu, shift);
        _gpuLde.InterpolateOnCoset(gpu, shift);
        Assert.Equal(cpu, gpu);
    }

    [Theory]
    [InlineData(5, 1, 1, 3)]
    [InlineData(3, 4, 2, 3)]
    [InlineData(9, 8, 2, 3)]
    [InlineData(2, 10, 3, 3)]
    [InlineData(4, 8, 1, 1)]
    [InlineData(3, 6, 2, 1)]
    public void ExtendColumns_RandomTrace_MatchesCpuCoefficientsAndExtension(int columns, int logN, int logBlowup, ulong shiftValue)
    {
        // Shift 1 (an evaluation domain containing the trace's): the CPU copies the trace at blowup 2, the device transforms it.
        Felt shift = Felt.FromUInt64(shiftValue);
        int n = 1 << logN, bigN = n << logBlowup;
        var trace = new Felt[columns][];
        for (int c = 0; c < columns; c++) trace[c] = TestFelts.Random(n, 940 + 10 * c + logN);
        trace[0][0] = Felt.MinusOne;
        Felt[][] cpuCoeff = Jagged(columns, n), gpuCoeff = Jagged(columns, n);
        Felt[][] cpuExt = Jagged(columns, bigN), gpuExt = Jagged(columns, bigN);
        _cpuLde.ExtendColumns(trace, shift, cpuCoeff, cpuExt);
        _gpuLde.ExtendColumns(trace, shift, gpuCoeff, gpuExt);
        for (int c = 0; c < columns; c++)
        {
            Assert.Equal(cpuCoeff[c], gpuCoeff[c]);
            Assert.Equal(cpuExt[c], gpuExt[c]);
        }
    }

    [Theory]
    [InlineData("keccak256", 1, 0)]
    [InlineData("keccak256", 3, 1)]
    [InlineData("keccak256", 8, 10)]
    [InlineData("keccak256_masked160_msb", 4, 6)]
    [InlineData("keccak256_masked160_lsb", 5, 6)]
    [InlineData("keccak256_masked192_msb", 3, 5)]
    [InlineData("blake2s256", 2, 4)]   // no kernel: handed to the CPU fallback
    [InlineData("poseidon3", 1, 0)]
    [InlineData("poseidon3", 1, 2)]    // hash_many of one element: the [x, 1] last block
    [InlineData("poseidon3", 2, 3)]    // two: a full pair, then [1, 0]
    [InlineData("poseidon3", 5, 4)]
    public void Commit_RandomColumns_SameTreeBytesAsCpuBackend(string hash, int columns, int logRows)
    {
        IMerkleHasher hasher = MerkleHashes.Create(hash);
        var cols = new ReadOnlyMemory<Felt>[columns];
        for (int c = 0; c < columns; c++)
        {
            Felt[] column = TestFelts.Random(1 << logRows, 960 + 7 * c + logRows);
            column[0] = TestFelts.Edges[c % TestFelts.Edges.Length];
            cols[c] = column;
        }
        MerkleTree cpu = _cpuCommit.Commit(cols, hasher);
        MerkleTree gpu = _gpuCommit.Commit(cols, hasher);
        Assert.Equal(cpu.LeafCount, gpu.LeafCount);
        Assert.Equal(Convert.ToHexStringLower(cpu.Nodes), Convert.ToHexStringLower(gpu.Nodes));
    }

    [Fact]
    public void Commit_ColumnsSlicedFromOneArray_UploadsEachSlice()
    {
        Felt[] backing = TestFelts.Random(3 * 16 + 5, 990);
        ReadOnlyMemory<Felt>[] cols = [backing.AsMemory(5, 16), backing.AsMemory(21, 16), backing.AsMemory(37, 16)];
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");
        Assert.Equal(_cpuCommit.Commit(cols, hasher).Nodes, _gpuCommit.Commit(cols, hasher).Nodes);
    }

    private static Felt[][] Jagged(int columns, int length)
    {
        var result = new Felt[columns][];
        for (int c = 0; c < columns; c++) result[c] = new Felt[length];
        return result;
    }
}

/// <summary>The LDE left on the device for the commitment: same tree bytes, and no second upload.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuStarkBackendsTests(CpuAcceleratorFixture fixture)
{
    [Fact]
    public void ExtendThenCommit_SameArrays_HashesTheResidentCopyAndMatchesCpu()
    {
        using var gpu = new GpuStarkBackends(fixture.Backend, ownsDevice: false, new CpuVectorCommitmentBackend(1));
        const int columns = 3, n = 16, bigN = 64;
        var trace = new Felt[columns][];
        for (int c = 0; c < columns; c++) trace[c] = TestFelts.Random(n, 1100 + c);
        Felt[][] coeff = [new Felt[n], new Felt[n], new Felt[n]];
        Felt[][] ext = [new Felt[bigN], new Felt[bigN], new Felt[bigN]];
        gpu.Lde.ExtendColumns(trace, Felt.FromUInt64(3), coeff, ext);
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");
        ReadOnlyMemory<Felt>[] cols = [ext[0], ext[1], ext[2]];

        MerkleTree onDevice = gpu.Commitment.Commit(cols, hasher);

        Assert.Equal(1, gpu.Resident.Hits);
        Assert.Equal(new CpuVectorCommitmentBackend(1).Commit(cols, hasher).Nodes, onDevice.Nodes);
    }

    [Fact]
    public void Commit_SlicesOfTheExtension_GathersThemOnTheDeviceAndMatchesCpu()
    {
        // The prover commits coset slices: slot c of every column, slot-major.
        using var gpu = new GpuStarkBackends(fixture.Backend, ownsDevice: false, new CpuVectorCommitmentBackend(1));
        Felt[][] trace = [TestFelts.Random(8, 1300), TestFelts.Random(8, 1301)];
        Felt[][] ext = [new Felt[32], new Felt[32]];
        gpu.Lde.ExtendColumns(trace, Felt.FromUInt64(3), [new Felt[8], new Felt[8]], ext);
        ReadOnlyMemory<Felt>[] slices = [ext[0].AsMemory(0, 16), ext[1].AsMemory(0, 16), ext[0].AsMemory(16, 16), ext[1].AsMemory(16, 16)];
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");

        MerkleTree tree = gpu.Commitment.Commit(slices, hasher);

        Assert.Equal(1, gpu.Resident.Hits);
        Assert.Equal(new CpuVectorCommitmentBackend(1).Commit(slices, hasher).Nodes, tree.Nodes);
    }

    [Fact]
    public void Commit_ACopyOfTheExtension_IsUploadedNotTakenFromTheDevice()
    {
        using var gpu = new GpuStarkBackends(fixture.Backend, ownsDevice: false);
        Felt[][] trace = [TestFelts.Random(8, 1200)];
        Felt[][] ext = [new Felt[16]];
        gpu.Lde.ExtendColumns(trace, Felt.FromUInt64(3), [new Felt[8]], ext);
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");
        Felt[] copy = (Felt[])ext[0].Clone();
        copy[3] = Felt.One;

        MerkleTree fromCopy = gpu.Commitment.Commit([copy], hasher);

        Assert.Equal(0, gpu.Resident.Hits);
        Assert.Equal(new CpuVectorCommitmentBackend(1).Commit([copy], hasher).Nodes, fromCopy.Nodes);
    }
}
