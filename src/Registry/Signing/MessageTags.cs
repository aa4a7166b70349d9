using Zetina.Stark.Field;

namespace Zetina.Registry.Signing;

/// <summary>
/// Domain-separation tags: the first felt of every signed registry message, so a signature over one
/// kind of message can never be read as another. Cairo short strings; the version suffix changes when
/// a message's field list changes.
/// </summary>
public static class MessageTags
{
    /// <summary>"zetina.job.v1": a delegator's job header.</summary>
    public static readonly Felt Job = ShortString.Encode("zetina.job.v1");

    /// <summary>"zetina.job.v2": a delegator's job header that binds the program input (input_length, input_hash appended).</summary>
    public static readonly Felt JobBoundInput = ShortString.Encode("zetina.job.v2");

    /// <summary>"zetina.job.v3": a PIE job's header (input_length, input_hash and task_program_hash appended).</summary>
    public static readonly Felt JobPie = ShortString.Encode("zetina.job.v3");

    /// <summary>"zetina.job.v4": a Stone-format job's header (every v3 field, then the proof format).</summary>
    public static readonly Felt JobStone = ShortString.Encode("zetina.job.v4");

    /// <summary>"zetina.commit.v1": an executor's commitment to a Stone-format proof it will reveal.</summary>
    public static readonly Felt ProofCommit = ShortString.Encode("zetina.commit.v1");

    /// <summary>"zetina.deposit.v1": an operator's mint into an account.</summary>
    public static readonly Felt Deposit = ShortString.Encode("zetina.deposit.v1");

    /// <summary>"zetina.withdraw.v1": an account holder's withdrawal.</summary>
    public static readonly Felt Withdraw = ShortString.Encode("zetina.withdraw.v1");
}
