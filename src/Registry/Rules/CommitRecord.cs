using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>A commit as the ledger stores it: its sequence in the registry's commit order, job, executor, commitment and time (unix seconds).</summary>
internal readonly record struct CommitRecord(long Sequence, Felt JobId, Felt Executor, Felt Commitment, long CommittedAt);
