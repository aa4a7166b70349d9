using Zetina.Stark.Field;

namespace Zetina.Registry.Jobs;

/// <summary>
/// An executor's answer to a job: the delegator's signed header (whose <see cref="JobHeader.JobId"/> is the job it
/// answers), the <paramref name="Executor"/> address to pay (bound into the proof), the <paramref name="Output"/> the
/// executor says the program wrote (checked against the proof's public input) and the <paramref name="Proof"/> bytes.
/// Submitted to the registry, and published on the network so a delegator can read the result without the registry.
/// </summary>
/// <remarks>The node's byte encoding of it is <c>Zetina.Node.Jobs.JobWitnessCodec</c> (docs/node.md).</remarks>
public sealed record JobWitness(JobAnnouncement Announcement, Felt Executor, Felt[] Output, byte[] Proof)
{
    /// <summary>The header the witness answers.</summary>
    public JobHeader Header => Announcement.Header;
}
