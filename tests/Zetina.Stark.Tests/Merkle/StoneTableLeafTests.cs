using Xunit.Abstractions;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Tests.Merkle;

/// <summary>
/// The batched leaf and pair hashing of Stone commitments against the one-at-a-time forms, on seeded random rows (the
/// seed is printed): <see cref="StoneTableLeaf.DigestRows(ReadOnlySpan{Felt}, int, bool, StoneMaskedHash, Span{byte})"/>
/// against <see cref="StoneTableLeaf.Digest"/>, <see cref="StoneMaskedHash.HashMany"/> against <see cref="StoneMaskedHash.Hash"/>.
/// </summary>
public class StoneTableLeafTests(ITestOutputHelper output)
{
    private Random Seeded()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        return new Random(seed);
    }

    [Theory]
    [InlineData("keccak256_masked160_lsb", 7, 13, false)]
    [InlineData("keccak256_masked160_msb", 3, 9, false)]
    [InlineData("blake256_masked248_lsb", 2, 5, false)]
    [InlineData("keccak256", 1, 6, false)]
    [InlineData("keccak256_masked160_lsb", 7, 13, true)]
    [InlineData("keccak256_masked160_lsb", 16, 9, true)]
    [InlineData("keccak256_masked160_lsb", 1, 6, true)]
    public void DigestRows_RandomRows_EqualDigestPerRow(string hashName, int width, int count, bool friendly)
    {
        Random rng = Seeded();
        StoneMaskedHash hash = StoneMaskedHash.TryCreate(hashName)!;
        var rows = new Felt[width * count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64());
        var digests = new byte[32 * count];
        StoneTableLeaf.DigestRows(rows, width, friendly, hash, digests);
        for (int r = 0; r < count; r++)
            Assert.Equal(StoneTableLeaf.Digest(rows.AsSpan(r * width, width), friendly, hash), digests.AsSpan(32 * r, 32).ToArray());
    }

    [Theory]
    [InlineData("keccak256_masked160_lsb", 64, 11)]
    [InlineData("keccak256_masked160_msb", 224, 8)]
    [InlineData("blake256_masked160_lsb", 64, 5)]
    public void HashMany_RandomMessages_EqualHashPerMessage(string hashName, int length, int count)
    {
        Random rng = Seeded();
        StoneMaskedHash hash = StoneMaskedHash.TryCreate(hashName)!;
        var data = new byte[length * count];
        rng.NextBytes(data);
        var digests = new byte[32 * count];
        hash.HashMany(data, length, digests);
        var one = new byte[32];
        for (int j = 0; j < count; j++)
        {
            hash.Hash(data.AsSpan(j * length, length), one);
            Assert.Equal(one, digests.AsSpan(32 * j, 32).ToArray());
        }
    }

    [Fact]
    public void DigestRows_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => StoneTableLeaf.DigestRows(new Felt[5], 2, false, StoneMaskedHash.TryCreate("keccak256")!, new byte[64]));
}
