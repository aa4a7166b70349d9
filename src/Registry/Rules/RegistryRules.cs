using Zetina.Registry.Jobs;
using Zetina.Registry.Signing;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// The registry's rules — deposits, withdrawals, job registration with escrow, settlement — over any store
/// that implements <see cref="ILedger"/>. Each operation first runs the checks that need no state (signatures,
/// proofs) on the caller's thread, in parallel with other callers, then the checks that need state (nonces,
/// balances, locks, "not yet settled") and the writes inside one ledger transaction, which sees every earlier write.
/// </summary>
/// <remarks>
/// Partial files by concern: <c>RegistryRules.Transfers.cs</c> (deposits, withdrawals),
/// <c>RegistryRules.Jobs.cs</c> (registration and escrow), <c>RegistryRules.Settlement.cs</c> (witnesses),
/// <c>RegistryRules.CommitReveal.cs</c> (Stone-format jobs: commits and reveals).
/// The order of the checks, and which <see cref="RegistryError"/> each refusal is, follow docs/registry.md.
/// </remarks>
internal sealed partial class RegistryRules(RegistryTerms terms, IProofVerifier verifier, ILedger ledger, IStoneProofVerifier? stoneVerifier = null)
{
    private readonly IStoneProofVerifier _stoneVerifier = stoneVerifier ?? RefuseAllVerifier.Instance;

    /// <summary>The figures the rules run with.</summary>
    public RegistryTerms Terms => terms;

    private Felt RegistryId => terms.RegistryId;

    private static string ExpiredMessage(Felt jobId) =>
        $"job {jobId.ToHexString()} was registered and passed its deadline unpaid; its reward was released (post the work as a new job)";

    /// <summary>The checks on a signed job header that need no state: registry id, reward, input binding's form, signature, deadline.</summary>
    private Refusal? CheckHeader(JobHeader header, Signature signature)
    {
        if (header.RegistryId != RegistryId)
            return new Refusal(RegistryError.WrongRegistry, $"the job header names registry {header.RegistryId.ToHexString()}; this is registry {RegistryId.ToHexString()}");
        if (header.Reward.IsZero)
            return new Refusal(RegistryError.InvalidRequest, "a job's reward is positive");
        if (!header.BindsInput && header.InputHash != Felt.Zero)
            return new Refusal(RegistryError.InvalidRequest, "the job header has an input hash but an input length of 0; an unbound input has no hash");
        if (!RegistryCrypto.Verify(header.Delegator, header.Hash(), signature.R, signature.S))
            return new Refusal(RegistryError.BadSignature, "the delegator's signature does not verify over the job header's hash (see docs/registry.md, JobHeader)");
        ulong now = (ulong)terms.NowSeconds;
        if (now > header.Deadline)
            return new Refusal(RegistryError.JobExpired, $"the job's deadline {header.Deadline} (unix seconds) has passed; it is now {now}");
        return null;
    }
}
