using System.Globalization;
using System.Text;
using static Zetina.Cairo.Program.CairoAssembly;

namespace Zetina.Cairo.Program;

/// <summary>
/// A Cairo 0 program, in the JSON form cairo-compile writes, that computes the n-th Fibonacci number
/// (1, 1, 2, 3, …; n ≥ 2) and writes it to the output builtin — or, for the plain layout (which has no
/// builtins), only computes it. n is an immediate in the bytecode, so the program needs no hints and no program
/// input. Four steps per loop iteration, so a run of about 2^k steps takes n ≈ 2^(k−2). The demo's job and the
/// proving benchmark (<c>BenchProgram</c>) are this program.
/// </summary>
/// <remarks>
/// The equivalent Cairo source:
/// <code>
/// %builtins output
/// func main{output_ptr: felt*}() {
///     let (a, b, k) = (1, 1, N);
///     loop: (a, b, k) = (b, a + b, k - 1) while k != 0;
///     assert [output_ptr] = a;  let output_ptr = output_ptr + 1;  return ();
/// }
/// </code>
/// </remarks>
public static class FibonacciProgram
{
    /// <summary>
    /// The program JSON for fib(n), n ≥ 2 (the loop runs n − 1 times); with <paramref name="writeOutput"/> false
    /// the program declares no builtin and returns without writing the result.
    /// </summary>
    public static string Json(ulong n, bool writeOutput = true)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), "n must be at least 2");
        var words = new List<string>();
        void Emit(ulong w) => words.Add("0x" + w.ToString("x", CultureInfo.InvariantCulture));
        void Imm(ulong v) => words.Add("0x" + v.ToString("x", CultureInfo.InvariantCulture));

        // main: output_ptr at [fp-3].
        Emit(Encode(0, -1, 1, OpAssertEq | Op0Fp | Op1Imm | ApAdd1)); Imm(1);   // [ap] = 1; ap++          (a)
        Emit(Encode(0, -1, 1, OpAssertEq | Op0Fp | Op1Imm | ApAdd1)); Imm(1);   // [ap] = 1; ap++          (b)
        Emit(Encode(0, -1, 1, OpAssertEq | Op0Fp | Op1Imm | ApAdd1)); Imm(n - 1); // [ap] = n-1; ap++      (k)
        int loop = words.Count;
        Emit(Encode(0, -1, -2, OpAssertEq | Op0Fp | Op1Ap | ApAdd1));             // [ap] = [ap-2]; ap++     (a' = b)
        Emit(Encode(0, -4, -3, OpAssertEq | Op1Ap | ResAdd | ApAdd1));    // [ap] = [ap-4] + [ap-3]; ap++ (b' = a + b)
        Emit(Encode(0, -3, 1, OpAssertEq | Op1Imm | ResAdd | ApAdd1));
        words.Add(Felt(-1));                                              // [ap] = [ap-3] + (-1); ap++ (k' = k - 1)
        int jnzAt = words.Count;
        Emit(Encode(-1, -1, 1, PcJnz | Op0Fp | Op1Imm));
        words.Add(Felt(loop - jnzAt));                                    // jmp rel loop if [ap-1] != 0
        if (writeOutput)
        {
            Emit(Encode(-3, -3, 0, OpAssertEq | Op0Fp));                  // [ap-3] = [[fp-3]]       (output a)
            Emit(Encode(0, -3, 1, OpAssertEq | Op0Fp | Op1Imm | ResAdd | ApAdd1)); Imm(1); // [ap] = [fp-3] + 1; ap++
        }
        Emit(Encode(-2, -1, -1, OpRet | DstFp | Op0Fp | Op1Fp | PcJumpAbs));      // ret
        return Render(words, writeOutput);
    }

    private static string Felt(long v) =>
        v >= 0 ? "0x" + v.ToString("x", CultureInfo.InvariantCulture)
               : Zetina.Stark.Field.Felt.FromBigInteger(v).ToHexString();

    /// <summary>The loaded program for fib(n) (see <see cref="Json"/>).</summary>
    public static CairoProgram Load(ulong n, bool writeOutput = true) => ProgramLoader.Load(Encoding.UTF8.GetBytes(Json(n, writeOutput)));

    private static string Render(List<string> words, bool writeOutput)
    {
        var sb = new StringBuilder();
        sb.Append("{\n  \"attributes\": [],\n  \"builtins\": [").Append(writeOutput ? "\"output\"" : "").Append("],\n  \"compiler_version\": \"0.13.1\",\n");
        sb.Append("  \"data\": [");
        for (int i = 0; i < words.Count; i++) sb.Append(i == 0 ? "\n    \"" : ",\n    \"").Append(words[i]).Append('"');
        sb.Append("\n  ],\n  \"debug_info\": null,\n  \"hints\": {},\n");
        sb.Append("  \"identifiers\": {\n");
        sb.Append("    \"__main__.main\": {\"decorators\": [], \"pc\": 0, \"type\": \"function\"},\n");
        sb.Append("    \"__main__.main.Args\": {\"full_name\": \"__main__.main.Args\", \"members\": {}, \"size\": 0, \"type\": \"struct\"},\n");
        sb.Append(writeOutput
            ? "    \"__main__.main.ImplicitArgs\": {\"full_name\": \"__main__.main.ImplicitArgs\", \"members\": {\"output_ptr\": {\"cairo_type\": \"felt*\", \"offset\": 0}}, \"size\": 1, \"type\": \"struct\"},\n"
            : "    \"__main__.main.ImplicitArgs\": {\"full_name\": \"__main__.main.ImplicitArgs\", \"members\": {}, \"size\": 0, \"type\": \"struct\"},\n");
        sb.Append("    \"__main__.main.Return\": {\"cairo_type\": \"()\", \"type\": \"type_definition\"}\n");
        sb.Append("  },\n  \"main_scope\": \"__main__\",\n");
        sb.Append("  \"prime\": \"0x800000000000011000000000000000000000000000000000000000000000001\",\n");
        sb.Append("  \"reference_manager\": {\"references\": []}\n}\n");
        return sb.ToString();
    }
}
