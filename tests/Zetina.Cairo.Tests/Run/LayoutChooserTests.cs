using Zetina.Cairo.Run;

namespace Zetina.Cairo.Tests.Run;

/// <summary><see cref="CairoLayout.SmallestFor"/>: the cheapest published layout with a program's declared builtins.</summary>
public sealed class LayoutChooserTests
{
    [Theory]
    [InlineData(new string[0], "plain")]
    [InlineData(new[] { "output" }, "small")]
    [InlineData(new[] { "output", "pedersen", "range_check", "ecdsa" }, "small")]
    [InlineData(new[] { "output", "pedersen", "range_check", "bitwise" }, "recursive")]
    [InlineData(new[] { "poseidon" }, "recursive_large_output")]
    [InlineData(new[] { "output", "ecdsa", "poseidon" }, "starknet")]
    [InlineData(new[] { "keccak" }, "starknet_with_keccak")]
    [InlineData(new[] { "range_check96" }, "all_cairo")]
    public void SmallestFor_DeclaredBuiltins_CheapestLayoutHavingThemAll(string[] builtins, string expected)
    {
        CairoLayout? chosen = CairoLayout.SmallestFor(builtins);
        Assert.NotNull(chosen);
        Assert.Equal(expected, chosen.Name);
        Assert.All(builtins, b => Assert.True(chosen.Has(b), b));
    }

    [Fact]
    public void SmallestFor_UnknownBuiltin_Null()
    {
        Assert.Null(CairoLayout.SmallestFor(["output", "segment_arena"]));
    }

    [Fact]
    public void ByCost_EveryLayoutOnceInBuiltinCountOrder()
    {
        Assert.Equal(CairoLayout.All.Select(l => l.Name).Order(), CairoLayout.ByCost.Select(l => l.Name).Order());
        for (int i = 1; i < CairoLayout.ByCost.Count; i++)
            Assert.True(CairoLayout.ByCost[i - 1].Builtins.Count <= CairoLayout.ByCost[i].Builtins.Count, CairoLayout.ByCost[i].Name);
        Assert.Equal(["plain", "small", "recursive", "dex"], CairoLayout.ByCost.Take(4).Select(l => l.Name));
    }
}
