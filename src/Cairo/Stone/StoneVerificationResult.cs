using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone;

/// <summary>The verdict on a Stone proof: valid, or the first failing check with a message that names it.</summary>
internal sealed class StoneVerificationResult
{
    /// <summary>The first failing check; <see cref="StoneCheck.None"/> when the proof is valid.</summary>
    public required StoneCheck FailedCheck { get; init; }

    /// <summary>What failed, with numbers; "ok" when valid.</summary>
    public required string Message { get; init; }

    /// <summary>The statement version the channel was seeded with (null when verification stopped before seeding).</summary>
    public StoneStatementVersion? Version { get; init; }

    /// <summary>Security bits as Integrity records them: n_queries · log_n_cosets + proof_of_work_bits.</summary>
    public int SecurityBits { get; init; }

    /// <summary>The statement's program hash, output hash and fact (null when they could not be computed).</summary>
    public StoneFact? Fact { get; init; }

    /// <summary>True when every check passed.</summary>
    public bool IsValid => FailedCheck == StoneCheck.None;

    /// <summary>A one-line summary.</summary>
    public override string ToString() => IsValid ? "valid" : $"invalid ({FailedCheck}): {Message}";
}

/// <summary>
/// The fact a registry stores for a verified Cairo 0 run (Integrity's <c>verify_strict</c> and verifier contract):
/// program hash = poseidon_hash_many(program cells from the initial pc up to the initial fp − 2), output hash =
/// poseidon_hash_many(output segment cells), fact = poseidon_hash_many(program hash, output hash).
/// </summary>
internal sealed record StoneFact(Felt ProgramHash, Felt OutputHash, Felt Fact, Felt[] Output);
