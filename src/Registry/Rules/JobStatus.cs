namespace Zetina.Registry.Rules;

/// <summary>Where a job the registry has recorded stands. Settled and expired are final.</summary>
public enum JobStatus
{
    /// <summary>Registered and unpaid: its reward is locked in the delegator's account until it settles or expires.</summary>
    Open,

    /// <summary>Paid to the first executor with a valid proof; the settlement fields are set.</summary>
    Settled,

    /// <summary>Registered, passed its deadline unpaid, and its lock released; a late witness is refused.</summary>
    Expired,
}
