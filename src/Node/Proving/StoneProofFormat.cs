using System.Numerics;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Registry.Jobs;
using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// Stone-format proofs (docs/registry.md, "Stone-format jobs: commit–reveal"). A Stone statement names no executor, so
/// the proof is not shown until the registry has recorded the executor's signed commit to H(address ‖ proof): prove,
/// commit, wait for the registry's receipt, then reveal. A reveal refused because an earlier commit may still reveal
/// (<see cref="RegistryError.EarlierCommitPending"/>) is sent again, every <see cref="RevealRetryDelay"/>, until the
/// commit's reveal window closes. Without a <paramref name="prover"/> this node cannot prove in the format and the
/// executor refuses Stone-format jobs, saying so.
/// </summary>
/// <param name="prover">The Stone-format prover; null: this build proves no Stone-format jobs.</param>
/// <param name="executorKey">The executor's Stark key: commits are signed by the key of the address they pay.</param>
/// <param name="log">Where commits and waiting reveals are logged.</param>
/// <param name="clock">Reveal windows are read from it (the system clock by default).</param>
internal sealed class StoneProofFormat(IStoneJobProver? prover, BigInteger executorKey, NodeLog log, TimeProvider? clock = null) : IProofFormat
{
    /// <summary>The pause between reveals refused because an earlier commit may still reveal.</summary>
    public static readonly TimeSpan RevealRetryDelay = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public ProofFormat Format => ProofFormat.Stone;

    public string? Unavailable => prover is null
        ? "this node has no Stone-format prover (it proves native jobs only); the job is left to executors that have one"
        : null;

    public Task<ProvedJob> ProveAsync(JobBody body, Felt jobId, Felt executor, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken) =>
        prover is null
            ? throw new JobRejectedException(Unavailable!)
            : prover.ProveAsync(body, progress, cancellationToken);

    public async Task<RegistryOutcome<SettlementReceipt>> SettleAsync(IRegistry registry, JobWitness witness, ProvedJob proved, CancellationToken cancellationToken)
    {
        if (proved.Program is not { } program)
            throw new InvalidOperationException("a Stone-format proof comes with its program header (ProvedJob.Program)");
        ProofCommit commit = ProofCommit.Sign(witness.Announcement, witness.Proof, executorKey);
        if (commit.Executor != witness.Executor)
            throw new InvalidOperationException($"the witness pays {witness.Executor.ToHexString()} but the executor key is {commit.Executor.ToHexString()}'s");
        RegistryOutcome<CommitReceipt> committed = await registry.CommitProofAsync(commit, cancellationToken).ConfigureAwait(false);
        if (!committed.Ok) return RegistryOutcome<SettlementReceipt>.Refuse(committed.Error, $"the commit was refused: {committed.Message}");
        CommitReceipt receipt = committed.Value!;
        log.Info("job.committed", ("job", receipt.JobId), ("commit", receipt.Sequence), ("commitment", receipt.Commitment), ("reveal_by", receipt.RevealBy));

        var reveal = new ProofReveal(witness, program);
        RegistryOutcome<SettlementReceipt> outcome = await registry.RevealProofAsync(reveal, cancellationToken).ConfigureAwait(false);
        // Bounded: the commit's reveal window is 2W seconds long; past it a reveal is refused NotCommitted.
        long maxRounds = Math.Max(0, receipt.RevealBy - receipt.CommittedAt) / (long)RevealRetryDelay.TotalSeconds + 1;
        for (long round = 0; outcome.Error == RegistryError.EarlierCommitPending && round < maxRounds
                             && _clock.GetUtcNow().ToUnixTimeSeconds() < receipt.RevealBy; round++)
        {
            log.Info("job.reveal_waits", ("job", receipt.JobId), ("reason", outcome.Message));
            await Task.Delay(RevealRetryDelay, _clock, cancellationToken).ConfigureAwait(false);
            outcome = await registry.RevealProofAsync(reveal, cancellationToken).ConfigureAwait(false);
        }
        return outcome;
    }
}
