using Zetina.Node.Network;
using Zetina.Registry.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Support;

/// <summary>
/// A job network double: announcements and witnesses published are raised at once, bodies are served from memory.
/// Hands an executor exactly the header and body under test (the libp2p path is covered by the process tests and
/// the P2P suite).
/// </summary>
internal sealed class MemoryJobNetwork : IJobNetwork
{
    /// <summary>The DHT's stand-in: job id → encoded body.</summary>
    public readonly Dictionary<Felt, byte[]> Bodies = new();

    public event Action<JobAnnouncement>? AnnouncementReceived;
    public event Action<JobWitness>? WitnessReceived;
    public int PeerCount => 0;
    public Task<int> PublishAnnouncementAsync(JobAnnouncement a, CancellationToken ct) { AnnouncementReceived?.Invoke(a); return Task.FromResult(1); }
    public Task PublishWitnessAsync(JobWitness w, CancellationToken ct) { WitnessReceived?.Invoke(w); return Task.CompletedTask; }
    public Task PutBodyAsync(Felt id, byte[] body, CancellationToken ct) { Bodies[id] = body; return Task.CompletedTask; }
    public Task<byte[]?> GetBodyAsync(Felt id, CancellationToken ct) => Task.FromResult(Bodies.TryGetValue(id, out byte[]? b) ? b : null);
}
