using Xunit.Abstractions;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Tests.Hashing;

/// <summary>
/// The Poseidon permutation's two fast forms against a textbook one: the scalar permutation with its partial-round
/// constants moved, and the lane permutation over <see cref="PoseidonHash.Lanes"/> states at once. Seeded random
/// states (the seed is printed) and edge values (0, 1, p − 1, and raw limbs at the 52-bit boundaries).
/// </summary>
public unsafe class PoseidonLanesTests(ITestOutputHelper output)
{
    private static readonly Felt[] EdgeValues =
    [
        Felt.Zero, Felt.One, Felt.MinusOne, new Felt(0, 0, 0, Felt.P3), new Felt(1UL << 52, 0, 0, 0),
        new Felt(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, Felt.P3 - 1), new Felt(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, (1UL << 59) - 1),
        new Felt(0, 0, 0, 1UL << 59),
    ];

    private Random Seeded()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        return new Random(seed);
    }

    private static Felt RandomFelt(Random rng, int i) => i % 7 == 3
        ? EdgeValues[rng.Next(EdgeValues.Length)]
        : Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64());

    /// <summary>Hades as the reference writes it: every round adds three constants, then S-boxes, then M.</summary>
    private static void TextbookPermute(Felt[] s)
    {
        int half = PoseidonHash.FullRounds / 2;
        for (int r = 0; r < PoseidonHash.TotalRounds; r++)
        {
            for (int i = 0; i < 3; i++) s[i] += PoseidonHash.RoundConstant(r, i);
            bool full = r < half || r >= half + PoseidonHash.PartialRounds;
            for (int i = full ? 0 : 2; i < 3; i++) s[i] = s[i] * s[i] * s[i];
            Felt t = s[0] + s[1] + s[2];
            (s[0], s[1], s[2]) = (t + s[0] + s[0], t - s[1] - s[1], t - s[2] - s[2] - s[2]);
        }
    }

    [Fact]
    public void Permute_RandomStates_EqualsTextbookRounds()
    {
        Random rng = Seeded();
        for (int round = 0; round < 50; round++)
        {
            Felt[] state = [RandomFelt(rng, 3 * round), RandomFelt(rng, 3 * round + 1), RandomFelt(rng, 3 * round + 2)];
            Felt[] expected = [.. state];
            TextbookPermute(expected);
            PoseidonHash.Permute(state);
            Assert.Equal(expected, state);
        }
    }

    [Fact]
    public void PermuteLanes_RandomStates_EqualScalarPerState()
    {
        // The lane code runs wherever Vector<T> has 4 or 8 64-bit elements (in software where FMA is missing); elsewhere
        // only the scalar permutation may be used.
        int n = System.Numerics.Vector<ulong>.Count;
        Assert.True(PoseidonHash.LaneFormAvailable || PoseidonHash.Lanes == 1);
        if (!PoseidonHash.LaneFormAvailable) return;
        Random rng = Seeded();
        var states = new Felt[3 * n];
        for (int round = 0; round < 40; round++)
        {
            for (int i = 0; i < states.Length; i++) states[i] = RandomFelt(rng, i + round);
            var expected = new Felt[n][];
            for (int j = 0; j < n; j++)
            {
                expected[j] = [states[j], states[n + j], states[2 * n + j]];
                PoseidonHash.Permute(expected[j]);
            }
            fixed (Felt* p = states) PoseidonHash.PermuteLanes(p);
            for (int j = 0; j < n; j++)
                Assert.True(expected[j].SequenceEqual(new[] { states[j], states[n + j], states[2 * n + j] }), $"round {round}, state {j}");
        }
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 9)]
    [InlineData(2, 8)]
    [InlineData(3, 17)]
    [InlineData(7, 33)]
    [InlineData(16, 12)]
    public void HashManyRows_RandomRows_EqualHashManyPerRow(int width, int count)
    {
        Random rng = Seeded();
        var rows = new Felt[width * count];
        for (int i = 0; i < rows.Length; i++) rows[i] = RandomFelt(rng, i);
        var digests = new Felt[count];
        PoseidonHash.HashManyRows(rows, width, digests);
        for (int j = 0; j < count; j++) Assert.Equal(PoseidonHash.HashMany(rows.AsSpan(j * width, width)), digests[j]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(27)]
    public void HashPairs_RandomPairs_EqualHashPerPair(int count)
    {
        Random rng = Seeded();
        var pairs = new Felt[2 * count];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = RandomFelt(rng, i);
        var digests = new Felt[count];
        PoseidonHash.HashPairs(pairs, digests);
        for (int j = 0; j < count; j++) Assert.Equal(PoseidonHash.Hash(pairs[2 * j], pairs[2 * j + 1]), digests[j]);
    }

    [Fact]
    public void HashManyRows_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => PoseidonHash.HashManyRows(new Felt[5], 2, new Felt[3]));
}
