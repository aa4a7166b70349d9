using System.Security.Cryptography;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

internal sealed partial class RegistryRules
{
    /// <summary>
    /// Checks a witness and, if every rule holds, pays the executor <c>reward − fee</c> and the fee account the fee
    /// out of the delegator's funds, marks the job settled and appends <c>JobSettled</c>, all in one transaction.
    /// The checks run in the order of docs/registry.md ("Settlement"); the first that fails is the refusal.
    /// </summary>
    public async Task<RegistryOutcome<SettlementReceipt>> SubmitWitnessAsync(JobWitness witness, CancellationToken cancellationToken)
    {
        JobHeader header = witness.Header;
        if (witness.Proof.Length == 0)
            return Refuse(RegistryError.InvalidProof, "the witness carries no proof");
        if (CheckHeader(header, witness.Announcement.Signature) is { } refusal) return refusal.As<SettlementReceipt>();
        if (header.IsStoneFormat)
            return Refuse(RegistryError.ProofFormatMismatch,
                $"job {header.JobId.ToHexString()} asks for a Stone-format proof: commit to it (POST /v1/commits), then reveal it (POST /v1/reveals)");

        // Cheap early refusal before the expensive proof check; the transaction checks again.
        JobView? existing = await ledger.GetJobAsync(header.JobId, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: JobStatus.Settled })
            return Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} was already paid (event {existing.Sequence})");

        ProofCheck check = verifier.Verify(witness.Proof, new ProofBinding(header.JobId, witness.Executor, header.ProgramHash));
        if (CheckStatement(witness, check, out Felt[] paidOutput, out Felt? taskProgramHash) is { } wrong) return wrong.As<SettlementReceipt>();
        Felt proofHash = ProofHash(witness.Proof);
        return await ledger.WriteAsync(tx => ApplySettlement(tx, header, witness.Executor, check, paidOutput, taskProgramHash, proofHash)).ConfigureAwait(false);
    }

    /// <summary>
    /// What the verifier's report must say for the witness to be paid: it verifies, answers this job and executor,
    /// proves the header's program within its step limit, and its output is the submitted one and binds the input.
    /// For a PIE job the program is the bootloader and its output must state the header's task (<see cref="BootloaderOutput"/>);
    /// <paramref name="paidOutput"/> is then the task's output as the bootloader states it, which the input binding
    /// applies to and the settlement records with <paramref name="taskProgramHash"/>, the task's program hash as the
    /// bootloader states it; for a program job it is the proven output, and there is no task hash.
    /// </summary>
    private static Refusal? CheckStatement(JobWitness witness, ProofCheck check, out Felt[] paidOutput, out Felt? taskProgramHash)
    {
        JobHeader header = witness.Header;
        paidOutput = [];
        taskProgramHash = null;
        if (!check.Ok)
        {
            return check.Failure switch
            {
                ProofFailure.WrongExecutor => new Refusal(RegistryError.ProofBoundToAnotherExecutor,
                    $"the proof is bound to another executor than {witness.Executor.ToHexString()}: {check.Error}"),
                ProofFailure.WrongJob => new Refusal(RegistryError.WrongJobId, $"the proof answers another job than {header.JobId.ToHexString()}: {check.Error}"),
                _ => new Refusal(RegistryError.InvalidProof, $"the proof does not verify: {check.Error}"),
            };
        }
        if (check.ProgramHash != header.ProgramHash)
            return new Refusal(RegistryError.WrongProgram, header.IsPieJob
                ? $"the proof proves program {check.ProgramHash.ToHexString()}; the job runs its PIE under bootloader {header.ProgramHash.ToHexString()}"
                : $"the proof proves program {check.ProgramHash.ToHexString()}; the job asks for {header.ProgramHash.ToHexString()}");
        if (check.NSteps > header.StepLimit)
            return new Refusal(RegistryError.StepLimitExceeded, $"the proved run took {check.NSteps} steps; the job pays for at most {header.StepLimit}");
        if (!check.Output.AsSpan().SequenceEqual(witness.Output))
            return new Refusal(RegistryError.OutputMismatch,
                $"the submitted output ({witness.Output.Length} felts) differs from the output in the proof's public input ({check.Output.Length} felts)");
        paidOutput = check.Output;
        if (header.IsPieJob)
        {
            if (BootloaderOutput.Check(header, check.Output, out Felt stated, out paidOutput, out bool wrongTask) is { } notTheTask)
                return new Refusal(wrongTask ? RegistryError.WrongTaskProgram : RegistryError.BootloaderOutputMalformed, notTheTask);
            taskProgramHash = stated;
        }
        if ((header.IsPieJob ? InputBinding.CheckWhole(header, paidOutput) : InputBinding.Check(header, paidOutput)) is { } unbound)
            return new Refusal(RegistryError.OutputDoesNotBindInput, unbound);
        return null;
    }

    /// <summary>Step 10 of settlement: the job is still payable and the delegator's funds, less other jobs' locks, cover the reward.</summary>
    private RegistryOutcome<SettlementReceipt> ApplySettlement(ILedgerTransaction tx, JobHeader header, Felt executor, ProofCheck check, Felt[] paidOutput,
        Felt? taskProgramHash, Felt proofHash)
    {
        Amount fee = header.Reward.BasisPoints(terms.FeeBasisPoints);
        header.Reward.TrySubtract(fee, out Amount pay);
        Escrow.ReleaseExpired(tx, header.Delegator, terms.NowSeconds);
        var (status, jobLock) = tx.ReadJob(header.JobId);
        if (status == JobStatus.Settled)
            return Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} was already paid");
        if (status == JobStatus.Expired)
            return Refuse(RegistryError.JobExpired, ExpiredMessage(header.JobId));
        // Pay from escrow: this job's own lock is released and spent; the other open jobs' locks stay covered.
        var (dBalance, dNonce) = tx.ReadAccount(header.Delegator);
        Amount dLocked = tx.ReadLocked(header.Delegator);
        dLocked.TrySubtract(jobLock, out Amount othersLocked);
        long othersOpen = othersLocked.IsZero ? 0 : tx.CountOpenJobs(header.Delegator) - (status == JobStatus.Open ? 1 : 0);
        if (Escrow.Check(dBalance, othersLocked, othersOpen, header.Reward, "the job's reward") is { } shortfall)
            return Refuse(shortfall.Error, $"the delegator cannot pay: {shortfall.Message}");
        dBalance.TrySubtract(header.Reward, out Amount dNew);
        tx.WriteLocked(header.Delegator, othersLocked);
        tx.WriteAccount(header.Delegator, dNew, dNonce);
        var (eBalance, eNonce) = tx.ReadAccount(executor);
        if (!eBalance.TryAdd(pay, out Amount eNew))
            return Refuse(RegistryError.AmountOverflow, "paying the executor would take its balance past 2^256 - 1");
        tx.WriteAccount(executor, eNew, eNonce);
        var (minted, withdrawn, fees) = tx.ReadLedger();
        Amount newFees = fees;
        if (!fee.IsZero)
        {
            var (fBalance, fNonce) = tx.ReadAccount(terms.FeeAccount);
            if (!fBalance.TryAdd(fee, out Amount fNew) || !fees.TryAdd(fee, out newFees))
                return Refuse(RegistryError.AmountOverflow, "the fee would take the fee account past 2^256 - 1");
            tx.WriteAccount(terms.FeeAccount, fNew, fNonce);
        }
        tx.WriteLedger(minted, withdrawn, newFees);
        var receipt = new SettlementReceipt(header.JobId, header.Delegator, executor, header.Reward, fee, check.NSteps,
            paidOutput, proofHash, tx.NextSequence) { TaskProgramHash = taskProgramHash };
        tx.SettleJob(receipt, header.Deadline);
        tx.AppendSettlement(receipt);
        return RegistryOutcome<SettlementReceipt>.Success(receipt);
    }

    private static RegistryOutcome<SettlementReceipt> Refuse(RegistryError error, string message) => RegistryOutcome<SettlementReceipt>.Refuse(error, message);

    /// <summary>
    /// The proof hash recorded with a settlement: SHA-256 of the proof bytes, its top 6 bits cleared so it is a felt.
    /// </summary>
    public static Felt ProofHash(ReadOnlySpan<byte> proof)
    {
        Span<byte> d = stackalloc byte[32];
        SHA256.HashData(proof, d);
        d[0] &= 0x03;
        return Felt.FromBytesBigEndian(d);
    }
}
