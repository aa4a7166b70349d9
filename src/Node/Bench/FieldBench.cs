using System.Diagnostics;
using System.Numerics;
using Zetina.Node.Cli;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench field [--json] [--threads N]</c>: quick throughput figures for the field, the hashes and ECDSA, the
/// same operations as the BenchmarkDotNet suites in bench/ (FeltMulBenchmarks, PoseidonBenchmarks, …) but in a few
/// seconds each, for comparing machines.
/// </summary>
/// <remarks>
/// Each figure is the fastest of 40 timed batches of about 2 ms after a quarter-second warm-up, so the whole
/// suite takes a few seconds. With <c>threads</c> &gt; 1 the same loop runs on that many threads at
/// once and the figure is wall time divided by all operations (aggregate throughput). Chains of dependent
/// operations are timed where the operation is latency-bound in real use (felt mul, inverse). With one thread on
/// Linux the clock is the thread's CPU time (<see cref="ThreadCpuClock"/>), so a busy machine does not inflate the
/// figures; otherwise wall time.
/// </remarks>
internal static class FieldBench
{
    public const string Suite = "field";

    public static readonly CliCommand[] Commands =
    [
        new(["bench", "field"], "field, hash and ECDSA throughput (under a minute)",
            "usage: zetina bench field [--json] [--threads N]\n" +
            "  --json       one JSON object per line: suite, name, threads, unit, value\n" +
            "  --threads N  run N copies at once and report aggregate time per operation (default 1)", Command),
    ];

    private static int Command(CliArgs args)
    {
        bool json = args.Flag("json");
        int threads = args.Int("threads", 1);
        args.RejectUnknown();
        if (args.Positionals.Count != 0) throw new CliUsageException($"unexpected argument '{args.Positionals[0]}'");
        if (threads < 1 || threads > 1024) throw new CliUsageException($"--threads must be between 1 and 1024, got {threads}");
        var report = new BenchReport(json, jsonDigits: null);
        report.Row($"{"name",-24} {"value",12} unit    (threads {threads})");
        Run(threads, r => report.Figure(r, r => $"{r.Name,-24} {r.Value,12:F2} {r.Unit}"));
        return 0;
    }

    /// <summary>Runs every figure; <paramref name="report"/> receives each as soon as it is measured.</summary>
    public static void Run(int threads, Action<BenchResult> report)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), "threads must be at least 1");
        Felt a = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
        Felt b = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");

        report(Measure("felt_mul", "ns/op", threads, 1e9, ops =>
        {
            Felt x = a;
            for (long i = 0; i < ops; i++) x = Felt.Mul(x, b);
            return x.L0Sink();
        }));
        report(Measure("felt_square", "ns/op", threads, 1e9, ops =>
        {
            Felt x = a;
            for (long i = 0; i < ops; i++) x = Felt.Square(x);
            return x.L0Sink();
        }));
        report(Measure("felt_add", "ns/op", threads, 1e9, ops =>
        {
            Felt x = a;
            for (long i = 0; i < ops; i++) x = Felt.Add(x, b);
            return x.L0Sink();
        }));
        const int n = 4096;
        // Inputs are prepared once per thread, outside the timed loops.
        var inputs = new ThreadLocal<(Felt[] Xs, Felt[] Ys)>(() =>
        {
            var x = new Felt[n];
            var y = new Felt[n];
            FeltSpan.Powers(a, b, x);
            FeltSpan.Powers(b, a, y);
            return (x, y);
        });
        report(Measure("felt_mul_batch", "ns/op", threads, 1e9, ops =>
        {
            (Felt[] xs, Felt[] ys) = inputs.Value;
            long done = 0;
            while (done < ops) { FeltSpan.Mul(xs, ys, xs); done += n; }
            return xs[0].L0Sink();
        }, granularity: n));
        // The managed lanes without the native kernel, and the fallback layout (32-bit digits), on the same inputs,
        // for before/after ratios from one run.
        bool native = FeltLanes.UsesNative, fma = FeltLanes.UsesFma52;
        try
        {
            foreach ((string name, bool on) in new[] { ("felt_mul_batch_managed", native), ("felt_mul_batch_digits32", fma) })
            {
                if (!on) continue;
                FeltLanes.UsesNative = false;
                FeltLanes.UsesFma52 = name == "felt_mul_batch_managed";
                report(Measure(name, "ns/op", threads, 1e9, ops =>
                {
                    (Felt[] xs, Felt[] ys) = inputs.Value;
                    long done = 0;
                    while (done < ops) { FeltSpan.Mul(xs, ys, xs); done += n; }
                    return xs[0].L0Sink();
                }, granularity: n));
            }
        }
        finally
        {
            FeltLanes.UsesFma52 = fma;
            FeltLanes.UsesNative = native;
        }
        report(Measure("felt_inverse", "ns/op", threads, 1e9, ops =>
        {
            Felt x = a;
            for (long i = 0; i < ops; i++) x = x.Inverse();
            return x.L0Sink();
        }));
        report(Measure("felt_batch_inverse", "ns/op", threads, 1e9, ops =>
        {
            Felt[] xs = inputs.Value.Xs;
            long done = 0;
            while (done < ops) { Felt.BatchInverse(xs, xs); done += n; }
            return xs[0].L0Sink();
        }, granularity: n));
        report(Measure("poseidon_hash", "ns/op", threads, 1e9, ops =>
        {
            Felt x = a;
            for (long i = 0; i < ops; i++) x = PoseidonHash.Hash(x, b);
            return x.L0Sink();
        }));
        report(Measure("poseidon_hash_many_16", "ns/op", threads, 1e9, ops =>
        {
            ReadOnlySpan<Felt> xs = inputs.Value.Xs.AsSpan(0, 16);
            Felt x = default;
            for (long i = 0; i < ops; i++) x = Felt.Add(x, PoseidonHash.HashMany(xs));
            return x.L0Sink();
        }));
        PedersenHash.Hash(a, b); // build the tables outside the timing
        report(Measure("pedersen_hash", "ns/op", threads, 1e9, ops =>
        {
            Felt x = a;
            for (long i = 0; i < ops; i++) x = PedersenHash.Hash(x, b);
            return x.L0Sink();
        }));
        report(Measure("keccak256_64", "ns/op", threads, 1e9, ops =>
        {
            Span<byte> buf = stackalloc byte[64];
            buf.Fill(0x5A);
            for (long i = 0; i < ops; i++) Keccak256.Hash(buf, buf);
            return buf[0];
        }));
        report(Measure("blake2s_64", "ns/op", threads, 1e9, ops =>
        {
            Span<byte> buf = stackalloc byte[64];
            buf.Fill(0x5A);
            for (long i = 0; i < ops; i++) Blake2s256.Hash(buf, buf);
            return buf[0];
        }));
        BigInteger d = BigInteger.Parse("0" + "3c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        Felt pub = StarkEcdsa.PublicKey(d);
        (Felt r, Felt s) = StarkEcdsa.Sign(d, b);
        report(Measure("ecdsa_sign", "us/op", threads, 1e6, ops =>
        {
            Felt m = b;
            ulong sink = 0;
            for (long i = 0; i < ops; i++) { sink ^= StarkEcdsa.Sign(d, m).S.L0Sink(); m += Felt.One; }
            return sink;
        }));
        report(Measure("ecdsa_verify", "us/op", threads, 1e6, ops =>
        {
            ulong ok = 0;
            for (long i = 0; i < ops; i++) ok += StarkEcdsa.Verify(pub, b, r, s) ? 1UL : 0UL;
            if (ok != (ulong)ops) throw new InvalidOperationException("benchmark signature failed to verify");
            return ok;
        }));
    }

    /// <summary>
    /// Warms up (so the JIT has tiered the code up; a no-op for the native binary), calibrates the operation count
    /// to batches of about 2 ms, and keeps the fastest of 40 batches: short batches and the minimum filter out
    /// preemption on a shared machine. <paramref name="body"/> runs <c>ops</c> operations and returns a value that
    /// depends on all of them.
    /// </summary>
    private static BenchResult Measure(string name, string unit, int threads, double scale, Func<long, ulong> body, int granularity = 1)
    {
        const double batchSeconds = 0.002;
        // Growing batches for a quarter second: enough calls and loop iterations for tiering and OSR to finish.
        var warm = Stopwatch.StartNew();
        for (long w = granularity; warm.Elapsed.TotalSeconds < 0.25; w = Math.Min(w * 2, granularity * 4096L)) Sink(body(w));
        long ops = granularity;
        while (true)
        {
            double t = Time(body, ops, 1);
            if (t >= batchSeconds / 4 || ops >= (1L << 40)) { ops = Math.Max(granularity, (long)(ops * batchSeconds / Math.Max(t, 1e-9))); break; }
            ops *= 4;
        }
        double best = BenchTiming.Smallest(40, () => Time(body, ops, threads));
        return new BenchResult(Suite, name, null, threads, unit, Math.Round(best * scale / (ops * (double)threads), 2));
    }

    private static double Time(Func<long, ulong> body, long ops, int threads)
    {
        if (threads == 1 && ThreadCpuClock.IsSupported)
        {
            double start = ThreadCpuClock.Now();
            Sink(body(ops));
            return ThreadCpuClock.Now() - start;
        }
        var sw = Stopwatch.StartNew();
        if (threads == 1)
        {
            Sink(body(ops));
        }
        else
        {
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++) { workers[t] = new Thread(() => Sink(body(ops))); workers[t].Start(); }
            foreach (Thread w in workers) w.Join();
        }
        return sw.Elapsed.TotalSeconds;
    }

    private static ulong s_sink;

    private static void Sink(ulong v) => Interlocked.Exchange(ref s_sink, s_sink ^ v);
}

/// <summary>Keeps benchmark results observable so the JIT cannot drop the work.</summary>
internal static class FeltSinkExtensions
{
    public static ulong L0Sink(this Felt f)
    {
        f.ToCanonical(out ulong x0, out _, out _, out _);
        return x0;
    }
}
