using System.Globalization;
using System.Text;
using Zetina.Cairo.Program;

namespace Zetina.Cairo.Prover;

/// <summary>
/// The proving benchmark's program: <see cref="FibonacciProgram"/> without the output builtin, so it runs in the plain
/// layout; four steps per iteration.
/// </summary>
/// <remarks>
/// <code>
///  pc  word                 instruction
///   0  0x480680017fff8000   [ap] = 1, ap++                  a
///   2  0x480680017fff8000   [ap] = 1, ap++                  b
///   4  0x480680017fff8000   [ap] = N, ap++                  n
///   6  0x48127ffe7fff8000   [ap] = [ap - 2], ap++           a' = b
///   7  0x48307ffd7ffc8000   [ap] = [ap - 4] + [ap - 3], ap++  b' = a + b
///   8  0x482480017ffd8000   [ap] = [ap - 3] + (−1), ap++    n' = n − 1
///  10  0x020680017fff7fff   jmp rel −4 if [ap − 1] != 0
///  12  0x208b7fff7fff7ffe   ret
/// </code>
/// In proof mode the runner prepends the standard header (ap += 0; call main; jmp rel 0), so a run of N iterations
/// takes 4N + 6 steps before padding to the next power of two.
/// </remarks>
public static class BenchProgram
{
    /// <summary>Iterations that fill, but do not pass, 2^<paramref name="logSteps"/> steps.</summary>
    public static long IterationsFor(int logSteps) => Math.Max(1, ((1L << logSteps) - 8) / 4);

    /// <summary>The loaded program for <paramref name="iterations"/> iterations: fib(iterations + 1).</summary>
    public static CairoProgram Load(long iterations) => FibonacciProgram.Load((ulong)iterations + 1, writeOutput: false);

    /// <summary>
    /// A program that uses the range_check builtin: <c>main{range_check_ptr}</c> asserts that <paramref name="value"/>
    /// (below 2^64 here) is range-checked and returns range_check_ptr + 1.
    /// </summary>
    /// <remarks>
    /// <code>
    ///  pc  word                 instruction
    ///   0  0x480680017fff8000   [ap] = value, ap++
    ///   2  0x400280007ffd7fff   [ap − 1] = [[fp − 3]]          the range_check cell
    ///   3  0x482680017ffd8000   [ap] = [fp − 3] + 1, ap++       return range_check_ptr + 1
    ///   5  0x208b7fff7fff7ffe   ret
    /// </code>
    /// </remarks>
    public static CairoProgram RangeCheck(ulong value)
    {
        string json = "{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[\"range_check\"],\"data\":[" +
            "\"0x480680017fff8000\",\"0x" + value.ToString("x", CultureInfo.InvariantCulture) + "\",\"0x400280007ffd7fff\",\"0x482680017ffd8000\",\"0x1\",\"0x208b7fff7fff7ffe\"]," +
            "\"hints\":{},\"main_scope\":\"__main__\",\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}}," +
            "\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}";
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }
}
