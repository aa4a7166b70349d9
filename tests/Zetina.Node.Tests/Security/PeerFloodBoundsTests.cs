using System.Numerics;
using System.Text;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// Peers decide how many jobs an executor hears of; the queue and the job record stay bounded however
/// many arrive, and keep the ones that matter (the most profitable queued, the newest finished, every won).
/// </summary>
public sealed class PeerFloodBoundsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-flood-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A queued job paying <paramref name="reward"/> for 1024 steps; the signature is not checked here.</summary>
    private static QueuedJob Job(ulong reward, ulong i)
    {
        var body = new JobBody("small", 1024, Encoding.UTF8.GetBytes("{\"n\": " + i + "}"), []);
        var header = new JobHeader(JobIds.Of(body), Felt.One, Amount.From(reward), 1024, 2_000_000_000, Felt.One, Felt.FromUInt64(i), Felt.One);
        return new QueuedJob(new JobAnnouncement(header, new Signature(Felt.One, Felt.One)), body);
    }

    private static JobEntry Entry(int i, JobState state) => new()
    {
        JobId = "0x" + i.ToString("x"), Delegator = "0x1", Reward = "5", StepLimit = 100, Deadline = 2_000_000_000, State = state,
        HeardAt = DateTimeOffset.UnixEpoch.AddSeconds(i), UpdatedAt = DateTimeOffset.UnixEpoch.AddSeconds(i),
    };

    [Fact]
    public async Task JobQueue_Flood_Bounded()
    {
        var queue = new JobQueue(capacity: 4);
        int dropped = 0;
        // Rewards in a scrambled order, 1..1000 each once.
        for (ulong i = 0; i < 1000; i++)
            if (queue.Enqueue(Job(1 + i * 617 % 1000, i)) is not null) dropped++;
        Assert.Equal(4, queue.Count);
        Assert.Equal(996, dropped);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var taken = new List<BigInteger>();
        for (int i = 0; i < 4; i++) taken.Add((await queue.TakeAsync(cts.Token)).Announcement.Header.Reward.Value);
        Assert.Equal(new BigInteger[] { 1000, 999, 998, 997 }, taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void JobQueue_FullAndNewJobWorst_NewJobDropped()
    {
        var queue = new JobQueue(capacity: 2);
        Assert.Null(queue.Enqueue(Job(50, 1)));
        Assert.Null(queue.Enqueue(Job(60, 2)));
        QueuedJob low = Job(10, 3);
        Assert.Same(low, queue.Enqueue(low));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void JobRecord_ManyFinished_Evicted()
    {
        string dir = Path.Combine(_dir, "record");
        using (var record = new JobRecord(dir, keepFinished: 10))
        {
            Assert.True(record.TryAdd(Entry(0, JobState.Won)));
            JobState[] ended = [JobState.Rejected, JobState.Lost, JobState.Expired, JobState.Failed];
            for (int i = 1; i <= 500; i++)
            {
                Assert.True(record.TryAdd(Entry(i, JobState.Queued)));
                record.Update(Entry(i, JobState.Queued).JobId, e => e.State = ended[i % ended.Length]);
            }
            Assert.Equal(11, record.Count);
            Assert.NotNull(record.Get("0x0"));
            Assert.Null(record.Get("0x" + 490.ToString("x")));
            Assert.NotNull(record.Get("0x" + 491.ToString("x")));
            Assert.NotNull(record.Get("0x" + 500.ToString("x")));
        }
        // What was stored is as bounded as what was held; a reopened record agrees.
        Assert.Equal(11, JobRecord.ReadStored(dir).Count);
        using var reopened = new JobRecord(dir, keepFinished: 10);
        Assert.Equal(11, reopened.Count);
        Assert.Equal(JobState.Won, reopened.Get("0x0")!.State);
    }
}
