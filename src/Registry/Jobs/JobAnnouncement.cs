using System.Numerics;
using Zetina.Registry.Signing;

namespace Zetina.Registry.Jobs;

/// <summary>
/// A job header with the delegator's signature over <see cref="JobHeader.Hash"/>: what the delegator announces to
/// executors and what the registry checks before it pays, so one signature serves both.
/// </summary>
/// <remarks>The node's gossip encoding of it is <c>Zetina.Node.Jobs.JobAnnouncementCodec</c> (docs/node.md).</remarks>
public sealed record JobAnnouncement(JobHeader Header, Signature Signature)
{
    /// <summary>Signs <paramref name="header"/> with the delegator's private key.</summary>
    public static JobAnnouncement Sign(JobHeader header, BigInteger delegatorKey) =>
        new(header, RegistryCrypto.Sign(delegatorKey, header.Hash()));

    /// <summary>True when the signature is the delegator's over the header's hash.</summary>
    public bool SignatureIsValid() => RegistryCrypto.Verify(Header.Delegator, Header.Hash(), Signature.R, Signature.S);
}
