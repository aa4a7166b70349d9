using System.Text.Json;
using Zetina.Cairo.Hints;

namespace Zetina.Cairo.Tests.Hints;

public sealed class NativeHintsTests
{
    [Theory]
    [InlineData("c0_stwo_all_builtins_all_cairo", "program.json")]
    [InlineData("c0_stwo_bitwise_all_cairo", "program.json")]
    [InlineData("c0_stwo_pedersen_all_cairo", "program.json")]
    [InlineData("c0_stwo_range_check96_all_cairo", "program.json")]
    [InlineData("c0_fibonacci_hint_recursive", "program_nonproof.json")]
    [InlineData("pie_fibonacci_hint_recursive_with_poseidon", "program.json")]
    public void SharedProgram_EveryHint_HasANativeImplementation(string caseName, string file)
    {
        using JsonDocument doc = JsonDocument.Parse(TestData.Read(caseName, file));
        foreach (JsonProperty pc in doc.RootElement.GetProperty("hints").EnumerateObject())
            foreach (JsonElement h in pc.Value.EnumerateArray())
            {
                string code = h.GetProperty("code").GetString()!;
                Assert.True(NativeHints.Registry.ContainsKey(code.Trim()), $"no native hint for pc {pc.Name}: {code}");
            }
    }

    [Fact]
    public void Registry_CommonLibraryHints_ArePresent()
    {
        Assert.Contains(AllocHints.Alloc, NativeHints.Registry.Keys);
        Assert.Contains(MathHints.AssertNn, NativeHints.Registry.Keys);
        Assert.Contains(MemcpyHints.ContinueCopying, NativeHints.Registry.Keys);
    }
}
