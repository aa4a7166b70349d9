namespace Zetina.Registry.Http;

// The registry's wire format. Felts are 0x-hex strings, amounts decimal strings (exact u256),
// proofs base64. Field names are snake_case (see RegistryJsonContext).

/// <summary>A Stark ECDSA signature on the wire.</summary>
public sealed class SignatureDto
{
    public required string R { get; init; }
    public required string S { get; init; }
}

/// <summary>POST /v1/deposits. Operator deposits set minter, nonce and signature; dev-faucet deposits omit them.</summary>
public sealed class DepositBody
{
    public required string Account { get; init; }
    public required string Amount { get; init; }
    public string? Minter { get; init; }
    public ulong? Nonce { get; init; }
    public SignatureDto? Signature { get; init; }
}

/// <summary>POST /v1/withdrawals.</summary>
public sealed class WithdrawBody
{
    public required string Account { get; init; }
    public required string Amount { get; init; }
    public required ulong Nonce { get; init; }
    public required SignatureDto Signature { get; init; }
}

/// <summary>A <see cref="Jobs.JobHeader"/> on the wire.</summary>
public sealed class JobHeaderDto
{
    public required string JobId { get; init; }
    public required string ProgramHash { get; init; }
    public required string Reward { get; init; }
    public required ulong StepLimit { get; init; }
    public required ulong Deadline { get; init; }
    public required string Delegator { get; init; }
    public required string Nonce { get; init; }
    public required string RegistryId { get; init; }

    /// <summary>The number of bound input felts; absent (or 0) when the input is not bound.</summary>
    public ulong? InputLength { get; init; }

    /// <summary>Poseidon hash_many of the bound input felts; absent (or 0x0) when the input is not bound.</summary>
    public string? InputHash { get; init; }

    /// <summary>A PIE job's task program hash (the bootloader's output must name it); absent (or 0x0) for a program job.</summary>
    /// <summary>A settled PIE job's task program hash, as the proven bootloader output states it; absent for a program job.</summary>
    public string? TaskProgramHash { get; init; }

    /// <summary>The proof format the delegator asks for: "native" or "stone"; absent means native.</summary>
    public string? ProofFormat { get; init; }
}

/// <summary>POST /v1/jobs: register an open job (its reward then shows as promised).</summary>
public sealed class JobRegistrationBody
{
    public required JobHeaderDto Header { get; init; }
    public required SignatureDto Signature { get; init; }
}

/// <summary>POST /v1/witnesses.</summary>
public sealed class WitnessBody
{
    public required JobHeaderDto Header { get; init; }
    public required SignatureDto Signature { get; init; }
    public required string JobId { get; init; }
    public required string Executor { get; init; }
    public required byte[] Proof { get; init; }
    public required string[] Output { get; init; }
}

/// <summary>POST /v1/commits: an executor's signed commitment to a Stone-format proof it will reveal.</summary>
public sealed class CommitBody
{
    /// <summary>The job's header (its proof_format stone).</summary>
    public required JobHeaderDto Header { get; init; }
    /// <summary>The delegator's signature over the header.</summary>
    public required SignatureDto Signature { get; init; }
    /// <summary>The committing executor's address (its Stark public key).</summary>
    public required string Executor { get; init; }
    /// <summary>H(executor ‖ proof), 0x-hex.</summary>
    public required string Commitment { get; init; }
    /// <summary>The executor's signature over H("zetina.commit.v1", registry_id, job_id, executor, commitment).</summary>
    public required SignatureDto ExecutorSignature { get; init; }
}

/// <summary>The answer to a recorded commit.</summary>
public sealed class CommitReceiptDto
{
    /// <summary>The job committed to.</summary>
    public required string JobId { get; init; }
    /// <summary>The committing executor.</summary>
    public required string Executor { get; init; }
    /// <summary>The commitment recorded.</summary>
    public required string Commitment { get; init; }
    /// <summary>The commit's place in the registry's commit order.</summary>
    public required long CommitSequence { get; init; }
    /// <summary>When it was recorded, unix seconds.</summary>
    public required long CommittedAt { get; init; }
    /// <summary>Until when it blocks later commits, unix seconds.</summary>
    public required long BlocksUntil { get; init; }
    /// <summary>Until when (exclusive) it may be revealed, unix seconds.</summary>
    public required long RevealBy { get; init; }
}

/// <summary>The program-hash header a reveal names: main's pc and the builtin names.</summary>
public sealed class ProgramHeaderDto
{
    /// <summary>The pc of the program's main.</summary>
    public required ulong Main { get; init; }
    /// <summary>The program's builtin names, in its order.</summary>
    public required string[] Builtins { get; init; }
}

/// <summary>POST /v1/reveals: the Stone proof (its JSON file, base64) a commit fixed, with the witness's other fields.</summary>
public sealed class RevealBody
{
    /// <summary>The job's header.</summary>
    public required JobHeaderDto Header { get; init; }
    /// <summary>The delegator's signature over the header.</summary>
    public required SignatureDto Signature { get; init; }
    /// <summary>The job id again (must equal the header's).</summary>
    public required string JobId { get; init; }
    /// <summary>The committed executor.</summary>
    public required string Executor { get; init; }
    /// <summary>The Stone proof file's bytes (base64 on the wire).</summary>
    public required byte[] Proof { get; init; }
    /// <summary>The output the executor claims (must equal the proof's output segment).</summary>
    public required string[] Output { get; init; }
    /// <summary>The program hash's header.</summary>
    public required ProgramHeaderDto Program { get; init; }
}

/// <summary>The answer to a deposit or withdrawal.</summary>
public sealed class TransferReceiptDto
{
    public required string Account { get; init; }
    public required string Amount { get; init; }
    public required string Balance { get; init; }
    public required ulong NextNonce { get; init; }
    public required long Sequence { get; init; }
}

/// <summary>The answer to a job registration.</summary>
public sealed class JobRegistrationDto
{
    public required string JobId { get; init; }
    public required string Delegator { get; init; }
    public required string Reward { get; init; }
    public required ulong Deadline { get; init; }
}

/// <summary>The answer to an accepted witness.</summary>
public sealed class SettlementDto
{
    public required string JobId { get; init; }
    public required string Delegator { get; init; }
    public required string Executor { get; init; }
    public required string Reward { get; init; }
    public required string Fee { get; init; }
    public required ulong NSteps { get; init; }
    public required string[] Output { get; init; }
    public required string ProofHash { get; init; }
    public required long Sequence { get; init; }
    /// <summary>A settled PIE job's task program hash, as the proven bootloader output states it; absent for a program job.</summary>
    public string? TaskProgramHash { get; init; }
}

/// <summary>GET /v1/accounts/{id}.</summary>
public sealed class AccountDto
{
    public required string Account { get; init; }
    public required string Balance { get; init; }
    public required string Promised { get; init; }
    public required string Available { get; init; }
    public required ulong NextNonce { get; init; }
}

/// <summary>GET /v1/jobs/{id}.</summary>
public sealed class JobDto
{
    public required string JobId { get; init; }
    public required string Status { get; init; }
    public required string Delegator { get; init; }
    public required string Reward { get; init; }
    public required ulong Deadline { get; init; }
    public string? Executor { get; init; }
    public string? Fee { get; init; }
    public ulong? NSteps { get; init; }
    public string[]? Output { get; init; }
    public string? ProofHash { get; init; }
    public long? Sequence { get; init; }
    /// <summary>A settled PIE job's task program hash, as the proven bootloader output states it; absent for a program job.</summary>
    public string? TaskProgramHash { get; init; }
}

/// <summary>One event on the wire (GET /v1/events and the SSE stream's data lines).</summary>
public sealed class EventDto
{
    public required long Sequence { get; init; }
    public required string Kind { get; init; }
    public required long TimeMs { get; init; }
    public string? Account { get; init; }
    public string? Amount { get; init; }
    public string? Source { get; init; }
    public string? JobId { get; init; }
    public string? Delegator { get; init; }
    public string? Executor { get; init; }
    public string? Reward { get; init; }
    public string? Fee { get; init; }
    public ulong? NSteps { get; init; }
    public string[]? Output { get; init; }
    public string? ProofHash { get; init; }
    /// <summary>A settled PIE job's task program hash, as the proven bootloader output states it; absent for a program job.</summary>
    public string? TaskProgramHash { get; init; }
}

/// <summary>GET /v1/events?after=N: the page and the registry's last sequence number.</summary>
public sealed class EventsPageDto
{
    public required EventDto[] Events { get; init; }
    public required long LastSequence { get; init; }
}

/// <summary>GET /health.</summary>
public sealed class HealthDto
{
    public required string Status { get; init; }
    public required string RegistryId { get; init; }
    public required long LastSequence { get; init; }
    public required bool DevFaucet { get; init; }
    public required int FeeBps { get; init; }
    public required string FeeAccount { get; init; }
}

/// <summary>An RFC 9457 problem details document, with the registry's error code as an extension member.</summary>
public sealed class ProblemDto
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public string? Detail { get; init; }
    public string? Instance { get; init; }
    public string? Code { get; init; }
}
