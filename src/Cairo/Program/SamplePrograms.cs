using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Program;

/// <summary>Built-in programs for benchmarks and smoke tests (no compiler needed).</summary>
public static class SamplePrograms
{
    // cairo-compile 0.10.3 output of lambdaworks' fibonacci_100.cairo:
    //   func main() { let x = fib(1, 1, N); assert x = EXPECTED; return (); }
    //   func fib(first_element, second_element, n) -> (res: felt) {
    //       jmp fib_body if n != 0; tempvar y = second_element; return (y,);
    //       fib_body: tempvar y = first_element + second_element; return fib(second_element, y, n - 1); }
    private static readonly ulong[] FibonacciWords =
    [
        0x480680017fff8000, 1, 0x480680017fff8000, 1, 0x480680017fff8000, 0 /* N */, 0x1104800180018000, 5,
        0x400680017fff7fff, 0 /* EXPECTED */, 0x208b7fff7fff7ffe, 0x20780017fff7ffd, 5, 0x480a7ffc7fff8000,
        0x480a7ffc7fff8000, 0x208b7fff7fff7ffe, 0x482a7ffc7ffb8000, 0x480a7ffc7fff8000, 0x48127ffe7fff8000,
        0x482680017ffd8000, 0 /* -1 */, 0x1104800180018000, 0 /* -10 */, 0x208b7fff7fff7ffe,
    ];

    /// <summary>The expected result of <c>fib(1, 1, n)</c> in the program above.</summary>
    public static Felt FibonacciResult(long n)
    {
        BigInteger a = 1, b = 1;
        for (long i = 0; i < n; i++) (a, b) = (b, (a + b) % Felt.Modulus);
        return Felt.FromBigInteger(b);
    }

    /// <summary>
    /// The recursive fibonacci program (no builtins, no hints) computing fib(1, 1, n) and asserting the result:
    /// 7·n + 10 steps, each recursion level keeping its frame, so memory grows with n as in real programs.
    /// </summary>
    public static CairoProgram Fibonacci(long n)
    {
        var data = new MaybeRelocatable[FibonacciWords.Length];
        for (int i = 0; i < data.Length; i++) data[i] = MaybeRelocatable.FromFelt(Felt.FromUInt64(FibonacciWords[i]));
        data[5] = MaybeRelocatable.FromFelt(Felt.FromUInt64((ulong)n));
        data[9] = MaybeRelocatable.FromFelt(FibonacciResult(n));
        data[20] = MaybeRelocatable.FromFelt(Felt.MinusOne);
        data[22] = MaybeRelocatable.FromFelt(Felt.Neg(Felt.FromUInt64(10)));
        var labels = new Dictionary<string, int> { ["__main__.main"] = 0, ["__main__.fib"] = 11 };
        return new CairoProgram(data, [], new Dictionary<int, HintSpec[]>(), labels, new Dictionary<string, BigInteger>(),
            [], [], "__main__", null);
    }
}
