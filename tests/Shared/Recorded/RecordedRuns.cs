using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Tests.Shared;

/// <summary>Runs a recorded constraint program in the native lanes (where this CPU has them) and in the managed ones.</summary>
internal static class RecordedRuns
{
    /// <summary>
    /// Runs <paramref name="program"/> on <paramref name="points"/> points of <paramref name="frames"/> (entry-major) and
    /// <paramref name="periodic"/> (column-major) both ways and asserts every group's sums equal
    /// <paramref name="expected"/> (group-major), naming <paramref name="what"/> and the path on a mismatch.
    /// </summary>
    public static unsafe void AssertBothPaths(ConstraintProgram program, Felt[] frames, Felt[] periodic, int points, Felt[] expected, int groups, string what)
    {
        bool native = FeltLanes.UsesNative;
        try
        {
            foreach (bool useNative in new[] { native, false })
            {
                FeltLanes.UsesNative = useNative;
                var runner = new ConstraintProgramRunner(program, points);
                fixed (Felt* f = frames, p = periodic) runner.Run(f, p);
                for (int g = 0; g < groups; g++)
                    Assert.True(expected.AsSpan(g * points, points).SequenceEqual(runner.GroupSum(g)), $"{what}, native {useNative}, group {g}");
            }
        }
        finally
        {
            FeltLanes.UsesNative = native;
        }
    }
}
