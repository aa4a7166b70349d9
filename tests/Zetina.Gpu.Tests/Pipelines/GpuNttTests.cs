using Zetina.Gpu.Ntt;
using Zetina.Gpu.Tests.Reference;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Tests.Pipelines;

/// <summary>The batched NTT and coset LDE kernels on ILGPU's CPU accelerator against the naive DFT.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuNttTests(CpuAcceleratorFixture fixture) : IDisposable
{
    private readonly GpuNtt _ntt = new(fixture.Backend);

    public void Dispose() => _ntt.Dispose();

    [Fact]
    public void RootOfUnity_Log192_HasOrderExactly2Pow192()
    {
        Felt w = GpuNtt.RootOfUnity(192);
        Felt x = w;
        for (int i = 0; i < 191; i++) x = x.Square();
        Assert.Equal(Felt.MinusOne, x);
        Assert.Equal(Felt.One, x.Square());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    public void Forward_RandomColumn_MatchesNaiveDft(int logN)
    {
        int seed = 200 + logN;
        Felt[] a = TestFelts.Random(1 << logN, seed);
        Felt[] expected = ReferenceNtt.Dft(a, inverse: false);
        Felt[] got = (Felt[])a.Clone();
        _ntt.Forward(got, columns: 1);
        AssertEqual(expected, got, $"seed {seed}, log n {logN}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void Inverse_RandomColumn_MatchesNaiveInverseDft(int logN)
    {
        int seed = 300 + logN;
        Felt[] a = TestFelts.Random(1 << logN, seed);
        Felt[] expected = ReferenceNtt.Dft(a, inverse: true);
        Felt[] got = (Felt[])a.Clone();
        _ntt.Inverse(got, columns: 1);
        AssertEqual(expected, got, $"seed {seed}, log n {logN}");
    }

    [Fact]
    public void ForwardThenInverse_SixteenColumnsOf2Pow12_IsIdentity()
    {
        Felt[] a = TestFelts.Random(16 << 12, 400);
        Felt[] got = (Felt[])a.Clone();
        _ntt.Forward(got, columns: 16);
        _ntt.Inverse(got, columns: 16);
        AssertEqual(a, got, "seed 400");
    }

    [Fact]
    public void Forward_BatchOfColumns_TransformsEachColumnOnItsOwn()
    {
        const int columns = 7, logN = 6;
        Felt[] a = TestFelts.Random(columns << logN, 500);
        Array.Copy(TestFelts.Edges, 0, a, 0, TestFelts.Edges.Length);
        Felt[] got = (Felt[])a.Clone();
        _ntt.Forward(got, columns);
        for (int c = 0; c < columns; c++)
        {
            Felt[] expected = ReferenceNtt.Dft(a.AsSpan(c << logN, 1 << logN), inverse: false);
            AssertEqual(expected, got.AsSpan(c << logN, 1 << logN).ToArray(), $"seed 500, column {c}");
        }
    }

    [Fact]
    public void Forward_EdgeValueColumns_MatchNaiveDft()
    {
        Felt[] zeros = new Felt[8];
        Felt[] ones = [.. Enumerable.Repeat(Felt.One, 8)];
        Felt[] minusOnes = [.. Enumerable.Repeat(Felt.MinusOne, 8)];
        Felt[] all = [.. zeros, .. ones, .. minusOnes];
        Felt[] got = (Felt[])all.Clone();
        _ntt.Forward(got, columns: 3);
        Assert.All(got.AsSpan(0, 8).ToArray(), x => Assert.Equal(Felt.Zero, x));
        // A constant column c transforms to (8c, 0, …, 0).
        Assert.Equal(Felt.FromUInt64(8), got[8]);
        Assert.Equal(Felt.Zero - Felt.FromUInt64(8), got[16]);
        AssertEqual(ReferenceNtt.Dft(ones, false), got.AsSpan(8, 8).ToArray(), "ones");
        AssertEqual(ReferenceNtt.Dft(minusOnes, false), got.AsSpan(16, 8).ToArray(), "minus ones");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(6, 1)]
    [InlineData(6, 3)]
    [InlineData(9, 2)]
    public void CosetLde_RandomColumns_MatchDirectEvaluationOnTheCoset(int logN, int logBlowup)
    {
        const int columns = 3;
        int seed = 600 + 10 * logN + logBlowup;
        Felt[] a = TestFelts.Random(columns << logN, seed);
        Felt shift = Felt.FromUInt64(3);
        Felt[] got = _ntt.CosetLde(a, columns, logBlowup, shift);
        int bigN = 1 << (logN + logBlowup);
        Assert.Equal(columns * bigN, got.Length);
        for (int c = 0; c < columns; c++)
        {
            Felt[] expected = ReferenceNtt.CosetLde(a.AsSpan(c << logN, 1 << logN), logBlowup, shift);
            AssertEqual(expected, got.AsSpan(c * bigN, bigN).ToArray(), $"seed {seed}, column {c}");
        }
    }

    [Fact]
    public void CosetLde_LowDegreeColumn_KeepsItsDegree()
    {
        // Evaluations of x ↦ 5 + 7x on ⟨ω_8⟩ extend to 5 + 7·(g·ω_32^i).
        Felt w8 = GpuNtt.RootOfUnity(3);
        var column = new Felt[8];
        Felt x = Felt.One;
        for (int i = 0; i < 8; i++) { column[i] = Felt.FromUInt64(5) + Felt.FromUInt64(7) * x; x *= w8; }
        Felt g = Felt.FromUInt64(3);
        Felt[] got = _ntt.CosetLde(column, 1, 2, g);
        Felt w32 = GpuNtt.RootOfUnity(5);
        Felt y = g;
        for (int i = 0; i < 32; i++) { Assert.Equal(Felt.FromUInt64(5) + Felt.FromUInt64(7) * y, got[i]); y *= w32; }
    }

    private static void AssertEqual(Felt[] expected, Felt[] got, string context)
    {
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] != got[i]) Assert.Fail($"{context}: index {i}: expected {expected[i]}, got {got[i]}");
    }
}
