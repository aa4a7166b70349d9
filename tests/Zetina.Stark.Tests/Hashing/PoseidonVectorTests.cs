using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Tests.Hashing;

/// <summary>Poseidon (Hades) against the "poseidon" section of the @scure/starknet vectors.</summary>
public class PoseidonVectorTests
{
    public static IEnumerable<object[]> PermutationCases => StarknetVectors.Indices("poseidon", "hades_permutation");
    public static IEnumerable<object[]> HashCases => StarknetVectors.Indices("poseidon", "hash");
    public static IEnumerable<object[]> HashSingleCases => StarknetVectors.Indices("poseidon", "hash_single");
    public static IEnumerable<object[]> HashManyCases => StarknetVectors.Indices("poseidon", "hash_many");

    [Theory]
    [MemberData(nameof(PermutationCases))]
    public void Permute_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "poseidon", "hades_permutation");
        Felt[] state = ParseArray(c.GetProperty("input"));
        PoseidonHash.Permute(state);
        Assert.Equal(ToHex(c.GetProperty("output")), state.Select(f => f.ToHexString()).ToArray());
    }

    [Theory]
    [MemberData(nameof(HashCases))]
    public void Hash_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "poseidon", "hash");
        Assert.Equal(c.Str("hash"), PoseidonHash.Hash(Felt.Parse(c.Str("x")), Felt.Parse(c.Str("y"))).ToHexString());
    }

    [Theory]
    [MemberData(nameof(HashSingleCases))]
    public void HashSingle_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "poseidon", "hash_single");
        Assert.Equal(c.Str("hash"), PoseidonHash.HashSingle(Felt.Parse(c.Str("x"))).ToHexString());
    }

    [Theory]
    [MemberData(nameof(HashManyCases))]
    public void HashMany_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "poseidon", "hash_many");
        Assert.Equal(c.Str("hash"), PoseidonHash.HashMany(ParseArray(c.GetProperty("values"))).ToHexString());
    }

    [Fact]
    public void Permute_WrongWidth_Throws() =>
        Assert.Throws<ArgumentException>(() => PoseidonHash.Permute(new Felt[2]));

    [Fact]
    public void HashMany_TwoElements_EqualsPermutationOfPaddedBlocks()
    {
        // hash_many([a, b]) absorbs [a, b], permutes, absorbs [1, 0], permutes.
        Felt a = 5, b = 7;
        Felt[] s = [a, b, Felt.Zero];
        PoseidonHash.Permute(s);
        s[0] += Felt.One;
        PoseidonHash.Permute(s);
        Assert.Equal(s[0], PoseidonHash.HashMany([a, b]));
    }

    internal static Felt[] ParseArray(System.Text.Json.JsonElement array)
    {
        var result = new Felt[array.GetArrayLength()];
        int i = 0;
        foreach (var e in array.EnumerateArray()) result[i++] = Felt.Parse(e.GetString()!);
        return result;
    }

    private static string[] ToHex(System.Text.Json.JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
