using System.Diagnostics;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Node.Jobs;
using Zetina.Registry.Verification;

namespace Zetina.Node.Proving;

/// <summary>
/// <see cref="IStoneJobProver"/> over our Cairo VM: runs the body in proof mode with <paramref name="run"/> (a program, or a
/// PIE under the bootloader, as <see cref="CairoJobProver.RunBody"/>), then proves the finished run with
/// <paramref name="proveRun"/>, the Stone-format prover: the run in, the proof file's bytes out. Everything a reveal
/// needs besides the proof (output, steps, program hash and its header) is read from the run here.
/// </summary>
internal sealed class StoneJobProver(Func<JobBody, CairoRunner> run, Func<CairoRun, IProgress<ProvingProgress>?, CancellationToken, byte[]> proveRun) : IStoneJobProver
{
    public Task<ProvedJob> ProveAsync(JobBody body, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken)
    {
        var runClock = Stopwatch.StartNew();
        progress?.Report(new ProvingProgress("run", 0));
        CairoRunner runner = run(body);
        CairoRun finished = runner.Result;
        Zetina.Stark.Field.Felt[] output = [.. runner.Output()];
        runClock.Stop();
        cancellationToken.ThrowIfCancellationRequested();
        var proveClock = Stopwatch.StartNew();
        progress?.Report(new ProvingProgress("prove", 0));
        byte[] proof = proveRun(finished, progress, cancellationToken);
        return Task.FromResult(new ProvedJob(proof, output, (ulong)finished.Trace.Length, Cairo.Air.ProgramHash.Of(finished), runClock.Elapsed, proveClock.Elapsed)
        {
            Program = new ProgramHeader(finished.ProgramMain, [.. finished.ProgramBuiltins]),
        });
    }
}
