using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Gpu.Prover;
using Zetina.Node.Cli;
using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench prove --lanes</c>: what the builtin lanes cost. Proves a case that uses builtins (by default the
/// shared all-builtins run, every builtin 50 times) and the bench fibonacci program padded to the same number of
/// steps (the run of the same length without builtins), reports both and their ratio, and splits the difference
/// among the lanes per instance (docs/benchmarks.md, "Builtin lanes").
/// </summary>
/// <remarks>
/// A lane of lift s (the fewest rows that hold the builtin's instances, docs/cairo-air.md "Lifted lanes") commits its
/// own columns and its slots' short products at n/s rows, and they count here as (width + products)/s columns. Its mask
/// entries and constraints are evaluated over all n rows. The prover's rounds scale with one of those each: the commitments, FRI and the
/// queries with the committed columns; the out-of-domain values and the DEEP composition with the mask entries; the
/// constraint composition with the evaluation time per row. Each round's extra time over the baseline's is split
/// among the lanes by that resource (the evaluation time per row measured per lane here, the others counted); that
/// fraction of the extra process CPU time, plus the lane's fill time, divided by its instances is its cost per instance.
/// </remarks>
internal static partial class LaneCostBench
{
    /// <summary>The shared all-builtins case, relative to a checkout's root.</summary>
    public const string DefaultCase = "../shared/testdata/cairo/c0_stwo_all_builtins_all_cairo";

    /// <summary>Rounds whose time grows with the committed columns (the rest: mask entries or constraint evaluation).</summary>
    private static readonly string[] s_columnRounds = ["CommitTrace", "CommitInteraction", "Fri", "ProofOfWork", "Query"];
    private static readonly string[] s_maskRounds = ["EvaluateOutOfDomain", "ComposeDeep"];
    private const string ComposeRound = "ComposeConstraints";

    [GeneratedRegex(@"^\s*(\w+): ([0-9.]+) s$")]
    private static partial Regex RoundLine();

    /// <summary>Runs the measurement for <paramref name="caseDir"/> and writes it through <paramref name="report"/>.</summary>
    public static void Run(string caseDir, int threads, GpuProverBackends device, BenchReport report)
    {
        CairoRun run = RunCase(caseDir);
        int n = run.Trace.Length, logN = System.Numerics.BitOperations.Log2((uint)n);
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        report.Notes.WriteLine($"lanes: case {Path.GetFileName(Path.TrimEndingDirectorySeparator(caseDir))}, {n} steps; baseline: the bench fibonacci program at 2^{logN} steps, plain layout");

        (double baseS, double baseCpu, Dictionary<string, double> baseRounds) = Prove(BaselineRun(logN), threads, device);
        (double caseS, double caseCpu, Dictionary<string, double> caseRounds) = Prove(run, threads, device);
        report.Row($"{"run",-24} {"prove_s",10} {"prove_cpu_s",12}");
        report.Row(string.Create(CultureInfo.InvariantCulture, $"{"baseline (no builtins)",-24} {baseS,10:F2} {baseCpu,12:F2}"));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"{"with builtins",-24} {caseS,10:F2} {caseCpu,12:F2}"));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"{"ratio",-24} {caseS / baseS,10:F2} {caseCpu / baseCpu,12:F2}   (bar: <= 3)"));
        report.Figure(new("lanes", "baseline_prove_s", logN, t, "s", baseS));
        report.Figure(new("lanes", "builtins_prove_s", logN, t, "s", caseS));
        report.Figure(new("lanes", "baseline_prove_cpu_s", logN, t, "s", baseCpu));
        report.Figure(new("lanes", "builtins_prove_cpu_s", logN, t, "s", caseCpu));
        report.Figure(new("lanes", "ratio", logN, t, "x", caseS / baseS));
        report.Figure(new("lanes", "ratio_cpu", logN, t, "x", caseCpu / baseCpu));

        List<LaneUse> uses = Uses(run, n);
        double Extra(IEnumerable<string> rounds) => Math.Max(0, rounds.Sum(r => caseRounds.GetValueOrDefault(r) - baseRounds.GetValueOrDefault(r)));
        double columnsExtra = Extra(s_columnRounds), maskExtra = Extra(s_maskRounds), composeExtra = Extra([ComposeRound]);
        double columns = uses.Sum(u => u.Columns), entries = uses.Sum(u => u.MaskEntries), evalNs = uses.Sum(u => u.EvaluateNsPerRow);
        report.Row("");
        // The rounds' extra wall time, split by resource, gives each lane's fraction of the extra; the extra CPU time
        // (less sensitive to a shared machine's load) times that fraction is the lane's CPU seconds.
        double extraWall = columnsExtra + maskExtra + composeExtra, extraCpu = Math.Max(0, caseCpu - baseCpu);
        report.Row($"{"lane",-14} {"instances",9} {"lanes",5} {"lifts",7} {"columns",7} {"mask",5} {"eval_ns/row",11} {"fill_ms",8} {"prove_cpu_s",11} {"cpu_ms/instance",15}");
        foreach (LaneUse u in uses)
        {
            double fraction = extraWall <= 0 ? 0
                : (columnsExtra * u.Columns / columns + maskExtra * u.MaskEntries / entries + composeExtra * u.EvaluateNsPerRow / evalNs) / extraWall;
            double share = fraction * extraCpu;
            double perInstanceMs = 1000 * (share + u.FillSeconds) / u.Instances;
            report.Figure(new("lanes", u.Builtin + "_ms_per_instance", logN, t, "ms", perInstanceMs));
            report.Figure(new("lanes", u.Builtin + "_prove_cpu_s", logN, t, "s", share));
            report.Row(string.Create(CultureInfo.InvariantCulture,
                $"{u.Builtin,-14} {u.Instances,9} {u.Lanes,5} {u.Lifts,7} {u.Columns,7:F1} {u.MaskEntries,5} {u.EvaluateNsPerRow,11:F0} {1000 * u.FillSeconds,8:F1} {share,11:F2} {perInstanceMs,15:F1}"));
        }
        report.Notes.WriteLine("rounds (s), baseline → with builtins: " + string.Join(", ",
            caseRounds.Keys.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r} {baseRounds.GetValueOrDefault(r):F2} → {caseRounds[r]:F2}"))));
    }

    /// <summary>One lane builtin's use in the run: instances, lanes and what those lanes add to the table.</summary>
    private sealed record LaneUse(string Builtin, int Instances, int Lanes, string Lifts, double Columns, int MaskEntries, double EvaluateNsPerRow, double FillSeconds);

    /// <summary>
    /// Per used lane builtin: its committed columns in units of n rows (a full-height lane's own, plus per memory slot a
    /// sorted pair and a product, per range-check slot a sorted column and a product; a lifted lane's own and its short
    /// products, over its lift), its mask entries (every own column on its row, its entries
    /// beyond, the sorted and product columns on two rows each), its evaluation time per row (measured) and its fill time.
    /// </summary>
    private static List<LaneUse> Uses(CairoRun run, int n)
    {
        var uses = new List<LaneUse>();
        foreach (IBuiltinLane lane in BuiltinLanes.All)
        {
            BuiltinInstances inst = BuiltinInstances.From(lane, run.PublicInput);
            if (inst.Count == 0) continue;
            int[] heights = inst.LaneHeights(n);
            int lanes = heights.Length;
            double c0 = ThreadCpuClock.IsSupported ? ThreadCpuClock.Now() : 0;
            var sw = Stopwatch.StartNew();
            for (int l = 0; l < lanes; l++) lane.Fill(inst.InLane(l, heights), new LaneWitness(heights[l], run.Memory, run.EcdsaSignatures));
            double fill = ThreadCpuClock.IsSupported ? ThreadCpuClock.Now() - c0 : sw.Elapsed.TotalSeconds;
            int slots = 2 * lane.MemorySlots + lane.RangeCheckSlots, products = lane.MemorySlots + lane.RangeCheckSlots;
            // A full-height lane's slots have sorted columns and products n rows tall; a lifted lane's have short products
            // of its lift instead (its entries stand in for dummies in the extra slots, which no lane owns).
            double columns = 0, evaluations = 0;
            foreach (int h in heights)
            {
                columns += h == n ? lane.Width + slots + products : (double)(lane.Width + products) * h / n;
                evaluations += (double)h / n; // a lifted lane's constraints run on its share of the points
            }
            int entries = lanes * (lane.Width + lane.NextEntries.Count) + 2 * (slots + products) * heights.Count(h => h == n);
            uses.Add(new LaneUse(lane.Builtin, inst.Count, lanes, string.Join(",", heights.Select(h => n / h)), columns, entries, evaluations * EvaluateNsPerRow(lane), fill));
        }
        return uses;
    }

    /// <summary>
    /// Nanoseconds one lane's <see cref="IBuiltinLane.Evaluate{T}"/> takes per row (over <see cref="FeltValue"/>): the fastest of five passes over
    /// 4,096 rows of random frames, the periodic values cycling through the lane's period; thread CPU time where the
    /// platform has it (a shared machine's load does not inflate it), else wall time.
    /// </summary>
    private static double EvaluateNsPerRow(IBuiltinLane lane)
    {
        const int Rows = 4096;
        int constraints = 0;
        lane.AddConstraints(0, (_, _) => constraints++);
        int width = lane.Width, next = lane.NextEntries.Count;
        var rng = new Random(1);
        var frame = new Felt[width + next];
        for (int i = 0; i < frame.Length; i++) frame[i] = Felt.FromUInt64((ulong)rng.NextInt64());
        int[] at = Enumerable.Range(width, next).ToArray();
        IReadOnlyList<Felt[]> periodic = lane.Periodic;
        var per = new Felt[Math.Max(1, periodic.Count)];
        var result = new Felt[constraints];
        double best = double.MaxValue;
        for (int pass = 0; pass < 5; pass++)
        {
            double c0 = ThreadCpuClock.IsSupported ? ThreadCpuClock.Now() : 0;
            long t0 = Stopwatch.GetTimestamp();
            for (int row = 0; row < Rows; row++)
            {
                for (int j = 0; j < periodic.Count; j++) per[j] = periodic[j][row % periodic[j].Length];
                int o = 0;
                lane.Evaluate(FeltValue.Of(frame), 0, at, FeltValue.Of(per.AsSpan(0, periodic.Count)), FeltValue.Of(result.AsSpan()), ref o);
            }
            double ns = ThreadCpuClock.IsSupported ? (ThreadCpuClock.Now() - c0) * 1e9 : Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
            best = Math.Min(best, ns / Rows);
        }
        return best;
    }

    /// <summary>Proves and verifies <paramref name="run"/>: the wall seconds, the process's CPU seconds and the rounds' wall seconds.</summary>
    private static (double Seconds, double CpuSeconds, Dictionary<string, double> Rounds) Prove(CairoRun run, int threads, GpuProverBackends device)
    {
        var rounds = new Dictionary<string, double>();
        void Progress(string line)
        {
            Match m = RoundLine().Match(line);
            if (m.Success) rounds[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        TimeSpan cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, default, null, threads, Progress, device.Backends);
        double seconds = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        CairoVerifyResult v = CairoVerifier.Verify(proof.ToJsonBytes(), default);
        if (!v.IsValid) throw new InvalidOperationException($"bench proof did not verify: {v.Message}");
        return (seconds, cpu, rounds);
    }

    /// <summary>The bench fibonacci program in proof mode at 2^<paramref name="logSteps"/> steps (no builtins).</summary>
    private static CairoRun BaselineRun(int logSteps)
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(logSteps)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        return runner.Result;
    }

    /// <summary>
    /// Our VM's proof-mode run of the case's <c>program.json</c> (or <c>program.json.gz</c>) in the layout its public
    /// input names, so the run has the reference run's length and builtin use.
    /// </summary>
    private static CairoRun RunCase(string dir)
    {
        string program = Path.Combine(dir, "program.json"), input = Path.Combine(dir, "air_public_input.json");
        byte[] bytes;
        if (File.Exists(program)) bytes = File.ReadAllBytes(program);
        else if (File.Exists(program + ".gz"))
        {
            using var gz = new GZipStream(File.OpenRead(program + ".gz"), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gz.CopyTo(plain);
            bytes = plain.ToArray();
        }
        else throw new CliUsageException($"--lanes: no program.json(.gz) in '{dir}'");
        if (!File.Exists(input)) throw new CliUsageException($"--lanes: no air_public_input.json in '{dir}'");
        string layoutName = AirPublicInput.Read(input).Layout;
        CairoLayout layout = CairoLayout.Find(layoutName) ?? throw new CliUsageException($"--lanes: unknown layout '{layoutName}' in {input}");
        var runner = new CairoRunner(ProgramLoader.Load(bytes), new RunOptions { ProofMode = true, Layout = layout });
        runner.Run();
        return runner.Result;
    }
}
