using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Jobs;

/// <summary>
/// The part of a job the registry needs to settle it, signed by the delegator. The node's full job
/// header carries this record (or the same fields in this order) so one signature serves both.
/// </summary>
/// <param name="JobId">The job's identity: the node computes it as the hash of the job body; the registry treats it as opaque and pays each id at most once.</param>
/// <param name="ProgramHash">The hash of the Cairo program the proof must prove (as the verifier reports it).</param>
/// <param name="Reward">What the delegator pays the first executor with a valid proof, fee included.</param>
/// <param name="StepLimit">The most Cairo steps the delegator pays for; a proof of a longer run is refused.</param>
/// <param name="Deadline">Unix time in seconds; a witness submitted after it is refused.</param>
/// <param name="Delegator">The delegator's Stark public key (x coordinate): the account that pays.</param>
/// <param name="Nonce">The delegator's free choice, so two otherwise equal headers hash differently.</param>
/// <param name="RegistryId">The registry this job is for; another registry refuses the header (no cross-registry replay).</param>
public sealed record JobHeader(
    Felt JobId,
    Felt ProgramHash,
    Amount Reward,
    ulong StepLimit,
    ulong Deadline,
    Felt Delegator,
    Felt Nonce,
    Felt RegistryId)
{
    /// <summary>The number of felts hashed by <see cref="Hash"/>.</summary>
    public const int HashedFeltCount = 10;

    /// <summary>
    /// The message the delegator signs:
    /// <c>H(tag "zetina.job.v1", job_id, program_hash, reward_low128, reward_high128, step_limit, deadline, delegator, nonce, registry_id)</c>
    /// with H = <see cref="RegistryCrypto.HashMany"/> (Poseidon hash_many once the crypto branch is merged).
    /// </summary>
    public Felt Hash()
    {
        Span<Felt> xs = stackalloc Felt[HashedFeltCount];
        xs[0] = MessageTags.Job;
        xs[1] = JobId;
        xs[2] = ProgramHash;
        xs[3] = Reward.Low;
        xs[4] = Reward.High;
        xs[5] = StepLimit;
        xs[6] = Deadline;
        xs[7] = Delegator;
        xs[8] = Nonce;
        xs[9] = RegistryId;
        return RegistryCrypto.HashMany(xs);
    }
}
