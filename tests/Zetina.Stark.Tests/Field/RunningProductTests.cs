using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>
/// <see cref="RunningProduct.OfQuotients"/> and <see cref="RunningProduct.TryOfQuotients"/> against the running product
/// taken one quotient at a time.
/// </summary>
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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1023, 1)]
    [InlineData(4095, 2)]
    [InlineData(3 * 4096 + 17, 2)]
    [InlineData(300_001, 2)]
    public void The_streamed_products_are_the_products_of_their_quotients(int total, int threads)
    {
        var random = new Random(total * 7 + threads);
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
        var written = new int[total];
        var rescaled = new int[total];
        bool ok = RunningProduct.TryOfQuotients(total,
            (start, n, d) => { num.AsSpan(start, n.Length).CopyTo(n); den.AsSpan(start, d.Length).CopyTo(d); },
            (start, p) =>
            {
                p.CopyTo(products.AsSpan(start));
                for (int i = 0; i < p.Length; i++) Interlocked.Increment(ref written[start + i]);
            },
            (start, count, factor) =>
            {
                for (int t = start; t < start + count; t++) { products[t] = factor * products[t]; Interlocked.Increment(ref rescaled[t]); }
            }, threads);

        Assert.True(ok);
        Assert.Equal(expected, products);
        Assert.All(written, w => Assert.Equal(1, w));
        Assert.All(rescaled, r => Assert.True(r <= 1));
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(5000, 4999)]
    [InlineData(300_000, 123_456)]
    public void A_zero_denominator_is_reported(int total, int zeroAt)
    {
        int rescaled = 0;
        bool ok = RunningProduct.TryOfQuotients(total,
            (start, n, d) =>
            {
                for (int i = 0; i < n.Length; i++) { n[i] = Felt.FromUInt64((ulong)(start + i) + 2); d[i] = start + i == zeroAt ? Felt.Zero : Felt.One; }
            },
            (_, _) => { }, (_, _, _) => Interlocked.Increment(ref rescaled), 2);
        Assert.False(ok);
        Assert.Equal(0, rescaled);
    }

    [Fact]
    public void Lengths_that_differ_are_refused() =>
        Assert.Throws<ArgumentException>(() => RunningProduct.OfQuotients(new Felt[4], new Felt[4], new Felt[3]));

    [Fact]
    public void A_zero_denominator_is_refused_by_the_array_form()
    {
        var num = new Felt[5000];
        var den = new Felt[5000];
        for (int i = 0; i < den.Length; i++) { num[i] = Felt.FromUInt64((ulong)i + 1); den[i] = Felt.FromUInt64((ulong)i + 7); }
        den[4321] = Felt.Zero;
        ArgumentException e = Assert.Throws<ArgumentException>(() => RunningProduct.OfQuotients(num, den, den, 2));
        Assert.Contains("zero", e.Message);
    }
}
