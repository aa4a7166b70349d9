namespace Zetina.P2P.Gossipsub;

/// <summary>Why a received message was dropped (for logs and tests).</summary>
public enum GossipRejectReason
{
    /// <summary>Returned when the message lacks from, seqno (8 bytes), signature, or the signature does not verify.</summary>
    BadSignature,

    /// <summary>Returned when the message or RPC is larger than the configured maximum.</summary>
    TooLarge,

    /// <summary>Returned when the topic validator rejected it.</summary>
    ValidatorRejected,

    /// <summary>Returned when the key field does not hash to from.</summary>
    KeyMismatch,
}
