namespace Zetina.Registry.Rules;

/// <summary>Why the registry refused a request. Every refusal leaves the registry's state unchanged.</summary>
public enum RegistryError
{
    /// <summary>Not an error.</summary>
    None = 0,

    /// <summary>Returned when a request's fields are missing, malformed or out of range (bad felt, bad amount, empty proof).</summary>
    InvalidRequest,

    /// <summary>Returned when a signature does not verify against the key that must have signed.</summary>
    BadSignature,

    /// <summary>Returned when a request's nonce is not the account's next nonce (a replay, or a request out of order).</summary>
    NonceMismatch,

    /// <summary>Returned when a deposit is neither signed by the operator key nor allowed by the dev faucet.</summary>
    MintNotAllowed,

    /// <summary>Returned when an account holds less than a withdrawal or a job's reward.</summary>
    InsufficientFunds,

    /// <summary>Returned when a credit would take a balance or a ledger total past 2^256 − 1.</summary>
    AmountOverflow,

    /// <summary>Returned when a job header names another registry.</summary>
    WrongRegistry,

    /// <summary>Returned when the witness's job id differs from its header's, or the proof answers another job.</summary>
    WrongJobId,

    /// <summary>Returned when a witness arrives after the job's deadline.</summary>
    JobExpired,

    /// <summary>Returned when the job was already paid.</summary>
    JobAlreadySettled,

    /// <summary>Returned when the proof does not verify.</summary>
    InvalidProof,

    /// <summary>Returned when the proof is bound to another executor address.</summary>
    ProofBoundToAnotherExecutor,

    /// <summary>Returned when the proof proves another program than the header names.</summary>
    WrongProgram,

    /// <summary>Returned when the proved run took more steps than the header's limit.</summary>
    StepLimitExceeded,

    /// <summary>Returned when the submitted output differs from the output in the proof's public input.</summary>
    OutputMismatch,

    /// <summary>Returned when a job or account asked for does not exist.</summary>
    NotFound,

    /// <summary>
    /// Returned when the account holds the amount but part of it is locked by its open registered jobs
    /// (escrow until they settle or pass their deadline), so a withdrawal, a new job or an unregistered
    /// job's payment cannot take it.
    /// </summary>
    FundsLocked,

    /// <summary>
    /// Returned when the job binds its input (<c>InputLength</c> n &gt; 0) and the proven output does not begin with
    /// n felts whose Poseidon hash_many is the header's <c>InputHash</c>: the proof is of a run on another input. For a
    /// PIE job, returned when the task's output is not exactly the n felts the PIE recorded (longer, shorter or other).
    /// </summary>
    OutputDoesNotBindInput,

    /// <summary>
    /// Returned for a PIE job when the proven bootloader output is not one plain task under an empty verifier list
    /// (the bootloader's output does not have the shape a PIE job is paid for).
    /// </summary>
    BootloaderOutputMalformed,

    /// <summary>
    /// Returned for a PIE job when the bootloader's output names another task program than the header's
    /// <c>TaskProgramHash</c>: the proof is of the bootloader running a different task.
    /// </summary>
    WrongTaskProgram,

    /// <summary>
    /// Returned when the request's settlement path is not the job's proof format: a witness (native path) for a
    /// Stone-format job, or a commit or reveal for a native job.
    /// </summary>
    ProofFormatMismatch,

    /// <summary>Returned when a reveal comes from an executor with no live commit for the job (never committed, or its reveal window closed).</summary>
    NotCommitted,

    /// <summary>Returned when the executor committed to the job, but no commitment of its equals H(executor ‖ revealed proof).</summary>
    CommitmentMismatch,

    /// <summary>
    /// Returned when an earlier commit for the job may still reveal (it is within its reveal window): the earliest
    /// commit is paid first; the message names when the earlier one stops blocking, and the reveal may be sent again then.
    /// </summary>
    EarlierCommitPending,

    /// <summary>Returned when the job, or the executor, already holds the most live commits the registry keeps.</summary>
    TooManyCommits,

    /// <summary>Returned when a Stone-format proof verifies at fewer security bits than the registry's minimum.</summary>
    ProofSecurityTooLow,

    /// <summary>
    /// Returned by the client when the registry kept answering "come back later" (every proof verifier busy, or this
    /// client over its write rate) through all its retries: nothing changed, and the same request may be sent again.
    /// </summary>
    Busy,
}
