using Zetina.Node.Jobs;

namespace Zetina.Node.Proving;

/// <summary>
/// Runs a job's program and proves the run in Stone's format: the proof is the JSON file Stone's <c>cpu_air_prover</c>
/// writes (docs/stone.md), which <c>Zetina.Cairo.Stone.StoneVerifier</c> verifies. The statement names no job and no
/// executor; <see cref="StoneProofFormat"/> binds the executor by commit–reveal.
/// </summary>
internal interface IStoneJobProver
{
    /// <summary>
    /// The Stone proof of <paramref name="body"/>'s run, its output, step count and program hash, with
    /// <see cref="ProvedJob.Program"/> set (the reveal names it). Throws <see cref="JobRejectedException"/> when the
    /// program cannot be run or proved as given.
    /// </summary>
    Task<ProvedJob> ProveAsync(JobBody body, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken);
}
