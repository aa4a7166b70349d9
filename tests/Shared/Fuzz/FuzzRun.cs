using CsCheck;
using Xunit.Abstractions;

namespace Zetina.Tests.Shared.Fuzz;

/// <summary>
/// How long a fuzz test runs and from which seed, from the environment, so CI runs a few hundred inputs per target
/// and <c>scripts/fuzz</c> runs for minutes with the same tests.
/// </summary>
/// <remarks>
/// <c>ZETINA_FUZZ_ITERATIONS</c>: inputs per target (default <see cref="DefaultIterations"/>), scaled down by a target's
/// cost. <c>ZETINA_FUZZ_SECONDS</c>: when set, each target runs for that many seconds instead. <c>ZETINA_FUZZ_SEED</c>:
/// the CsCheck seed a failure printed ("Set seed: ..."), which replays the failing input first.
/// </remarks>
internal static class FuzzRun
{
    /// <summary>Inputs per target when the environment says nothing: enough to exercise every mutator, a few seconds at most on a slow machine.</summary>
    public const int DefaultIterations = 1000;

    /// <summary>
    /// Runs <paramref name="property"/> on inputs from <paramref name="gen"/> on one thread (the property measures its own
    /// thread's allocations). <paramref name="cost"/> divides the iteration count for targets that are slow per input.
    /// </summary>
    public static void Check<T>(Gen<T> gen, Action<T> property, ITestOutputHelper output, int cost = 1, Func<T, string>? print = null)
    {
        string? seed = Environment.GetEnvironmentVariable("ZETINA_FUZZ_SEED");
        int seconds = ReadInt("ZETINA_FUZZ_SECONDS", 0);
        long iterations = seconds > 0 ? -1 : Math.Max(1, ReadInt("ZETINA_FUZZ_ITERATIONS", DefaultIterations) / Math.Max(1, cost));
        gen.Sample(property, writeLine: output.WriteLine, seed: string.IsNullOrEmpty(seed) ? null : seed, iter: iterations,
            time: seconds > 0 ? seconds : -1, threads: 1, print: print ?? PrintBytes);
    }

    private static int ReadInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) && v > 0 ? v : fallback;

    private static string PrintBytes<T>(T value) => value switch
    {
        byte[] b => $"{b.Length} bytes: {Convert.ToHexStringLower(b.AsSpan(0, Math.Min(b.Length, 512)))}{(b.Length > 512 ? "…" : "")}",
        _ => value?.ToString() ?? "null",
    };
}
