using Zetina.Stark.Field;
using Zetina.Stark.Fri;

namespace Zetina.Stark.Tests.Fri;

/// <summary>Whole-layer folding and last-layer interpolation agree with the verifier's per-coset arithmetic.</summary>
public sealed class StoneFriLayersTests
{
    private static Felt[] RandomLayer(int log, int seed)
    {
        var random = new Random(seed);
        var layer = new Felt[1 << log];
        for (int i = 0; i < layer.Length; i++) layer[i] = Felt.FromUInt64((ulong)random.NextInt64());
        return layer;
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(6, 3)]
    [InlineData(8, 4)]
    [InlineData(12, 1)] // 2048 outputs: two blocks of StoneFriLayers.BlockOutputs
    [InlineData(14, 3)]
    [InlineData(16, 4)] // four blocks, each folded four times in its own scratch
    public void Fold_EveryCoset_MatchesFoldCoset(int logLayer, int step)
    {
        Felt[] layer = RandomLayer(logLayer, 99 + logLayer);
        Felt beta = Felt.FromUInt64(123456789);
        Felt[] folded = StoneFriLayers.Fold(layer, beta, step);
        Assert.Equal(layer.Length >> step, folded.Length);
        int width = 1 << step;
        for (int j = 0; j < folded.Length; j++)
            Assert.Equal(StoneFriFolding.FoldCoset(layer.AsSpan(j * width, width), beta, logLayer, (ulong)(j * width)), folded[j]);
    }

    [Fact]
    public void LastLayerCoefficients_LowDegreeLayer_ReproducesEveryElement()
    {
        const int Log = 6, Bound = 8;
        Felt[] coefficients = RandomLayer(3, 5);
        var layer = new Felt[1 << Log];
        for (int i = 0; i < layer.Length; i++)
        {
            Felt x = StoneFriFolding.DomainElement(Log, (ulong)i), acc = Felt.Zero;
            for (int k = Bound - 1; k >= 0; k--) acc = acc * x + coefficients[k];
            layer[i] = acc;
        }
        Felt[] recovered = StoneFriLayers.LastLayerCoefficients(layer, Bound);
        Assert.Equal(coefficients, recovered);
        for (int i = 0; i < layer.Length; i++) Assert.Equal(layer[i], StoneFriFolding.EvaluateLastLayer(recovered, Log, (ulong)i));
    }

    [Fact]
    public void LastLayerCoefficients_DegreeTooHigh_Throws() =>
        Assert.Throws<InvalidOperationException>(() => StoneFriLayers.LastLayerCoefficients(RandomLayer(5, 1), 4));

    [Fact]
    public void Fold_ConstantPolynomial_StaysConstantTimesTwo()
    {
        // f ≡ c: f(x) + f(−x) = 2c and f(x) − f(−x) = 0 whatever β.
        var layer = Enumerable.Repeat(Felt.FromUInt64(5), 16).ToArray();
        Assert.All(StoneFriLayers.Fold(layer, Felt.FromUInt64(3), 2), v => Assert.Equal(Felt.FromUInt64(20), v));
    }
}
