using System.Diagnostics;
using System.Text;
using Zetina.Cairo.Air;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Node.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// Runs a job's Cairo program in proof mode with our VM and proves the run with the Cairo AIR, bound
/// to (job id, executor address). A program compiled without <c>--proof_mode</c> is laid out for proof
/// mode by the runner, so delegators need not recompile. With GPU <c>backends</c> the LDE and the
/// commitments run on the device; the proof is the same, byte for byte. <c>optimize</c> picks the parameter preset
/// (<see cref="CairoProver.DefaultParameters(CairoAir, Zetina.Stark.Parameters.ProofOptimization)"/>). A PIE job's body
/// runs as the one task of <paramref name="bootloader"/>; without one, PIE jobs are refused.
/// </summary>
internal sealed class CairoJobProver(int maxThreads = 0, Zetina.Stark.Prover.ProverBackends? backends = null,
    Zetina.Stark.Parameters.ProofOptimization optimize = Zetina.Stark.Parameters.ProofOptimization.Speed,
    BootloaderProgram? bootloader = null) : IJobProver
{
    /// <inheritdoc/>
    public BootloaderProgram? Bootloader => bootloader;

    /// <summary>Threads a proof may use (0: every processor).</summary>
    internal int MaxThreads => maxThreads;

    public Task<ProvedJob> ProveAsync(JobBody body, Felt jobId, Felt executor, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken)
    {
        var runClock = Stopwatch.StartNew();
        progress?.Report(new ProvingProgress("run", 0));
        CairoRunner runner = RunBody(body);
        cancellationToken.ThrowIfCancellationRequested();
        CairoRun input = runner.Result;
        Felt[] output = [.. runner.Output()];
        runClock.Stop();

        var proveClock = Stopwatch.StartNew();
        progress?.Report(new ProvingProgress("prove", 0));
        CairoProof proof;
        try
        {
            proof = CairoProver.Prove(input, new CairoBinding(jobId, executor), parameters: null, maxThreads,
                line => progress?.Report(new ProvingProgress(line, 0)), backends, optimize: optimize);
        }
        catch (CairoTraceException e)
        {
            throw new JobRejectedException("the run cannot be proved: " + e.Message);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ProvedJob(proof.ToJsonBytes(), output, (ulong)input.Trace.Length, proof.Statement.ProgramHash,
            runClock.Elapsed, proveClock.Elapsed));
    }

    /// <summary>
    /// The program hash the proof will state: the Pedersen chain over the proof-mode bytecode, which the
    /// runner lays out — so the delegator runs the program once (a pre-flight check that it runs at all) and
    /// hashes the finished run, without proving it.
    /// </summary>
    public Felt ProgramHash(JobBody body) => Cairo.Air.ProgramHash.Of(RunBody(body).Result);

    /// <inheritdoc/>
    public PieJob ReadPie(JobBody body)
    {
        if (body.Kind != JobBodyKind.Pie) throw new JobRejectedException("the job's body is a program, not a PIE");
        try
        {
            return PieJob.Read(body.Program);
        }
        catch (MalformedPieException e)
        {
            throw new JobRejectedException($"the PIE is unusable ({e.Defect}): {e.Message}");
        }
    }

    /// <summary>Runs a program body in proof mode, or a PIE body as the bootloader's one task.</summary>
    internal CairoRunner RunBody(JobBody body) => body.Kind == JobBodyKind.Pie ? RunPie(body) : Run(body);

    /// <summary>
    /// Runs a PIE body: the bootloader in proof mode, in the body's layout, with the PIE as its one plain task (the
    /// executor's first half for a PIE job; a test plays a dishonest executor from here).
    /// </summary>
    internal CairoRunner RunPie(JobBody body)
    {
        if (bootloader is null) throw new JobRejectedException("this node has no bootloader (--bootloader PATH), so it cannot run PIE jobs");
        PieJob pie = ReadPie(body);
        CairoLayout layout = CairoLayout.Find(body.Layout) ?? throw new JobRejectedException($"unknown layout '{body.Layout}'");
        return RunBootloader(bootloader.Program, pie.BootloaderInput(), layout, body.MaxSteps);
    }

    /// <summary>Runs <paramref name="program"/> (a bootloader) in proof mode on <paramref name="input"/>.</summary>
    internal static CairoRunner RunBootloader(CairoProgram program, Cairo.Bootloader.BootloaderInput input, CairoLayout layout, ulong maxSteps)
    {
        var runner = new CairoRunner(program, BootloaderLayout.Options(layout, input, (long)Math.Min(maxSteps, long.MaxValue)));
        try
        {
            runner.Run();
        }
        catch (CairoException e)
        {
            throw new JobRejectedException("the bootloader failed on the PIE: " + e.Message);
        }
        return runner;
    }

    /// <summary>Runs a program body in proof mode (the executor's first half; a test plays a dishonest executor from here).</summary>
    internal static CairoRunner Run(JobBody body)
    {
        if (body.Kind != JobBodyKind.Program) throw new JobRejectedException("a PIE job's body runs under a bootloader");
        CairoLayout layout = CairoLayout.Find(body.Layout) ?? throw new JobRejectedException($"unknown layout '{body.Layout}'");
        CairoProgram program;
        try
        {
            program = ProgramLoader.Load(body.Program);
        }
        catch (CairoException e)
        {
            throw new JobRejectedException("the program does not load: " + e.Message);
        }
        var runner = new CairoRunner(program, new RunOptions
        {
            Layout = layout,
            ProofMode = true,
            MaxSteps = (long)Math.Min(body.MaxSteps, long.MaxValue),
            ProgramInputJson = body.ProgramInput.Length == 0 ? null : Encoding.UTF8.GetString(body.ProgramInput),
        });
        try
        {
            runner.Run();
        }
        catch (CairoException e)
        {
            throw new JobRejectedException("the program failed: " + e.Message);
        }
        return runner;
    }
}
