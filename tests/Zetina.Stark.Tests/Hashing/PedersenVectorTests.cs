using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Tests.Hashing;

namespace Zetina.Stark.Tests.Hashing;

/// <summary>Pedersen against the "pedersen" section of the @scure/starknet vectors.</summary>
public class PedersenVectorTests
{
    public static IEnumerable<object[]> PairCases => StarknetVectors.Indices("pedersen", "pairs");
    public static IEnumerable<object[]> HashOnElementsCases => StarknetVectors.Indices("pedersen", "hash_on_elements");

    [Theory]
    [MemberData(nameof(PairCases))]
    public void Hash_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "pedersen", "pairs");
        Assert.Equal(c.Str("hash"), PedersenHash.Hash(Felt.Parse(c.Str("x")), Felt.Parse(c.Str("y"))).ToHexString());
    }

    [Theory]
    [MemberData(nameof(HashOnElementsCases))]
    public void HashOnElements_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "pedersen", "hash_on_elements");
        Felt[] xs = PoseidonVectorTests.ParseArray(c.GetProperty("elements"));
        Assert.Equal(c.Str("hash"), PedersenHash.HashOnElements(xs).ToHexString());
    }

    [Theory]
    [MemberData(nameof(PairCases))]
    public void Hash_SmallAndLargeTables_BothMatchReference(int index)
    {
        var c = StarknetVectors.Case(index, "pedersen", "pairs");
        Felt x = Felt.Parse(c.Str("x")), y = Felt.Parse(c.Str("y"));
        Assert.Equal(c.Str("hash"), PedersenHash.Hash(x, y, largeTables: false).ToHexString());
        Assert.Equal(c.Str("hash"), PedersenHash.Hash(x, y, largeTables: true).ToHexString());
    }

    [Fact]
    public void Hash_ExtremeInputs_SmallAndLargeTablesAgree()
    {
        Felt max = Felt.Zero - Felt.One;
        Felt[] inputs = [Felt.Zero, Felt.One, max, Felt.FromUInt64(ulong.MaxValue), Felt.Parse("0x" + new string('f', 62))];
        foreach (Felt a in inputs)
            foreach (Felt b in inputs)
                Assert.Equal(PedersenHash.Hash(a, b, largeTables: true), PedersenHash.Hash(a, b, largeTables: false));
    }
}
