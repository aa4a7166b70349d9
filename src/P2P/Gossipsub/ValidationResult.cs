namespace Zetina.P2P.Gossipsub;

/// <summary>What a topic validator decides.</summary>
public enum ValidationResult
{
    /// <summary>Deliver and forward.</summary>
    Accept,

    /// <summary>Drop without forwarding, no penalty.</summary>
    Ignore,

    /// <summary>Drop and penalise the sender.</summary>
    Reject,
}
