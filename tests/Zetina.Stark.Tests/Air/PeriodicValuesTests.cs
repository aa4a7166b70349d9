using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Tests.Air;

/// <summary>
/// <see cref="AirDomain.PeriodicValuesAt"/> (barycentric, over the roots of unity) against the interpolant's
/// coefficients (<see cref="AirDomain.PeriodicCoefficients"/>, an inverse NTT) evaluated at z^(n/P), and against the
/// column's own values on the trace domain.
/// </summary>
public class PeriodicValuesTests
{
    private static Felt[][] Columns(Random rng)
    {
        Felt Random() => Felt.FromUInt64((ulong)rng.NextInt64()) * Felt.FromUInt64((ulong)rng.NextInt64()) + Felt.FromUInt64((ulong)rng.NextInt64());
        var dense = new Felt[512];
        for (int i = 0; i < dense.Length; i++) dense[i] = Random();
        var sparse = new Felt[512];
        sparse[0] = Felt.One;
        sparse[196] = Felt.One;
        sparse[511] = Random();
        var four = new Felt[] { Random(), Felt.Zero, Random(), Random() };
        return [dense, [Random()], sparse, four, new Felt[512], [Felt.One, Felt.Zero]];
    }

    [Fact]
    public void ValuesAtRandomPoints_EqualTheInterpolantsCoefficientForm()
    {
        var rng = new Random(11);
        Felt[][] columns = Columns(rng);
        const int n = 1 << 16;
        for (int trial = 0; trial < 4; trial++)
        {
            Felt z = Felt.FromUInt64((ulong)rng.NextInt64()) * Felt.FromUInt64((ulong)rng.NextInt64());
            Felt[] values = AirDomain.PeriodicValuesAt(columns, z, n);
            for (int j = 0; j < columns.Length; j++)
            {
                Felt y = z.Pow((ulong)(n / columns[j].Length));
                Assert.Equal(Polynomial.Evaluate(AirDomain.PeriodicCoefficients(columns[j]), y), values[j]);
            }
        }
    }

    [Fact]
    public void ValuesOnTheTraceDomain_AreTheColumnsOwnEntries()
    {
        Felt[][] columns = Columns(new Random(5));
        const int logN = 12, n = 1 << logN;
        Felt omega = RootsOfUnity.PrimitiveRoot(logN);
        foreach (int row in new[] { 0, 1, 196, 511, 1000, n - 1 })
        {
            Felt[] values = AirDomain.PeriodicValuesAt(columns, omega.Pow((ulong)row), n);
            for (int j = 0; j < columns.Length; j++)
                Assert.Equal(columns[j][row % columns[j].Length], values[j]);
        }
    }
}
