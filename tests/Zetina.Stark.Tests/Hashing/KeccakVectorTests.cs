using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Tests.Hashing;

/// <summary>Keccak-256, starknet_keccak and selectors against the "keccak" section of the @scure/starknet vectors.</summary>
public class KeccakVectorTests
{
    public static IEnumerable<object[]> Keccak256Cases => StarknetVectors.Indices("keccak", "keccak256");
    public static IEnumerable<object[]> StarknetKeccakCases => StarknetVectors.Indices("keccak", "starknet_keccak");
    public static IEnumerable<object[]> SelectorCases => StarknetVectors.Indices("keccak", "selectors");

    [Theory]
    [MemberData(nameof(Keccak256Cases))]
    public void Keccak256_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "keccak", "keccak256");
        byte[] data = Convert.FromHexString(c.Str("data")[2..]);
        Assert.Equal(c.GetProperty("length").GetInt32(), data.Length);
        Assert.Equal(c.Str("keccak256"), "0x" + Convert.ToHexStringLower(Keccak256.Hash(data)));
    }

    [Theory]
    [MemberData(nameof(StarknetKeccakCases))]
    public void StarknetKeccak_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "keccak", "starknet_keccak");
        byte[] data = Convert.FromHexString(c.Str("data")[2..]);
        Assert.Equal(c.Str("keccak256"), "0x" + Convert.ToHexStringLower(Keccak256.Hash(data)));
        Assert.Equal(c.Str("starknet_keccak"), StarknetKeccak.Hash(data).ToHexString());
    }

    [Theory]
    [MemberData(nameof(SelectorCases))]
    public void Selector_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "keccak", "selectors");
        string name = c.Str("name");
        Assert.Equal(c.Str("starknet_keccak"), StarknetKeccak.Hash(System.Text.Encoding.ASCII.GetBytes(name)).ToHexString());
        Assert.Equal(c.Str("selector"), StarknetKeccak.Selector(name).ToHexString());
    }

    [Fact]
    public void Selector_DefaultEntryPoints_AreZero()
    {
        Assert.Equal(Felt.Zero, StarknetKeccak.Selector("__default__"));
        Assert.Equal(Felt.Zero, StarknetKeccak.Selector("__l1_default__"));
    }

    [Fact]
    public void Selector_NonAsciiName_Throws() =>
        Assert.Throws<ArgumentException>(() => StarknetKeccak.Selector("transfér"));

    [Fact]
    public void Permute_ZeroState_MatchesKeccakTeamKnownAnswer()
    {
        // Keccak-f[1600] of the all-zero state, first lane: the Keccak team's KeccakF-1600-IntermediateValues.txt.
        Span<ulong> s = stackalloc ulong[25];
        s.Clear();
        KeccakF1600.Permute(s);
        Assert.Equal(0xF1258F7940E1DDE7UL, s[0]);
        Assert.Equal(0x84D5CCF933C0478AUL, s[1]);
    }

    [Fact]
    public void Permute_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => KeccakF1600.Permute(new ulong[24]));

    [Fact]
    public void Hash_ShortDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => Keccak256.Hash([1, 2, 3], new byte[31]));
}
