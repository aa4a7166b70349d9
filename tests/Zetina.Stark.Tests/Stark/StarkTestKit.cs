using Zetina.Stark.Air;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Stark.Tests.Stark;

/// <summary>Small statements and parameters shared by the STARK tests (traces ≤ 2^10 rows, fast).</summary>
internal static class StarkTestKit
{
    public static readonly Felt JobId = Felt.FromUInt64(0x10b);
    public static readonly Felt Executor = Felt.FromUInt64(0xe7ec);

    /// <summary>
    /// The byte of a binary proof's main short-table count (version 5), which is the interaction flag in version 4: after
    /// the version, the parameters, the hash name and a 32-byte main root.
    /// </summary>
    public static int ShortCountAt(byte[] b)
    {
        int steps = BitConverter.ToInt32(b, 21);
        int at = 1 + 24 + 4 * steps;
        return at + 1 + b[at] + 32;
    }

    /// <summary>
    /// A version-5 proof through JSON: it carries <paramref name="field"/>, reads back to the same binary encoding, and is
    /// refused relabelled as version 4. Returns the proof read back.
    /// </summary>
    public static StarkProof Version5JsonRoundTrip(StarkProof p, string field)
    {
        string json = ProofJson.Write(p);
        Assert.Contains($"\"{field}\"", json);
        Assert.True(ProofJson.TryRead(json, out StarkProof? read, out string? error), error);
        Assert.Equal(ProofSerializer.Write(p), ProofSerializer.Write(read!));
        Assert.False(ProofJson.TryRead(json.Replace("\"version\": 5", "\"version\": 4"), out _, out _));
        return read!;
    }

    /// <summary>Small parameters for 2^logN rows: blowup 4, 8 queries, 4 grinding bits, folding by 4.</summary>
    public static StarkParameters Small(int logN, string hash = "keccak256", int[]? steps = null, int lastBound = 4, int logBlowup = 2) =>
        new(logBlowup, 8, 4, steps ?? StepsFor(logN, lastBound), lastBound, hash);

    private static int[] StepsFor(int logN, int lastBound)
    {
        int rest = logN - System.Numerics.BitOperations.Log2((uint)lastBound);
        var steps = new List<int>();
        while (rest > 0) { int s = Math.Min(2, rest); steps.Add(s); rest -= s; }
        return steps.Count == 0 ? [0] : [.. steps];
    }

    public static (FibonacciAir Air, Felt[][] Trace) Fibonacci(int n)
    {
        Felt[][] trace = FibonacciAir.BuildTrace(n, Felt.One, Felt.One);
        return (new FibonacciAir(n, Felt.One, Felt.One, trace[1][n - 1], JobId, Executor), trace);
    }

    public static (PermutationAir Air, Felt[][] Trace) Permutation(int n) => (new PermutationAir(n, JobId, Executor), PermutationAir.BuildTrace(n, 5));

    public static StarkProof Prove(IAir air, Felt[][] trace, StarkParameters p, int threads = 1) =>
        new StarkProver(p, ProverBackends.Cpu(threads)).Prove(air, trace);
}
