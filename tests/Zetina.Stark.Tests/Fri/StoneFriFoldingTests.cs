using Zetina.Stark.Field;
using Zetina.Stark.Fri;

namespace Zetina.Stark.Tests.Fri;

/// <summary>Stone's coset folding against the fold written straight from its definition.</summary>
public sealed class StoneFriFoldingTests
{
    /// <summary>f′(x²) = f(x) + f(−x) + β·(f(x) − f(−x))/x, with x = ω^{bitrev(index)} recomputed for every pair.</summary>
    private static Felt FoldByDefinition(Felt[] values, Felt beta, int logSize, ulong first)
    {
        Felt[] layer = (Felt[])values.Clone();
        for (int count = layer.Length; count > 1; count /= 2, beta = beta.Square(), logSize--, first /= 2)
            for (int j = 0; j < count; j += 2)
            {
                Felt x = StoneFriFolding.DomainElement(logSize, first + (ulong)j);
                layer[j / 2] = layer[j] + layer[j + 1] + beta * (layer[j] - layer[j + 1]) / x;
            }
        return layer[0];
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 12)]
    [InlineData(3, 9)]
    [InlineData(4, 20)]
    public void Folding_a_coset_matches_the_definition(int step, int logSize)
    {
        var random = new Random(step * 100 + logSize);
        for (int trial = 0; trial < 8; trial++)
        {
            var values = new Felt[1 << step];
            for (int i = 0; i < values.Length; i++) values[i] = Felt.FromUInt64((ulong)random.NextInt64()) * Felt.FromUInt64((ulong)random.NextInt64());
            Felt beta = Felt.FromUInt64((ulong)random.NextInt64());
            ulong first = (ulong)random.NextInt64(1L << (logSize - step)) << step;
            Assert.Equal(FoldByDefinition(values, beta, logSize, first), StoneFriFolding.FoldCoset(values, beta, logSize, first));
        }
    }
}
