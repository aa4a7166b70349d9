using Zetina.Stark.Field;

namespace Zetina.Registry.Verification;

/// <summary>
/// What a proof must be bound to: the job it answers and the executor to be paid (both are part of the
/// proof's public input, so a proof seen on the network cannot be resubmitted by someone else), and
/// the program the delegator asked for.
/// </summary>
public readonly record struct ProofBinding(Felt JobId, Felt Executor, Felt ProgramHash);
