using System.Text;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.P2P.Crypto;
using Zetina.P2P.Gossipsub;
using Zetina.P2P.Host;
using Zetina.P2P.Kademlia;
using Zetina.P2P.Multiformats;
using Zetina.Registry.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Network;

/// <summary>
/// The job network over libp2p: a <see cref="P2PNode"/> (host, gossipsub, Kademlia) subscribed to the job and
/// result topics (with validators that decode every message and check its signature before it is forwarded), whose
/// DHT records are job bodies (key <c>/zetina/job/ID</c>) and witnesses (<c>/zetina/witness/ID</c>), each validated
/// against its key before it is stored. The libp2p wiring is P2PNode's; what is here is what makes it a job network.
/// </summary>
internal sealed class Libp2pJobNetwork : IJobNetwork, IAsyncDisposable
{
    private readonly P2PNode _p2p;
    private readonly NodeLog _log;

    private Libp2pJobNetwork(P2PNode p2p, NodeLog log)
    {
        _p2p = p2p;
        _log = log;
    }

    /// <summary>The transport host: peer id and listen addresses.</summary>
    public Libp2pHost Host => _p2p.Host;

    public event Action<JobAnnouncement>? AnnouncementReceived;
    public event Action<JobWitness>? WitnessReceived;

    public int PeerCount => Host.ConnectionCount;

    /// <summary>Starts a host listening on <paramref name="listen"/>, joins the topics and dials <paramref name="bootstrap"/>.</summary>
    public static async Task<Libp2pJobNetwork> StartAsync(PrivateKey identity, IReadOnlyList<Multiaddr> listen,
        IReadOnlyList<Multiaddr> bootstrap, NodeLog log, CancellationToken cancellationToken)
    {
        P2PNode p2p = await P2PNode.StartAsync(new P2PNodeOptions
        {
            Host = new HostOptions { Identity = identity, ListenAddresses = listen, AgentVersion = "zetina/0.1.0" },
            Gossipsub = new GossipsubOptions
            {
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                MaxMessageSize = JobWitness.MaxEncodedBytes + 4096,
            },
            Kad = new KadOptions { MaxRecordSize = JobBody.MaxEncodedBytes + 4096, Validator = ValidateRecord },
        }, cancellationToken).ConfigureAwait(false);
        var net = new Libp2pJobNetwork(p2p, log);
        p2p.PeerConnected += (peer, _) => log.Info("peer.connected", ("peer", peer));
        p2p.PeerDisconnected += (peer, why) => log.Info("peer.disconnected", ("peer", peer), ("reason", why));
        p2p.Subscribe(JobAnnouncement.Topic, net.OnAnnouncement);
        p2p.Subscribe(JobWitness.Topic, net.OnWitness);
        if (bootstrap.Count > 0)
        {
            foreach (Multiaddr peer in bootstrap)
            {
                try
                {
                    await p2p.Host.DialAsync(peer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.Warn("bootstrap.failed", ("peer", peer), ("error", e.Message));
                }
            }
            try
            {
                await p2p.Dht.BootstrapAsync(bootstrap, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.Warn("dht.bootstrap.failed", ("error", e.Message));
            }
        }
        log.Info("network.started", ("peer_id", p2p.Id), ("listen", string.Join(',', p2p.Host.ListenAddresses)));
        return net;
    }

    /// <summary>Waits until this host has a gossip mesh peer on the jobs topic (or the timeout passes).</summary>
    public async Task<bool> WaitForMeshAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_p2p.Pubsub.TopicPeers(JobAnnouncement.Topic).Length > 0) return true;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    public Task<int> PublishAnnouncementAsync(JobAnnouncement announcement, CancellationToken cancellationToken)
    {
        PeerId[] sent = _p2p.Pubsub.Publish(JobAnnouncement.Topic, announcement.Encode());
        return Task.FromResult(sent.Length);
    }

    public async Task PublishWitnessAsync(JobWitness witness, CancellationToken cancellationToken)
    {
        byte[] enc = witness.Encode();
        _p2p.Pubsub.Publish(JobWitness.Topic, enc);
        try
        {
            await _p2p.PutAsync(WitnessKey(witness.Announcement.Header.JobId), enc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Warn("dht.put.failed", ("what", "witness"), ("error", e.Message));
        }
    }

    public async Task PutBodyAsync(Felt jobId, byte[] encodedBody, CancellationToken cancellationToken)
    {
        List<PeerId> stored = await _p2p.PutAsync(BodyKey(jobId), encodedBody, cancellationToken).ConfigureAwait(false);
        _log.Info("dht.put", ("what", "job_body"), ("job", jobId), ("bytes", encodedBody.Length), ("peers", stored.Count));
    }

    public Task<byte[]?> GetBodyAsync(Felt jobId, CancellationToken cancellationToken)
        => _p2p.GetAsync(BodyKey(jobId), 1, cancellationToken);

    /// <summary>DHT key of a job body.</summary>
    public static byte[] BodyKey(Felt jobId) => Encoding.ASCII.GetBytes("/zetina/job/" + jobId.ToHexString());

    /// <summary>DHT key of a job's witness.</summary>
    public static byte[] WitnessKey(Felt jobId) => Encoding.ASCII.GetBytes("/zetina/witness/" + jobId.ToHexString());

    /// <summary>A body record must hash to the id in its key; a witness record must decode and name that job.</summary>
    private static bool ValidateRecord(byte[] key, byte[] value)
    {
        string k = Encoding.ASCII.GetString(key);
        if (k.StartsWith("/zetina/job/", StringComparison.Ordinal))
            return Felt.TryParse(k["/zetina/job/".Length..], out Felt id, out _) && JobIds.Of(value) == id;
        if (k.StartsWith("/zetina/witness/", StringComparison.Ordinal))
        {
            JobWitness? w = JobWitness.TryDecode(value, out _);
            return w is not null && Felt.TryParse(k["/zetina/witness/".Length..], out Felt id, out _) && w.Announcement.Header.JobId == id;
        }
        return false;
    }

    private ValidationResult OnAnnouncement(GossipMessage m)
    {
        JobAnnouncement? a = JobAnnouncement.TryDecode(m.Data, out string? error);
        if (a is null)
        {
            _log.Warn("gossip.rejected", ("topic", m.Topic), ("from", m.From), ("reason", error));
            return ValidationResult.Reject;
        }
        if (!a.SignatureIsValid())
        {
            _log.Warn("gossip.rejected", ("topic", m.Topic), ("from", m.From), ("job", a.Header.JobId), ("reason", "bad delegator signature"));
            return ValidationResult.Reject;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Item1.AnnouncementReceived?.Invoke(s.a), (this, a), preferLocal: false);
        return ValidationResult.Accept;
    }

    private ValidationResult OnWitness(GossipMessage m)
    {
        JobWitness? w = JobWitness.TryDecode(m.Data, out string? error);
        if (w is null || !w.Announcement.SignatureIsValid())
        {
            _log.Warn("gossip.rejected", ("topic", m.Topic), ("from", m.From), ("reason", error ?? "bad delegator signature"));
            return ValidationResult.Reject;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Item1.WitnessReceived?.Invoke(s.w), (this, w), preferLocal: false);
        return ValidationResult.Accept;
    }

    public ValueTask DisposeAsync() => _p2p.DisposeAsync();
}
