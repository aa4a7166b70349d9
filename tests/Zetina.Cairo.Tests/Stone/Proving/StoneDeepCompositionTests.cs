using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>
/// <see cref="StoneDeepComposition"/> builds the DEEP polynomial from coefficients; these tests hold it to the
/// verifier's formula Σₖ βᵏ·(column_k(x) − y_k)/(x − x_k), evaluated here directly, point by point.
/// </summary>
public sealed class StoneDeepCompositionTests
{
    private const int LogBlowup = 2, TraceColumns = 3, Degree = 2;

    /// <summary>Four blocks of the division in lanes (<see cref="StoneDeepComposition.Block"/>), carried down.</summary>
    private const int ManyBlocks = 12;

    /// <summary>
    /// Row offsets repeat, go negative and exceed the trace length, as real masks do; 15 distinct offsets and z^D make 16
    /// points, so that two threads each divide a full set of eight lanes.
    /// </summary>
    private static readonly StoneMaskEntry[] s_mask =
    [
        new(0, 0), new(1, 0), new(2, 0), new(0, 1), new(2, 1), new(1, -1), new(0, 5), new(1, 5), new(2, 70), new(1, 0),
        new(0, 2), new(1, 3), new(2, 4), new(0, 6), new(1, 7), new(2, 8), new(0, -2), new(1, 9), new(2, 10), new(0, 11),
    ];

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 6)]
    [InlineData(1, ManyBlocks)]
    [InlineData(2, ManyBlocks)]
    public void Coefficient_form_equals_the_point_by_point_sum(int threads, int logTrace)
    {
        Assert.True(1 << ManyBlocks >= 4 * StoneDeepComposition.Block);
        var rng = new Random(2026 + threads + logTrace);
        Instance instance = Instance.Random(rng, logTrace);
        int logN = logTrace + LogBlowup;
        Felt[] deep = StoneDeepComposition.Evaluate(instance.Layout, instance.Columns, instance.Z, instance.G, instance.Oods, instance.Beta, logN, threads);

        Assert.Equal(1 << logN, deep.Length);
        Felt[] x = RowPoints(logN);
        for (int trial = 0; trial < 8; trial++)
        {
            int row = rng.Next(1 << logN);
            Assert.Equal(instance.DirectDeepValue(x[row]), deep[row]);
        }
    }

    /// <summary>The point x_r = 3·ω_N^bitrev(r) of every row, in the row order the low-degree extension writes.</summary>
    private static Felt[] RowPoints(int logN)
    {
        int n = 1 << logN;
        var natural = new Felt[n];
        Felt omega = RootsOfUnity.PrimitiveRoot(logN);
        Felt x = RootsOfUnity.Generator;
        for (int m = 0; m < n; m++) { natural[m] = x; x *= omega; }
        var rows = new Felt[n];
        for (int r = 0; r < n; r++) rows[r] = natural[(int)StoneFriFolding.ReverseBits((ulong)r, logN)];
        return rows;
    }

    [Fact]
    public void A_wrong_oods_value_is_refused_by_name()
    {
        Instance instance = Instance.Random(new Random(7), ManyBlocks);
        instance.Oods[4] += Felt.One;

        var e = Assert.Throws<InvalidOperationException>(() =>
            StoneDeepComposition.Evaluate(instance.Layout, instance.Columns, instance.Z, instance.G, instance.Oods, instance.Beta, ManyBlocks + LogBlowup, 2));
        Assert.Contains("OODS value 4 (column 2, the point z·g^1)", e.Message);
    }

    [Fact]
    public void A_wrong_composition_value_is_refused_by_name()
    {
        Instance instance = Instance.Random(new Random(8), 6);
        instance.Oods[s_mask.Length + 1] -= Felt.One;

        var e = Assert.Throws<InvalidOperationException>(() =>
            StoneDeepComposition.Evaluate(instance.Layout, instance.Columns, instance.Z, instance.G, instance.Oods, instance.Beta, 6 + LogBlowup, 1));
        Assert.Contains($"OODS value {s_mask.Length + 1} (column {TraceColumns + 1}, the point z^D)", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Division_by_powers_equals_synthetic_division(bool zeroPoint)
    {
        var rng = new Random(zeroPoint ? 11 : 12);
        Felt R() => Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64() >> 5);
        Felt p = zeroPoint ? Felt.Zero : R();
        var a = new Felt[37];
        for (int i = 0; i < a.Length; i++) a[i] = R();
        a[0] -= StoneLowDegreeExtension.Evaluate(a, p);
        Felt[] start = [.. Enumerable.Range(0, a.Length).Select(_ => R())];
        Felt[] bySynthetic = [.. start], byPowers = [.. start];

        Assert.True(StoneDeepComposition.DivideAndAdd(a, p, bySynthetic));
        Assert.True(StoneDeepComposition.DivideAndAddByPowers([.. a], p, byPowers));
        Assert.Equal(bySynthetic, byPowers);
        // (x − p)·q = a: the quotient at a random x times x − p gives a there.
        Felt[] q = [.. Enumerable.Range(0, a.Length - 1).Select(i => bySynthetic[i] - start[i])];
        Felt x = R();
        Assert.Equal(StoneLowDegreeExtension.Evaluate(a, x), (x - p) * StoneLowDegreeExtension.Evaluate(q, x));

        a[0] += Felt.One;
        Assert.False(StoneDeepComposition.DivideAndAdd(a, p, [.. start]));
        Assert.False(StoneDeepComposition.DivideAndAddByPowers([.. a], p, [.. start]));
    }

    /// <summary>Random column polynomials, a random z and β, and the OODS values they give.</summary>
    private sealed record Instance(ShapeOnlyLayout Layout, Felt[][] Columns, Felt Z, Felt G, Felt Beta, Felt[] Oods)
    {
        public static Instance Random(Random rng, int logTrace)
        {
            Felt R() => Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64() >> 5);
            var layout = new ShapeOnlyLayout
            {
                Name = "recursive", RowsPerStep = 1, TraceColumns = TraceColumns, InteractionColumns = 0, InteractionElementCount = 0,
                ConstraintDegree = Degree, Mask = s_mask,
            };
            var columns = new Felt[TraceColumns + Degree][];
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c] = new Felt[1 << logTrace];
                for (int i = 0; i < columns[c].Length; i++) columns[c][i] = R();
            }
            Felt z = R(), g = RootsOfUnity.PrimitiveRoot(logTrace);
            var instance = new Instance(layout, columns, z, g, R(), new Felt[s_mask.Length + Degree]);
            for (int k = 0; k < instance.Oods.Length; k++)
                instance.Oods[k] = StoneLowDegreeExtension.Evaluate(columns[instance.ColumnOf(k)], instance.PointOf(k));
            return instance;
        }

        public int ColumnOf(int k) => k < s_mask.Length ? s_mask[k].Column : TraceColumns + k - s_mask.Length;

        public Felt PointOf(int k)
        {
            if (k >= s_mask.Length) return Z.Pow((ulong)Degree);
            int o = s_mask[k].RowOffset;
            return Z * (o >= 0 ? G.Pow((ulong)o) : G.Pow((ulong)-o).Inverse());
        }

        /// <summary>Σₖ βᵏ·(P_{c_k}(x) − y_k)/(x − x_k), term by term.</summary>
        public Felt DirectDeepValue(Felt x)
        {
            Felt sum = Felt.Zero, weight = Felt.One;
            for (int k = 0; k < Oods.Length; k++, weight *= Beta)
                sum += weight * (StoneLowDegreeExtension.Evaluate(Columns[ColumnOf(k)], x) - Oods[k]) * (x - PointOf(k)).Inverse();
            return sum;
        }
    }
}
