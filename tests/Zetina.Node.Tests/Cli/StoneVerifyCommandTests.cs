using System.IO.Compression;
using System.Text.Json;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina verify</c> on Stone proofs: the statement it prints and Integrity's parameter verdict.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StoneVerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-stone-verify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Valid_proof_with_Integrity_parameters_says_so()
    {
        string proof = RepoPaths.SharedFile("testdata", "cairo", "c1_dipdup_fibonacci_small", "proof.json");
        var r = ConsoleCapture.Run("verify", proof);
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        Assert.Contains("valid (Stone proof)", r.Out);
        Assert.Contains("layout        small", r.Out);
        Assert.Contains("integrity     parameters accepted", r.Out);
    }

    [Fact]
    public void Parameters_Integrity_refuses_are_named_even_when_the_proof_fails()
    {
        // The shared bootloader proof starts its FRI steps with 4 (Integrity requires a leading 0); it is also of an
        // older AIR revision, so the verifier refuses it: both verdicts are printed.
        string gz = RepoPaths.SharedFile("testdata", "cairo", "c0_bootloader_program_fibonacci_starknet_with_keccak", "proof.json.gz");
        string proof = Path.Combine(_dir, "proof.json");
        using (var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress))
        using (FileStream output = File.Create(proof)) input.CopyTo(output);
        var r = ConsoleCapture.Run("verify", proof, "--json");
        Assert.Equal(1, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Out);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.False(doc.RootElement.GetProperty("integrity_parameters").GetBoolean());
        Assert.Contains("fri_step_list[0] is 4", doc.RootElement.GetProperty("integrity_refuses").GetString());
    }
}
