using System.Text.Json;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Tests.Pie;

public sealed class CairoPieTests
{
    private const string Case = "pie_fibonacci_hint_recursive_with_poseidon";

    private static CairoPie Reference(string file) => CairoPie.Read(new MemoryStream(TestData.Read(Case, file)));

    private static Dictionary<Relocatable, MaybeRelocatable> Map(IEnumerable<KeyValuePair<Relocatable, MaybeRelocatable>> cells)
    {
        var d = new Dictionary<Relocatable, MaybeRelocatable>();
        foreach (var kv in cells) Assert.True(d.TryAdd(kv.Key, kv.Value), $"{kv.Key} twice");
        return d;
    }

    private static void AssertSamePie(CairoPie expected, CairoPie actual)
    {
        Assert.Equal(expected.ProgramData, actual.ProgramData);
        Assert.Equal(expected.Builtins, actual.Builtins);
        Assert.Equal(expected.Main, actual.Main);
        Assert.Equal(expected.ProgramSegment, actual.ProgramSegment);
        Assert.Equal(expected.ExecutionSegment, actual.ExecutionSegment);
        Assert.Equal(expected.RetFpSegment, actual.RetFpSegment);
        Assert.Equal(expected.RetPcSegment, actual.RetPcSegment);
        Assert.Equal(expected.BuiltinSegments, actual.BuiltinSegments);
        Assert.Equal(expected.ExtraSegments, actual.ExtraSegments);
        Assert.Equal(expected.Resources.NSteps, actual.Resources.NSteps);
        Assert.Equal(expected.Resources.NMemoryHoles, actual.Resources.NMemoryHoles);
        Assert.Equal(expected.Resources.BuiltinInstanceCounter, actual.Resources.BuiltinInstanceCounter);
        Dictionary<Relocatable, MaybeRelocatable> e = Map(expected.Memory), a = Map(actual.Memory);
        Assert.Equal(e.Count, a.Count);
        foreach (var kv in e)
        {
            Assert.True(a.TryGetValue(kv.Key, out MaybeRelocatable v), $"{kv.Key} missing");
            Assert.True(kv.Value == v, $"{kv.Key}: expected {kv.Value}, got {v}");
        }
        using JsonDocument ea = JsonDocument.Parse(expected.AdditionalDataJson), aa = JsonDocument.Parse(actual.AdditionalDataJson);
        TestData.AssertJsonEqual(ea.RootElement, aa.RootElement, "additional_data");
    }

    [Theory]
    [InlineData("cairo_pie.zip", 10)]
    [InlineData("cairo_pie_medium.zip", 1000)]
    public void Program_RunWithInputToPie_EqualsReferencePie(string pieFile, int index)
    {
        CairoProgram program = ProgramLoader.Load(TestData.Read(Case, "program.json"));
        var runner = new CairoRunner(program, new RunOptions
        {
            Layout = CairoLayout.RecursiveWithPoseidon,
            Trace = false,
            ProgramInputJson = $"{{\"fibonacci_claim_index\": {index}}}",
        });
        runner.Run();
        AssertSamePie(Reference(pieFile), CairoPie.FromRunner(runner));
    }

    [Theory]
    [InlineData("cairo_pie.zip")]
    [InlineData("cairo_pie_medium.zip")]
    public void ReferencePie_RerunFromPie_ReproducesItsMemoryAndResources(string pieFile)
    {
        CairoPie pie = Reference(pieFile);
        CairoRunner runner = CairoPie.Run(pie, new RunOptions { Layout = CairoLayout.RecursiveWithPoseidon, Trace = false });
        AssertSamePie(pie, CairoPie.FromRunner(runner));
    }

    [Fact]
    public void Pie_WriteThenRead_RoundTrips()
    {
        CairoPie pie = Reference("cairo_pie.zip");
        using var ms = new MemoryStream();
        CairoPie.Write(ms, pie);
        ms.Position = 0;
        AssertSamePie(pie, CairoPie.Read(ms));
    }

    [Fact]
    public void Pie_NotAZip_IsMalformedPie()
    {
        var e = Assert.Throws<Zetina.Cairo.Errors.MalformedPieException>(() => CairoPie.Read(new MemoryStream("not a zip"u8.ToArray())));
        Assert.Equal(Zetina.Cairo.Errors.CairoErrorKind.MalformedPie, e.Kind);
        Assert.Equal(Zetina.Cairo.Errors.PieDefect.BadFormat, e.Defect);
    }
}
