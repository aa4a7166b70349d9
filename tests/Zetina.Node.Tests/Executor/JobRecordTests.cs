using Zetina.Node.Executor;

namespace Zetina.Node.Tests.Executor;

/// <summary>The job record on disk: every change survives a killed process, a torn last line is ignored, compaction keeps it whole.</summary>
public sealed class JobRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-record-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static JobEntry Entry(string id, JobState state) => new()
    {
        JobId = id, Delegator = "0x1", Reward = "5", StepLimit = 100, Deadline = 2_000_000_000, State = state,
        HeardAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Reopen_ProcessKilledWithoutDispose_EveryChangeReplayedFromLog()
    {
        var record = new JobRecord(_dir);
        record.TryAdd(Entry("0xa", JobState.Queued));
        record.Update("0xa", e => { e.State = JobState.Won; e.NSteps = 77; });
        record.TryAdd(Entry("0xb", JobState.Rejected));
        // No Dispose: the snapshot was never rewritten; only the log holds the changes.
        Assert.NotEqual(0, new FileInfo(Path.Combine(_dir, JobRecord.LogFileName)).Length);

        using var reopened = new JobRecord(_dir);
        Assert.Equal(JobState.Won, reopened.Get("0xa")!.State);
        Assert.Equal(77UL, reopened.Get("0xa")!.NSteps);
        Assert.Equal(JobState.Rejected, reopened.Get("0xb")!.State);
        record.Dispose();
    }

    [Fact]
    public void Reopen_TornLastLogLine_Ignored()
    {
        using (var record = new JobRecord(_dir)) record.TryAdd(Entry("0xa", JobState.Won));
        var record2 = new JobRecord(_dir);
        record2.TryAdd(Entry("0xb", JobState.Lost));
        File.AppendAllText(Path.Combine(_dir, JobRecord.LogFileName), "{\"put\":{\"job_id\":\"0xc\",\"deleg");

        using var reopened = new JobRecord(_dir);
        Assert.Equal(2, reopened.Count);
        Assert.Null(reopened.Get("0xc"));
        record2.Dispose();
    }

    [Fact]
    public void Reopen_UnfinishedEntries_DroppedSoTheJobCanBeHeardAgain()
    {
        var record = new JobRecord(_dir);
        record.TryAdd(Entry("0xa", JobState.Queued));
        record.TryAdd(Entry("0xb", JobState.Proving));
        record.TryAdd(Entry("0xc", JobState.Won));

        using var reopened = new JobRecord(_dir);
        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.TryAdd(Entry("0xa", JobState.Queued)));
        record.Dispose();
    }

    [Fact]
    public void Dispose_CompactsIntoSnapshotAndEmptiesLog()
    {
        using (var record = new JobRecord(_dir))
            for (int i = 0; i < 50; i++) record.TryAdd(Entry("0x" + i.ToString("x"), JobState.Won));
        Assert.Equal(0, new FileInfo(Path.Combine(_dir, JobRecord.LogFileName)).Length);
        string snapshot = File.ReadAllText(Path.Combine(_dir, JobRecord.SnapshotFileName));
        Assert.Contains("\"job_id\": \"0x31\"", snapshot);
        Assert.Equal(50, JobRecord.ReadStored(_dir).Count);
    }

    [Fact]
    public void Append_ManyChanges_CompactedWhileRunning()
    {
        using var record = new JobRecord(_dir);
        record.TryAdd(Entry("0xa", JobState.Queued));
        for (int i = 0; i < JobRecord.CompactAfterChanges + 10; i++) record.Update("0xa", e => e.NSteps = (ulong)i);
        long lines = File.ReadAllLines(Path.Combine(_dir, JobRecord.LogFileName)).Length;
        Assert.True(lines < JobRecord.CompactAfterChanges, $"log holds {lines} lines");
        Assert.Equal((ulong)(JobRecord.CompactAfterChanges + 9), JobRecord.ReadStored(_dir).Single().NSteps);
    }
}
