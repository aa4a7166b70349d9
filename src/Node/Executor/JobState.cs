namespace Zetina.Node.Executor;

/// <summary>Where a job stands in an executor's job record.</summary>
internal enum JobState
{
    /// <summary>The header arrived and passed its checks; the body is being fetched or the job waits its turn.</summary>
    Queued,

    /// <summary>Refused on receipt (bad signature, expired, unfunded, body mismatch, over the step limit…); the reason is kept.</summary>
    Rejected,

    /// <summary>Running and proving now.</summary>
    Proving,

    /// <summary>This executor's witness was accepted and paid.</summary>
    Won,

    /// <summary>Another executor was paid first; work stopped.</summary>
    Lost,

    /// <summary>The deadline passed before a proof was accepted.</summary>
    Expired,

    /// <summary>Running or proving failed (the program is bad) or the registry refused the witness.</summary>
    Failed,
}
