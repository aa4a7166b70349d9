using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary><see cref="RunningProduct.OfQuotients"/> against the running product taken one quotient at a time.</summary>
public sealed class RunningProductTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4095, 2)]
    [InlineData(3 * 4096 + 17, 2)]
    [InlineData(300_000, 2)]
    [InlineData(300_000, 1)]
    public void Every_prefix_is_the_product_of_its_quotients(int total, int threads)
    {
        var random = new Random(total + threads);
        Felt Next() => Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);
        var num = new Felt[total];
        var den = new Felt[total];
        for (int i = 0; i < total; i++)
        {
            num[i] = Next();
            do den[i] = Next(); while (den[i].IsZero);
        }
        var expected = new Felt[total];
        Felt running = Felt.One;
        for (int i = 0; i < total; i++) expected[i] = running = running * num[i] * den[i].Inverse();

        var products = new Felt[total];
        RunningProduct.OfQuotients(num, den, products, threads);
        Assert.Equal(expected, products);
        // In place over the denominators.
        RunningProduct.OfQuotients(num, den, den, threads);
        Assert.Equal(expected, den);
    }

    [Fact]
    public void Lengths_that_differ_are_refused() =>
        Assert.Throws<ArgumentException>(() => RunningProduct.OfQuotients(new Felt[4], new Felt[4], new Felt[3]));
}
