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
/// <param name="InputLength">
/// The number of input felts bound into the claim (0: the input is not bound). When n &gt; 0 the proven output
/// must begin with n felts whose Poseidon hash_many is <paramref name="InputHash"/>, or the registry pays nothing.
/// </param>
/// <param name="InputHash">Poseidon hash_many of the bound input felts; 0 when <paramref name="InputLength"/> is 0.</param>
/// <param name="TaskProgramHash">
/// 0 for a program job. For a PIE job (the body is a Cairo PIE that the executor runs as the one task of the
/// bootloader whose hash is <paramref name="ProgramHash"/>), the task's program hash as the bootloader writes it
/// (Pedersen <c>compute_program_hash_chain</c>): the registry pays only for a bootloader output naming exactly one
/// plain task with this hash, and the input binding then applies to the task's output.
/// </param>
/// <param name="Format">
/// The proof format the delegator asks for (<see cref="ProofFormat"/>); native by default. A Stone-format header is
/// hashed as format v4, which covers every field and the format, so no native header's signature serves it.
/// </param>
/// <remarks>
/// What a delegator pays for is "this program, run from its start to its end, produced this output". The
/// program's input reaches a Cairo program through hints and is not part of that claim; binding it (the
/// program outputs its input first, and the header names that prefix) makes it part of what is proved.
/// </remarks>
public sealed record JobHeader(
    Felt JobId,
    Felt ProgramHash,
    Amount Reward,
    ulong StepLimit,
    ulong Deadline,
    Felt Delegator,
    Felt Nonce,
    Felt RegistryId,
    ulong InputLength = 0,
    Felt InputHash = default,
    Felt TaskProgramHash = default,
    ProofFormat Format = ProofFormat.Native)
{
    /// <summary>The number of felts hashed by <see cref="Hash"/> for a header that binds no input (format v1).</summary>
    public const int HashedFeltCount = 10;

    /// <summary>The number of felts hashed by <see cref="Hash"/> for a header that binds its input (format v2).</summary>
    public const int HashedFeltCountBound = 12;

    /// <summary>The number of felts hashed by <see cref="Hash"/> for a PIE job's header (format v3).</summary>
    public const int HashedFeltCountPie = 13;

    /// <summary>The number of felts hashed by <see cref="Hash"/> for a Stone-format job's header (format v4).</summary>
    public const int HashedFeltCountStone = 14;

    /// <summary>True when the delegator asks for a Stone-format proof (settled by commit–reveal).</summary>
    public bool IsStoneFormat => Format == ProofFormat.Stone;

    /// <summary>True when the job's body is a Cairo PIE run as a bootloader task (<see cref="TaskProgramHash"/> ≠ 0).</summary>
    public bool IsPieJob => TaskProgramHash != Felt.Zero;

    /// <summary>True when the header binds the program input into the claim (<see cref="InputLength"/> &gt; 0).</summary>
    public bool BindsInput => InputLength > 0;

    /// <summary>
    /// The input binding of <paramref name="inputFelts"/>: their count and Poseidon hash_many, the values
    /// <see cref="InputLength"/> and <see cref="InputHash"/> take.
    /// </summary>
    public static (ulong Length, Felt Hash) BindingOf(ReadOnlySpan<Felt> inputFelts) =>
        ((ulong)inputFelts.Length, RegistryCrypto.HashMany(inputFelts));

    /// <summary>
    /// The message the delegator signs, with H = <see cref="RegistryCrypto.HashMany"/> (Poseidon hash_many):
    /// without an input binding (format v1)
    /// <c>H("zetina.job.v1", job_id, program_hash, reward_low128, reward_high128, step_limit, deadline, delegator, nonce, registry_id)</c>;
    /// with one (format v2) <c>H("zetina.job.v2", …the same nine fields…, input_length, input_hash)</c>;
    /// a PIE job (format v3, whatever its input binding) <c>H("zetina.job.v3", …the nine fields…, input_length,
    /// input_hash, task_program_hash)</c>; a Stone-format job (format v4, whatever else it binds)
    /// <c>H("zetina.job.v4", …the nine fields…, input_length, input_hash, task_program_hash, "stone")</c>. The tags
    /// differ, so no signature over one form reads as another's: a v1 or v2 signature cannot be turned into a PIE
    /// job's, nor a PIE job's task hash dropped, nor a native job's signature reused for a Stone-format one (or back).
    /// A native header hashes exactly as before formats existed.
    /// </summary>
    public Felt Hash()
    {
        Span<Felt> xs = stackalloc Felt[HashedFeltCountStone];
        xs[0] = IsStoneFormat ? MessageTags.JobStone : IsPieJob ? MessageTags.JobPie : BindsInput ? MessageTags.JobBoundInput : MessageTags.Job;
        xs[1] = JobId;
        xs[2] = ProgramHash;
        xs[3] = Reward.Low;
        xs[4] = Reward.High;
        xs[5] = StepLimit;
        xs[6] = Deadline;
        xs[7] = Delegator;
        xs[8] = Nonce;
        xs[9] = RegistryId;
        if (!BindsInput && !IsPieJob && !IsStoneFormat) return RegistryCrypto.HashMany(xs[..HashedFeltCount]);
        xs[10] = InputLength;
        xs[11] = InputHash;
        if (!IsPieJob && !IsStoneFormat) return RegistryCrypto.HashMany(xs[..HashedFeltCountBound]);
        xs[12] = TaskProgramHash;
        if (!IsStoneFormat) return RegistryCrypto.HashMany(xs[..HashedFeltCountPie]);
        xs[13] = ProofFormatNames.StoneFelt;
        return RegistryCrypto.HashMany(xs);
    }
}
