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
