using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;

namespace Zetina.Registry.Rules;

internal sealed partial class RegistryRules
{
    /// <summary>
    /// Records a signed header as open and locks its reward (fee included) in the delegator's account until the job
    /// settles or expires. Registering an open job again changes nothing; a settled or expired one is refused.
    /// </summary>
    public Task<RegistryOutcome<JobRegistration>> RegisterJobAsync(JobHeader header, Signature delegatorSignature)
    {
        if (CheckHeader(header, delegatorSignature) is { } refusal) return Task.FromResult(refusal.As<JobRegistration>());
        return ledger.WriteAsync(tx => ApplyRegistration(tx, header));
    }

    private RegistryOutcome<JobRegistration> ApplyRegistration(ILedgerTransaction tx, JobHeader header)
    {
        Escrow.ReleaseExpired(tx, header.Delegator, terms.NowSeconds);
        var (status, _) = tx.ReadJob(header.JobId);
        if (status == JobStatus.Settled)
            return RegistryOutcome<JobRegistration>.Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} is already settled");
        if (status == JobStatus.Expired)
            return RegistryOutcome<JobRegistration>.Refuse(RegistryError.JobExpired, ExpiredMessage(header.JobId));
        if (status is null)
        {
            var (balance, _) = tx.ReadAccount(header.Delegator);
            if (Escrow.CheckUnlocked(tx, header.Delegator, balance, header.Reward, "the job's reward") is { } shortfall)
                return shortfall.As<JobRegistration>();
            tx.ReadLocked(header.Delegator).TryAdd(header.Reward, out Amount locked);
            tx.WriteLocked(header.Delegator, locked);
            tx.OpenJob(header.JobId, header.Delegator, header.Reward, header.Deadline);
        }
        return RegistryOutcome<JobRegistration>.Success(new JobRegistration(header.JobId, header.Delegator, header.Reward, header.Deadline));
    }
}
