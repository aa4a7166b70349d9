namespace Zetina.Stark.Common;

/// <summary>
/// The one place the engine fans work out to threads: a parallel loop that runs inline when one thread
/// is asked for (so single-threaded figures carry no thread-pool cost) or when there is one item.
/// </summary>
public static class Parallelism
{
    /// <summary>The thread count to use when a caller passes 0: every logical processor.</summary>
    public static int Resolve(int maxThreads) => maxThreads <= 0 ? Environment.ProcessorCount : maxThreads;

    /// <summary>Runs body(i) for i in [0, count) on at most <paramref name="maxThreads"/> threads.</summary>
    public static void For(int count, int maxThreads, Action<int> body)
    {
        if (count <= 0) return;
        if (maxThreads <= 1 || count == 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, body);
    }

    /// <summary>
    /// Runs body(i, threads) for i in [0, count) on at most <paramref name="maxThreads"/> threads: one item per thread
    /// (threads = 1) while every thread has one, then the items left over one after another, each given all the threads
    /// to use inside it — so that no thread waits while another runs an extra item (three columns' transforms on two
    /// threads).
    /// </summary>
    public static void ForBalanced(int count, int maxThreads, Action<int, int> body)
    {
        int threads = Resolve(maxThreads), alone = count - count % threads;
        For(alone, threads, i => body(i, 1));
        for (int i = alone; i < count; i++) body(i, threads);
    }
}
