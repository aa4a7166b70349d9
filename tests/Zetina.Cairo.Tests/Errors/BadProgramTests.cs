using System.Text;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Errors;

/// <summary>Each kind of bad program gives its own typed error with a message naming what was wrong.</summary>
public sealed class BadProgramTests
{
    private const string Prime = "0x800000000000011000000000000000000000000000000000000000000000001";

    private static string ProgramJson(string data, string builtins = "[]", string hints = "{}", string attributes = "[]", string prime = Prime) => $$"""
        {
          "prime": "{{prime}}",
          "data": [{{data}}],
          "builtins": {{builtins}},
          "hints": {{hints}},
          "main_scope": "__main__",
          "identifiers": { "__main__.main": { "type": "function", "pc": 0, "decorators": [] } },
          "reference_manager": { "references": [] },
          "attributes": {{attributes}},
          "debug_info": null
        }
        """;

    private static CairoProgram Load(string json) => ProgramLoader.Load(Encoding.UTF8.GetBytes(json));

    private static CairoException RunExpectingError(string json, long maxSteps = long.MaxValue)
    {
        CairoProgram p = Load(json);
        var runner = new CairoRunner(p, new RunOptions { MaxSteps = maxSteps });
        return Assert.ThrowsAny<CairoException>(runner.Run);
    }

    [Fact]
    public void Load_MalformedJson_IsMalformedProgram()
    {
        var e = Assert.Throws<CairoException>(() => Load("{\"prime\": "));
        Assert.Equal(CairoErrorKind.MalformedProgram, e.Kind);
        Assert.Contains("JSON", e.Message);
    }

    [Fact]
    public void LoadFile_GzipProgram_ReadsAsTheJsonAndABadGzipIsMalformed()
    {
        string gz = Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", "c0_stwo_all_builtins_all_cairo", "program.json.gz");
        CairoProgram fromGz = ProgramLoader.LoadFile(gz);
        Assert.Equal(ProgramLoader.Load(Zetina.Cairo.Run.DataFile.ReadAllBytes(gz)).Data.Length, fromGz.Data.Length);
        Assert.NotEmpty(fromGz.Data);

        string bad = Path.Combine(Path.GetTempPath(), $"zetina-bad-{Guid.NewGuid():N}.json.gz");
        File.WriteAllText(bad, "{\"prime\": \"not gzip at all\"}");
        try
        {
            var e = Assert.Throws<CairoException>(() => ProgramLoader.LoadFile(bad));
            Assert.Equal(CairoErrorKind.MalformedProgram, e.Kind);
            Assert.Contains("gzip", e.Message);
        }
        finally { File.Delete(bad); }
    }

    [Fact]
    public void Load_MissingData_IsMalformedProgram()
    {
        var e = Assert.Throws<CairoException>(() => Load($$"""{"prime": "{{Prime}}"}"""));
        Assert.Equal(CairoErrorKind.MalformedProgram, e.Kind);
        Assert.Contains("data", e.Message);
    }

    [Fact]
    public void Load_WrongPrime_IsWrongPrime()
    {
        var e = Assert.Throws<CairoException>(() => Load(ProgramJson("\"0x1\"", prime: "0xffffffff00000001")));
        Assert.Equal(CairoErrorKind.WrongPrime, e.Kind);
        Assert.Contains("0xffffffff00000001", e.Message);
    }

    [Fact]
    public void Load_UnknownBuiltin_IsUnknownBuiltin()
    {
        var e = Assert.Throws<CairoException>(() => Load(ProgramJson("\"0x1\"", builtins: "[\"output\", \"sha512\"]")));
        Assert.Equal(CairoErrorKind.UnknownBuiltin, e.Kind);
        Assert.Contains("sha512", e.Message);
    }

    [Fact]
    public void Load_BuiltinsOutOfOrder_IsUnknownBuiltin()
    {
        var e = Assert.Throws<CairoException>(() => Load(ProgramJson("\"0x1\"", builtins: "[\"range_check\", \"output\"]")));
        Assert.Equal(CairoErrorKind.UnknownBuiltin, e.Kind);
    }

    [Fact]
    public void Run_BuiltinMissingFromLayout_IsUnknownBuiltin()
    {
        CairoProgram p = Load(ProgramJson("\"0x208b7fff7fff7ffe\"", builtins: "[\"output\"]"));
        var e = Assert.Throws<CairoException>(() => new CairoRunner(p, new RunOptions()).Run());
        Assert.Equal(CairoErrorKind.UnknownBuiltin, e.Kind);
        Assert.Contains("plain", e.Message);
    }

    [Fact]
    public void Run_JumpOutOfProgram_IsPcOutOfProgram()
    {
        // jmp rel 10 — lands past the two words of code.
        CairoException e = RunExpectingError(ProgramJson("\"0x10780017fff7fff\", \"0xa\""));
        Assert.Equal(CairoErrorKind.PcOutOfProgram, e.Kind);
        Assert.Equal(new Relocatable(0, 10), e.Pc!.Value);
    }

    [Fact]
    public void Run_UnknownOpcode_IsInvalidInstruction()
    {
        // opcode flags = 3 (bits 12 and 13), not one of nop/call/ret/assert_eq.
        CairoException e = RunExpectingError(ProgramJson("\"0x3000800080008000\""));
        Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
        Assert.Contains("opcode", e.Message);
    }

    [Fact]
    public void Run_FailedAssertWithErrorMessageAttribute_CarriesPcAndMessage()
    {
        // [ap] = 5; [ap] = 6 (fails at pc 2); ret
        string attrs = """[{"name": "error_message", "start_pc": 2, "end_pc": 4, "value": "x must be 5", "flow_tracking_data": null, "accessible_scopes": ["__main__"]}]""";
        CairoException e = RunExpectingError(ProgramJson("\"0x400680017fff8000\", \"0x5\", \"0x400680017fff8000\", \"0x6\", \"0x208b7fff7fff7ffe\"", attributes: attrs));
        var a = Assert.IsType<AssertionFailedException>(e);
        Assert.Equal(new Relocatable(0, 2), a.Pc!.Value);
        Assert.Equal(["x must be 5"], a.ErrorMessages);
        Assert.Contains("x must be 5", a.Message);
    }

    [Fact]
    public void Run_StepLimit_IsMaxStepsExceeded()
    {
        var runner = new CairoRunner(SamplePrograms.Fibonacci(1000), new RunOptions { MaxSteps = 100 });
        var e = Assert.Throws<MaxStepsExceededException>(runner.Run);
        Assert.Equal(100, e.MaxSteps);
        Assert.Equal(CairoErrorKind.MaxStepsExceeded, e.Kind);
    }

    [Fact]
    public void Run_UnknownHint_NamesTheCodeAndPc()
    {
        string hints = """{"0": [{"accessible_scopes": ["__main__"], "code": "print('hello')", "flow_tracking_data": {"ap_tracking": {"group": 0, "offset": 0}, "reference_ids": {}}}]}""";
        CairoException e = RunExpectingError(ProgramJson("\"0x208b7fff7fff7ffe\"", hints: hints));
        var u = Assert.IsType<UnknownHintException>(e);
        Assert.Equal("print('hello')", u.Code);
        Assert.Equal(new Relocatable(0, 0), u.HintPc);
    }

    [Fact]
    public void Memory_WriteConflict_IsWriteConflictWithBothValues()
    {
        var m = new Memory();
        Relocatable s = m.AddSegment();
        m.Insert(s, MaybeRelocatable.FromFelt(Felt.FromUInt64(1)));
        m.Insert(s, MaybeRelocatable.FromFelt(Felt.FromUInt64(1)));
        var e = Assert.Throws<WriteConflictException>(() => m.Insert(s, MaybeRelocatable.FromFelt(Felt.FromUInt64(2))));
        Assert.Equal(CairoErrorKind.WriteConflict, e.Kind);
        Assert.Equal(Felt.FromUInt64(1), e.Existing.Felt);
        Assert.Equal(Felt.FromUInt64(2), e.Attempted.Felt);
    }

    [Fact]
    public void Run_ProofModeWithoutMain_IsRunnerError()
    {
        string json = ProgramJson("\"0x208b7fff7fff7ffe\"").Replace("\"__main__.main\"", "\"__main__.other\"");
        var e = Assert.Throws<CairoException>(() => new CairoRunner(Load(json), new RunOptions { ProofMode = true }).Run());
        Assert.Equal(CairoErrorKind.RunnerError, e.Kind);
    }
}
