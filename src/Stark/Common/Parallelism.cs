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
}
