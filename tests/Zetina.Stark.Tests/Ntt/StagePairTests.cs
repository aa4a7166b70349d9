using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Tests.Ntt;

/// <summary>
/// The fused stage pairs of <see cref="Radix2Ntt"/> (one pass for stages m and 2m) against the two single stages they
/// replace, for every m — those below the lane count run the scalar quadruple loop, the others the lanes.
/// </summary>
public class StagePairTests
{
    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 16)]
    [InlineData(4, 64)]
    [InlineData(8, 64)]
    [InlineData(16, 256)]
    [InlineData(64, 1024)]
    public unsafe void QuadrupleRange_EveryQuadruple_EqualsTwoSingleStages(int m, int n)
    {
        var rng = new Random(m * 1000 + n);
        var a = new Felt[n];
        for (int i = 0; i < n; i++)
            a[i] = i % 7 == 0 ? Felt.MinusOne : Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64());
        Felt[] b = (Felt[])a.Clone();
        Felt[] tw = TwiddleTable.For(PowerOfTwo.Log2(n));
        fixed (Felt* pa = a, pb = b, ptw = tw)
        {
            Radix2Ntt.QuadrupleRange(pa, m, ptw, 0, n / 4);
            Radix2Ntt.ButterflyRange(pb, m, ptw, 0, n / 2);
            Radix2Ntt.ButterflyRange(pb, 2 * m, ptw, 0, n / 2);
        }
        Assert.Equal(b, a);
    }

    [Fact]
    public unsafe void QuadrupleRange_SplitIntoUnevenChunks_EqualsOneCall()
    {
        const int n = 4096, m = 512;
        var rng = new Random(9);
        var a = new Felt[n];
        for (int i = 0; i < n; i++) a[i] = Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64());
        Felt[] b = (Felt[])a.Clone();
        Felt[] tw = TwiddleTable.For(12);
        fixed (Felt* pa = a, pb = b, ptw = tw)
        {
            Radix2Ntt.QuadrupleRange(pa, m, ptw, 0, n / 4);
            // Chunk edges that cut through a block of 4m and fall off the lane grid.
            int[] edges = [0, 3, 517, 518, 1000, n / 4];
            for (int c = 0; c + 1 < edges.Length; c++) Radix2Ntt.QuadrupleRange(pb, m, ptw, edges[c], edges[c + 1]);
        }
        Assert.Equal(a, b);
    }
}
