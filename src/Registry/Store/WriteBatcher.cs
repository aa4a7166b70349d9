using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Zetina.Registry.Rules;

namespace Zetina.Registry.Store;

/// <summary>
/// The registry's single writer: one thread that owns the write connection and applies queued writes
/// with group commit. Each write runs inside its own SAVEPOINT, so it is atomic on its own (a refused
/// or failed write is rolled back and leaves nothing behind); the writes taken together are committed
/// by one COMMIT, and no caller hears "done" before that COMMIT (with <c>synchronous = FULL</c>, before
/// the WAL is synced). A crash therefore loses only writes nobody was told had happened.
/// </summary>
/// <remarks>
/// One writer serialises every state change, so rules such as "a job is paid at most once" need no
/// locks: the second settlement of a job sees the first one's row. Group commit amortises the fsync
/// over the writes queued while the previous commit was syncing, which is what lets a durable
/// registry take thousands of writes a second.
/// </remarks>
internal sealed class WriteBatcher : IDisposable
{
    private readonly BlockingCollection<PendingWrite> _queue = new(new ConcurrentQueue<PendingWrite>());
    private readonly LedgerWriter _writer;
    private readonly SqliteConnection _db;
    private readonly int _maxBatch;
    private readonly Thread _thread;
    private readonly Action<long> _committed;

    /// <param name="db">The open write connection (migrated, pragmas set); owned by the batcher from now on.</param>
    /// <param name="writer">Statements prepared on <paramref name="db"/>.</param>
    /// <param name="maxBatch">The most writes per COMMIT.</param>
    /// <param name="committed">Called on the writer thread after each COMMIT with the last committed event sequence.</param>
    public WriteBatcher(SqliteConnection db, LedgerWriter writer, int maxBatch, Action<long> committed)
    {
        _db = db;
        _writer = writer;
        _maxBatch = Math.Max(1, maxBatch);
        _committed = committed;
        _thread = new Thread(Loop) { IsBackground = true, Name = "zetina-registry-writer" };
        _thread.Start();
    }

    /// <summary>
    /// Queues <paramref name="apply"/>; it runs on the writer thread inside a savepoint and is kept when it
    /// returns a successful outcome, rolled back otherwise. The task completes after the COMMIT.
    /// </summary>
    public Task<RegistryOutcome<T>> Enqueue<T>(Func<ILedgerTransaction, RegistryOutcome<T>> apply)
    {
        var op = new PendingWrite<T>(apply);
        try
        {
            _queue.Add(op);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(WriteBatcher), "the registry is shut down");
        }
        return op.Task;
    }

    private void Loop()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        foreach (PendingWrite first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < _maxBatch && _queue.TryTake(out PendingWrite? more)) batch.Add(more);
            RunBatch(batch);
        }
    }

    private void RunBatch(List<PendingWrite> batch)
    {
        long sequenceAtStart = _writer.NextSequence;
        try
        {
            _writer.Execute("BEGIN IMMEDIATE;");
            foreach (PendingWrite op in batch)
            {
                long before = _writer.NextSequence;
                _writer.Execute("SAVEPOINT w;");
                bool keep;
                try
                {
                    keep = op.Apply(_writer);
                }
                catch (Exception e) when (e is SqliteException or InvalidDataException or InvalidOperationException or OverflowException)
                {
                    op.Fail(e);
                    keep = false;
                }
                if (!keep)
                {
                    _writer.Execute("ROLLBACK TO w;");
                    _writer.NextSequence = before;
                }
                _writer.Execute("RELEASE w;");
            }
            _writer.Execute("COMMIT;");
        }
        catch (Exception e)
        {
            try { _writer.Execute("ROLLBACK;"); } catch (SqliteException) { }
            _writer.NextSequence = sequenceAtStart;
            foreach (PendingWrite op in batch) op.Fail(e);
            return;
        }
        _committed(_writer.NextSequence - 1);
        foreach (PendingWrite op in batch) op.Complete();
    }

    /// <summary>Stops taking writes, lets the queued ones commit, and closes the connection.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _writer.Dispose();
        _db.Dispose();
        _queue.Dispose();
    }

    private abstract class PendingWrite
    {
        public abstract bool Apply(LedgerWriter writer);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class PendingWrite<T>(Func<ILedgerTransaction, RegistryOutcome<T>> apply) : PendingWrite
    {
        private readonly TaskCompletionSource<RegistryOutcome<T>> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private RegistryOutcome<T> _outcome;
        private bool _failed;

        public Task<RegistryOutcome<T>> Task => _tcs.Task;

        public override bool Apply(LedgerWriter writer)
        {
            _outcome = apply(writer);
            return _outcome.Ok;
        }

        public override void Complete()
        {
            if (!_failed) _tcs.TrySetResult(_outcome);
        }

        public override void Fail(Exception e)
        {
            _failed = true;
            _tcs.TrySetException(e);
        }
    }
}
