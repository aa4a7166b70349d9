using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Tests.Conformance;

/// <summary>
/// The contract every <see cref="ILdeBackend"/> keeps, checked against naive evaluation. A backend's test
/// project links this file and subclasses it (Zetina.Gpu.Tests runs it on ILGPU's CPU accelerator). Outputs are written into
/// spans with sentinel elements on both sides, which must survive.
/// </summary>
public abstract class LdeBackendConformance
{
    /// <summary>The backend under test.</summary>
    protected abstract ILdeBackend CreateBackend();

    private static readonly Felt Sentinel = Felt.FromUInt64(0xdeadbeef);

    private static Felt[] Random(int n, int seed)
    {
        var rnd = new Random(seed);
        var xs = new Felt[n];
        for (int i = 0; i < n; i++) xs[i] = Felt.FromLimbsReduced((ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64());
        return xs;
    }

    private static Felt[] Guarded(Felt[] inner)
    {
        var g = new Felt[inner.Length + 2];
        g[0] = Sentinel;
        g[^1] = Sentinel;
        inner.CopyTo(g, 1);
        return g;
    }

    private static void AssertGuards(Felt[] g)
    {
        Assert.Equal(Sentinel, g[0]);
        Assert.Equal(Sentinel, g[^1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(1024)]
    [InlineData(4096)]
    public void Forward_Random_MatchesHorner(int n)
    {
        Felt[] coeffs = Random(n, n);
        Felt[] g = Guarded(coeffs);
        CreateBackend().Forward(g.AsSpan(1, n));
        AssertGuards(g);
        Felt w = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));
        for (int i = 0; i < n; i += Math.Max(1, n / 37)) Assert.Equal(Polynomial.Evaluate(coeffs, w.Pow((ulong)i)), g[1 + i]);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(2048)]
    public void InverseAfterForward_IsIdentity(int n)
    {
        Felt[] x = Random(n, 3);
        Felt[] g = Guarded(x);
        ILdeBackend b = CreateBackend();
        b.Forward(g.AsSpan(1, n));
        b.Inverse(g.AsSpan(1, n));
        AssertGuards(g);
        Assert.Equal(x, g[1..^1]);
    }

    [Fact]
    public void EvaluateOnCosetThenInterpolate_RoundTrips()
    {
        ILdeBackend b = CreateBackend();
        Felt[] coeffs = Random(64, 5);
        Felt shift = RootsOfUnity.Generator;
        Felt[] g = Guarded(new Felt[256]);
        b.EvaluateOnCoset(coeffs, shift, g.AsSpan(1, 256));
        AssertGuards(g);
        Felt w = RootsOfUnity.PrimitiveRoot(8);
        for (int i = 0; i < 256; i += 17) Assert.Equal(Polynomial.Evaluate(coeffs, shift * w.Pow((ulong)i)), g[1 + i]);
        b.InterpolateOnCoset(g.AsSpan(1, 256), shift);
        AssertGuards(g);
        Assert.Equal(coeffs, g[1..65]);
    }

    [Fact]
    public void ExtendColumns_MatchesPerColumnEvaluation()
    {
        ILdeBackend b = CreateBackend();
        const int n = 128, big = 512, width = 5;
        var trace = new Felt[width][];
        var coeffs = new Felt[width][];
        var ext = new Felt[width][];
        for (int c = 0; c < width; c++) { trace[c] = Random(n, 10 + c); coeffs[c] = new Felt[n]; ext[c] = new Felt[big]; }
        b.ExtendColumns(trace, RootsOfUnity.Generator, coeffs, ext);
        var cpu = new CpuLdeBackend(1);
        for (int c = 0; c < width; c++)
        {
            var expected = (Felt[])trace[c].Clone();
            cpu.Inverse(expected);
            Assert.Equal(expected, coeffs[c]);
            var e = new Felt[big];
            cpu.EvaluateOnCoset(expected, RootsOfUnity.Generator, e);
            Assert.Equal(e, ext[c]);
        }
    }
}

/// <summary>The CPU backend against the contract, on one thread and on two.</summary>
public class CpuLdeBackendOneThreadConformance : LdeBackendConformance
{
    protected override ILdeBackend CreateBackend() => new CpuLdeBackend(1);
}

/// <inheritdoc/>
public class CpuLdeBackendTwoThreadsConformance : LdeBackendConformance
{
    protected override ILdeBackend CreateBackend() => new CpuLdeBackend(2);
}
