namespace Zetina.Tests.Shared.Fuzz;

/// <summary>
/// The property every parser of untrusted bytes must have: it returns a value or its typed failure, never throws
/// anything else, and allocates in proportion to its input.
/// </summary>
internal static class ParserProperty
{
    /// <summary>
    /// Runs <paramref name="parse"/> on <paramref name="input"/>; an exception passing <paramref name="expected"/> is the
    /// parser's typed failure, any other fails the test. Then checks the bytes allocated on this thread are at most
    /// <paramref name="perInputByte"/> times the input length plus <paramref name="fixedBytes"/>.
    /// </summary>
    public static void Holds(byte[] input, Action<byte[]> parse, Func<Exception, bool> expected, long perInputByte, long fixedBytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            parse(input);
        }
        catch (Exception e) when (expected(e))
        {
            // The typed failure.
        }
        catch (Exception e)
        {
            throw new FuzzFailure($"parser threw {e.GetType().Name} on a {input.Length}-byte input: {e.Message}", e);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = perInputByte * input.Length + fixedBytes;
        if (allocated > bound)
            throw new FuzzFailure($"parser allocated {allocated} bytes for a {input.Length}-byte input (bound {bound})");
    }
}

/// <summary>A fuzz property that did not hold.</summary>
internal sealed class FuzzFailure(string message, Exception? inner = null) : Exception(message, inner);
