using System.Runtime.ExceptionServices;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// Runs a builtin's instances in parallel (Stone's <c>TaskManager::ParallelFor</c> over instances): each instance
/// writes its own cells, so the instances share nothing but read-only inputs.
/// </summary>
internal static class BuiltinInstances
{
    /// <summary>Runs <paramref name="write"/> for instances 0 … <paramref name="count"/> − 1; an instance's exception is rethrown as itself.</summary>
    public static void ForEach(int count, Action<int> write)
    {
        try
        {
            Parallel.For(0, count, write);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
