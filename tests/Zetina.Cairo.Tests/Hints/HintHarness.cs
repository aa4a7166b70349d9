using System.Numerics;
using System.Text;
using System.Text.Json;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Hints;

/// <summary>
/// Runs one hint in a one-instruction program (<c>ret</c>) whose ids are <c>[ap + k]</c> cells: k-th id at
/// execution offset 2 + k (where ap starts in a non-proof run). Values are preset before the hint runs.
/// With <c>builtins</c> (all_cairo layout) the program is <c>ap += n; ret</c>, so the first n ids' cells are
/// the builtins' returned stop pointers, and ids start at offset 2 + n.
/// </summary>
internal static class HintHarness
{
    public const string Uint256 = "starkware.cairo.common.uint256.Uint256";

    public static CairoRunner Run(string code, (string Name, string Type)[] ids, Action<Memory, Relocatable> setup, string? input = null) =>
        RunAll([code], ids, setup, input);

    /// <summary>Like <see cref="Run"/>, with constants <c>__main__.main.NAME</c> visible to the hint.</summary>
    public static CairoRunner RunWithConstants(string code, (string Name, string Type)[] ids, (string Name, string Value)[] constants, Action<Memory, Relocatable> setup)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in constants)
            sb.Append(",\"__main__.main.").Append(name).Append("\": {\"type\": \"const\", \"value\": ").Append(value).Append('}');
        return RunAll([code], ids, setup, null, sb.ToString());
    }

    /// <summary>Several hints at the same pc, run in order with a shared scope.</summary>
    public static CairoRunner RunAll(string[] codes, (string Name, string Type)[] ids, Action<Memory, Relocatable> setup, string? input = null, string extraIdentifiers = "", string[]? builtins = null)
    {
        var refs = new StringBuilder();
        var refIds = new StringBuilder();
        for (int k = 0; k < ids.Length; k++)
        {
            if (k > 0) { refs.Append(','); refIds.Append(','); }
            refs.Append($$"""{"ap_tracking_data": {"group": 0, "offset": 0}, "pc": 0, "value": "[cast(ap + {{k}}, {{ids[k].Type}}*)]"}""");
            refIds.Append($$"""  "__main__.main.{{ids[k].Name}}": {{k}}""");
        }
        var list = new List<string>();
        foreach (string code in codes)
            list.Add("{\"accessible_scopes\": [\"__main__\", \"__main__.main\"], \"code\": " +
                JsonSerializer.Serialize(code, CairoTestJson.Default.String) +
                ", \"flow_tracking_data\": {\"ap_tracking\": {\"group\": 0, \"offset\": 0}, \"reference_ids\": {" + refIds + "}}}");
        string hints = "{\"0\": [" + string.Join(",", list) + "]}";
        string json = $$"""
            {
              "prime": "0x800000000000011000000000000000000000000000000000000000000000001",
              "data": [{{(builtins is null ? "" : $"\"0x40780017fff7fff\", \"0x{builtins.Length:x}\", ")}}"0x208b7fff7fff7ffe"],
              "builtins": [{{string.Join(", ", (builtins ?? []).Select(b => "\"" + b + "\""))}}],
              "hints": {{hints}},
              "main_scope": "__main__",
              "identifiers": {
                "__main__.main": {"type": "function", "pc": 0, "decorators": []},
                "{{Uint256}}": {"type": "struct", "size": 2, "full_name": "{{Uint256}}",
                  "members": {"low": {"cairo_type": "felt", "offset": 0}, "high": {"cairo_type": "felt", "offset": 1} }
                }{{extraIdentifiers}}
              },
              "reference_manager": {"references": [{{refs}}]},
              "attributes": [],
              "debug_info": null
            }
            """;
        CairoProgram p = ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
        var runner = new CairoRunner(p, new RunOptions { ProgramInputJson = input, Layout = builtins is null ? CairoLayout.Plain : CairoLayout.AllCairo });
        // ap starts after the entry stack: the builtin bases, then return fp and end.
        runner.BeforeRun = m => setup(m, new Relocatable(1, 2 + (builtins?.Length ?? 0)));
        runner.Run();
        return runner;
    }

    public static MaybeRelocatable F(BigInteger v) => MaybeRelocatable.FromFelt(Felt.FromBigInteger(((v % Felt.Modulus) + Felt.Modulus) % Felt.Modulus));

    public static BigInteger Read(CairoRunner r, long execOffset) => r.Vm.Memory.GetFelt(new Relocatable(1, execOffset)).ToBigInteger();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class CairoTestJson : System.Text.Json.Serialization.JsonSerializerContext;
