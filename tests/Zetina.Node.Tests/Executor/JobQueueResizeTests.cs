using System.Text;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Executor;

/// <summary><see cref="JobQueue.Resize"/>, what a reload of <c>max_queue</c> does to a running queue.</summary>
public sealed class JobQueueResizeTests
{
    private static QueuedJob Job(ulong reward)
    {
        var body = new JobBody("small", 1024, Encoding.UTF8.GetBytes("{\"r\": " + reward + "}"), []);
        var header = new JobHeader(JobIds.Of(body), Felt.One, Amount.From(reward), 1024, 2_000_000_000, Felt.One, Felt.FromUInt64(reward), Felt.One);
        return new QueuedJob(new JobAnnouncement(header, new Signature(Felt.One, Felt.One)), body);
    }

    [Fact]
    public async Task Resize_Smaller_DropsLeastProfitableAndTakesTheRestBestFirst()
    {
        var queue = new JobQueue(capacity: 5);
        foreach (ulong r in (ulong[])[30, 10, 50, 20, 40]) Assert.Null(queue.Enqueue(Job(r)));

        List<QueuedJob> dropped = queue.Resize(2);

        Assert.Equal([10UL, 20UL, 30UL], dropped.Select(j => (ulong)j.Announcement.Header.Reward.Value).Order());
        Assert.Equal(2, queue.Count);
        Assert.Equal(2, queue.Capacity);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(50UL, (ulong)(await queue.TakeAsync(cts.Token)).Announcement.Header.Reward.Value);
        Assert.Equal(40UL, (ulong)(await queue.TakeAsync(cts.Token)).Announcement.Header.Reward.Value);
        // Nothing is left: a third take waits rather than failing on an empty list.
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.TakeAsync(shortWait.Token));
    }

    [Fact]
    public void Resize_Larger_KeepsEveryJobAndAcceptsMore()
    {
        var queue = new JobQueue(capacity: 1);
        Assert.Null(queue.Enqueue(Job(1)));
        Assert.Empty(queue.Resize(3));
        Assert.Null(queue.Enqueue(Job(2)));
        Assert.Null(queue.Enqueue(Job(3)));
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void Resize_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobQueue(2).Resize(0));
    }
}
