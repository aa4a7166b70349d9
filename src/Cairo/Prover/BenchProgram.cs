using System.Globalization;
using System.Text;
using Zetina.Cairo.Program;

namespace Zetina.Cairo.Prover;

/// <summary>
/// A fibonacci-style Cairo program, hand-assembled, for benchmarks and tests: four steps per iteration, no builtins,
/// runs in the plain layout.
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

    /// <summary>The program JSON (cairo-compile's shape) for <paramref name="iterations"/> iterations.</summary>
    public static string Json(long iterations)
    {
        string[] words =
        [
            "0x480680017fff8000", "0x1", "0x480680017fff8000", "0x1", "0x480680017fff8000", "0x" + iterations.ToString("x", CultureInfo.InvariantCulture),
            "0x48127ffe7fff8000", "0x48307ffd7ffc8000", "0x482480017ffd8000",
            "0x800000000000011000000000000000000000000000000000000000000000000", // −1
            "0x20680017fff7fff",
            "0x800000000000010fffffffffffffffffffffffffffffffffffffffffffffffd", // −4
            "0x208b7fff7fff7ffe",
        ];
        var sb = new StringBuilder();
        sb.Append("{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[],\"data\":[");
        for (int i = 0; i < words.Length; i++) sb.Append(i == 0 ? "" : ",").Append('"').Append(words[i]).Append('"');
        sb.Append("],\"hints\":{},\"main_scope\":\"__main__\",\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}},");
        sb.Append("\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}");
        return sb.ToString();
    }

    /// <summary>The loaded program.</summary>
    public static CairoProgram Load(long iterations) => ProgramLoader.Load(Encoding.UTF8.GetBytes(Json(iterations)));

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
