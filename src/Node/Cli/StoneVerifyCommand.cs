using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Node.Cli;

/// <summary><c>zetina verify</c> for a proof in Stone's format (a JSON object with <c>proof_hex</c>); docs/stone.md.</summary>
internal static class StoneVerifyCommand
{
    /// <summary>Verifies <paramref name="bytes"/>, prints the statement or the first failed check; 0 when valid, 1 otherwise.</summary>
    public static int Run(byte[] bytes, bool json)
    {
        var sw = Stopwatch.StartNew();
        StoneVerificationResult r = StoneVerifier.Verify(bytes, StoneLayoutTable.Find);
        double ms = sw.Elapsed.TotalMilliseconds;
        StoneProofFile? file = null;
        try { file = StoneProofFile.Parse(bytes); } catch (StoneFormatException) { }
        // Integrity's parameter rules: a proof valid for Stone's verifier can still be refused on chain for these alone.
        string? integrity = file is null ? null
            : IntegrityRules.FirstViolation(file.Parameters, System.Numerics.BitOperations.Log2((ulong)Math.Max(1, file.PublicInput.NSteps)) + 4);
        if (json)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("format", "stone");
                w.WriteBoolean("valid", r.IsValid);
                if (!r.IsValid) { w.WriteString("error", r.FailedCheck.ToString()); w.WriteString("message", r.Message); }
                if (file is not null) { w.WriteString("layout", file.PublicInput.Layout); w.WriteNumber("n_steps", file.PublicInput.NSteps); }
                if (r.Version is { } v) w.WriteString("statement_version", v.ToString().ToLowerInvariant());
                if (r.Fact is { } f)
                {
                    w.WriteString("program_hash", f.ProgramHash.ToHexString());
                    w.WriteStartArray("output");
                    foreach (Felt o in f.Output) w.WriteStringValue(o.ToHexString());
                    w.WriteEndArray();
                    w.WriteString("fact_hash", f.Fact.ToHexString());
                }
                w.WriteNumber("security_bits", r.SecurityBits);
                if (file is not null)
                {
                    w.WriteBoolean("integrity_parameters", integrity is null);
                    if (integrity is not null) w.WriteString("integrity_refuses", integrity);
                }
                w.WriteNumber("verify_ms", Math.Round(ms, 2));
                w.WriteEndObject();
            }
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
        else if (r.IsValid)
        {
            Console.Out.WriteLine("valid (Stone proof)");
            Console.Out.WriteLine($"layout        {file!.PublicInput.Layout}");
            Console.Out.WriteLine($"n_steps       {file.PublicInput.NSteps}");
            Console.Out.WriteLine($"statement     {r.Version?.ToString().ToLowerInvariant()}");
            if (r.Fact is { } f)
            {
                Console.Out.WriteLine($"program hash  {f.ProgramHash.ToHexString()}");
                Console.Out.WriteLine($"output        [{string.Join(", ", Array.ConvertAll(f.Output, o => o.ToHexString()))}]");
                Console.Out.WriteLine($"fact hash     {f.Fact.ToHexString()}");
            }
            Console.Out.WriteLine($"security bits {r.SecurityBits}");
            Console.Out.WriteLine(integrity is null ? "integrity     parameters accepted" : $"integrity     parameters refused: {integrity}");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verified in   {ms:F1} ms"));
        }
        else
        {
            Console.Out.WriteLine($"invalid: {r.FailedCheck}: {r.Message}");
        }
        return r.IsValid ? 0 : 1;
    }
}
