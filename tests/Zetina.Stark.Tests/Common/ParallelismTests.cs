using System.Collections.Concurrent;
using Zetina.Stark.Common;

namespace Zetina.Stark.Tests.Common;

/// <summary><see cref="Parallelism.ForBalanced"/>: every item once, one thread each while all threads have one, the rest with all.</summary>
public sealed class ParallelismTests
{
    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(7, 2, 1)]
    [InlineData(4, 2, 0)]
    [InlineData(1, 2, 1)]
    [InlineData(5, 1, 0)]
    public void Items_left_over_get_all_the_threads(int count, int threads, int leftOver)
    {
        var given = new ConcurrentDictionary<int, int>();
        Parallelism.ForBalanced(count, threads, (i, inner) => Assert.True(given.TryAdd(i, inner), $"item {i} ran twice"));

        Assert.Equal(count, given.Count);
        for (int i = 0; i < count; i++) Assert.Equal(i < count - leftOver ? 1 : threads, given[i]);
    }
}
