using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Network;

/// <summary>
/// What the delegator and executor roles need from the peer-to-peer network: job headers on gossipsub,
/// job bodies and witnesses in the DHT. <see cref="Libp2pJobNetwork"/> implements it over Zetina.P2P.
/// </summary>
internal interface IJobNetwork
{
    /// <summary>Raised for every valid job header received on <c>JobAnnouncement.Topic</c> (decoded and signature-checked).</summary>
    event Action<JobAnnouncement>? AnnouncementReceived;

    /// <summary>Raised for every valid witness received on <c>JobWitness.Topic</c>.</summary>
    event Action<JobWitness>? WitnessReceived;

    /// <summary>Publishes a job header; returns the number of peers it was sent to.</summary>
    Task<int> PublishAnnouncementAsync(JobAnnouncement announcement, CancellationToken cancellationToken);

    /// <summary>Publishes a witness on the results topic and stores it in the DHT under the job id.</summary>
    Task PublishWitnessAsync(JobWitness witness, CancellationToken cancellationToken);

    /// <summary>Stores an encoded job body in the DHT under its job id.</summary>
    Task PutBodyAsync(Felt jobId, byte[] encodedBody, CancellationToken cancellationToken);

    /// <summary>Fetches the encoded body stored under <paramref name="jobId"/>, or null when no peer has it.</summary>
    Task<byte[]?> GetBodyAsync(Felt jobId, CancellationToken cancellationToken);

    /// <summary>How many peers are connected now.</summary>
    int PeerCount { get; }
}
