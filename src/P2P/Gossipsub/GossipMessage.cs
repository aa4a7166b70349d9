using Zetina.P2P.Crypto;

namespace Zetina.P2P.Gossipsub;

/// <summary>A validated message delivered to the application.</summary>
/// <param name="Topic">The topic it was published on.</param>
/// <param name="Data">The payload.</param>
/// <param name="From">The author (signature checked).</param>
/// <param name="Seqno">The author's 8-byte sequence number.</param>
/// <param name="MessageId">The message id (protobuf public key of the author || seqno).</param>
/// <param name="ReceivedFrom">The peer that forwarded it to us.</param>
public sealed record GossipMessage(string Topic, byte[] Data, PeerId From, byte[] Seqno, byte[] MessageId, PeerId ReceivedFrom);

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
