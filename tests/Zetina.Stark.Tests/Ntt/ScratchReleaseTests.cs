using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Tests.Ntt;

/// <summary>
/// <see cref="CpuLdeBackend.ReleaseScratch"/> drops the transforms' scratch and the large twiddle tables; the transforms
/// after it rebuild them and give the same values as before.
/// </summary>
public sealed class ScratchReleaseTests
{
    [Theory]
    [InlineData(17, 2)]
    [InlineData(12, 1)]
    public void Extensions_after_a_release_equal_those_before(int logN, int threads)
    {
        int n = 1 << logN;
        var random = new Random(logN);
        Felt Next() => Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);
        Felt[][] trace = [new Felt[n], new Felt[n]];
        foreach (Felt[] c in trace)
            for (int i = 0; i < n; i++) c[i] = Next();
        var lde = new CpuLdeBackend(threads);
        Felt[][] Extend(out Felt[][] coefficients)
        {
            coefficients = [new Felt[n], new Felt[n]];
            Felt[][] ext = [new Felt[2 * n], new Felt[2 * n]];
            lde.ExtendColumns(trace, RootsOfUnity.Generator, coefficients, ext);
            return ext;
        }

        Felt[][] before = Extend(out Felt[][] coefficientsBefore);
        lde.ReleaseScratch();
        Felt[][] after = Extend(out Felt[][] coefficientsAfter);

        Assert.Equal(before, after);
        Assert.Equal(coefficientsBefore, coefficientsAfter);
        // The coefficients are the interpolant's, not the shifted ones the extension used in place.
        Felt[] back = (Felt[])coefficientsAfter[0].Clone();
        Radix2Ntt.Forward(back);
        Assert.Equal(trace[0], back);
    }
}
