using System.IO.Compression;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Support;

/// <summary>
/// The shared Stone reference case <c>proof_stonecli_fibonacci_recursive_builtins</c>: fib(10000) compiled with
/// <c>--proof_mode</c> (builtins output, pedersen, range_check, bitwise) and the proof Stone's <c>cpu_air_prover</c> made of
/// its run (layout recursive, 65,536 steps, 16 queries · 2 + 32 = 64 security bits). The program is run once here with
/// our VM, as a delegator does, to get the job's program hash and header.
/// </summary>
internal static class StoneFixtures
{
    private const string Case = "proof_stonecli_fibonacci_recursive_builtins";

    /// <summary>The security bits of the reference proof (n_queries 16 · log_n_cosets 2 + proof_of_work_bits 32).</summary>
    public const int ProofSecurityBits = 64;

    private static readonly Lazy<byte[]> s_program = new(() => File.ReadAllBytes(RepoPaths.SharedFile("testdata", "cairo", Case, "program.json")));

    private static readonly Lazy<byte[]> s_proof = new(() =>
    {
        using var gz = new GZipStream(File.OpenRead(RepoPaths.SharedFile("testdata", "cairo", Case, "proof_stone5_keccak160lsb.json.gz")), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gz.CopyTo(bytes);
        return bytes.ToArray();
    });

    private static readonly Lazy<CairoRunner> s_run = new(() => CairoJobProver.Run(Body));

    /// <summary>The compiled program's bytes.</summary>
    public static byte[] Program => s_program.Value;

    /// <summary>Stone's proof of the program's run (the JSON file's bytes).</summary>
    public static byte[] Proof => s_proof.Value;

    /// <summary>The job body a delegator publishes for the program.</summary>
    public static JobBody Body => new("recursive", 1 << 17, Program, []);

    /// <summary>Our VM's proof-mode run of the program.</summary>
    public static CairoRun Run => s_run.Value.Result;

    /// <summary>The job's program hash: the chain over the run's header and bytecode (what a delegator signs).</summary>
    public static Felt ProgramHash => Cairo.Air.ProgramHash.Of(Run);

    /// <summary>The program header a reveal names.</summary>
    public static ProgramHeader Header => new(Run.ProgramMain, [.. Run.ProgramBuiltins]);

    /// <summary>The program's output: [10000, fib(10000) mod p] (MANIFEST.md).</summary>
    public static Felt[] Output => [.. s_run.Value.Output()];

    /// <summary>
    /// A stand-in for the Stone prover, for tests of the executor's flow only: it hands out Stone's own proof of this
    /// program, after checking that the run it is given is of this program (same program hash), and refuses any other
    /// run. It proves nothing itself.
    /// </summary>
    public static StoneJobProver RecordedProver() => new(CairoJobProver.Run, (run, _, _) =>
        Cairo.Air.ProgramHash.Of(run) == ProgramHash ? Proof : throw new JobRejectedException("no recorded Stone proof for this program"));
}
