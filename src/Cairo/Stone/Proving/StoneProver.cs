using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>How the prover runs; none of it changes the proof.</summary>
internal sealed record StoneProverOptions
{
    /// <summary>Threads to use (0: every processor).</summary>
    public int MaxThreads { get; init; }

    /// <summary>
    /// Where the proof-of-work search starts. The proof carries the smallest valid nonce at or above it, so any start
    /// at or below Stone's nonce gives Stone's proof; tests of 30-bit proofs start at the reference nonce.
    /// </summary>
    public ulong StartNonce { get; init; }

    /// <summary>
    /// Called after each phase of the pipeline with its name (interpolate, trace commitment, interaction, composition,
    /// OODS, DEEP, FRI, proof of work, decommitment) and its wall time in seconds: progress display and profiling.
    /// Null for none.
    /// </summary>
    public Action<string, double>? OnPhase { get; init; }
}

/// <summary>A proof and where each of its parts begins in proof_hex (for diagnostics).</summary>
internal sealed record StoneProof(byte[] Proof, IReadOnlyList<(string Part, long Offset)> Parts)
{
    /// <summary>The part that byte <paramref name="offset"/> of the proof belongs to.</summary>
    public string PartAt(long offset)
    {
        string part = "(before the first part)";
        foreach ((string p, long at) in Parts)
            if (at <= offset) part = p;
        return part;
    }
}

/// <summary>
/// Stone's prover (<c>stark/stark.cc</c>, <c>StarkProver::ProveStark</c>, and <c>fri/fri_prover.cc</c>): from a
/// trace, a layout, the proof parameters and the statement, the proof_hex bytes <c>cpu_air_prover</c> writes —
/// every message in the order <see cref="StoneTranscript"/> and <see cref="StoneVerifier"/> read it (docs/stone.md,
/// "Proving: the pipeline"). Stone is deterministic and so is this: the same inputs give the same bytes.
/// </summary>
internal static class StoneProver
{
    /// <summary>log₂ of the evaluation domain from which each phase's garbage is collected when it ends (2^23 rows).</summary>
    internal const int LargeDomainLog = 23;

    /// <summary>
    /// Proves the statement; throws <see cref="StoneFormatException"/> for a public input the layout cannot seed or a
    /// FRI step list that does not fit the trace.
    /// </summary>
    /// <exception cref="InvalidOperationException">The trace does not satisfy the layout (the last FRI layer's degree is too high).</exception>
    public static StoneProof Prove(
        IStoneTraceSource trace, IStoneLayout layout, StoneProofParameters p, AirPublicInput input,
        StoneStatementVersion version, StoneProverOptions? options = null)
    {
        options ??= new StoneProverOptions();
        int threads = options.MaxThreads;
        var parts = new List<(string, long)>();
        int logTrace = System.Numerics.BitOperations.Log2((ulong)trace.Main.Rows);
        if (trace.Main.Rows != input.NSteps * layout.RowsPerStep)
            throw new ArgumentException($"the trace has {trace.Main.Rows} rows; n_steps {input.NSteps} · {layout.RowsPerStep} rows per step = {input.NSteps * layout.RowsPerStep}", nameof(trace));
        // The verifier's FRI shape rule (StoneVerifier): the steps and the last layer together cover the trace degree.
        int logLast = System.Numerics.BitOperations.Log2((ulong)p.LastLayerDegreeBound);
        if (p.FriStepList.Sum() + logLast != logTrace)
            throw new StoneFormatException(
                $"fri_step_list [{string.Join(", ", p.FriStepList)}] with last_layer_degree_bound {p.LastLayerDegreeBound} covers degree 2^{p.FriStepList.Sum() + logLast}, " +
                $"but the trace has 2^{logTrace} rows: the steps and log2 of the bound must add up to {logTrace}");
        var domains = new StoneDomains(logTrace, logTrace + p.LogNCosets);
        int logN = domains.LogEvaluationDomain;
        StoneMaskedHash hash = StoneMaskedHash.TryCreate(p.CommitmentHash)!;

        // Seeding: the statement's words hashed into the channel's first state.
        IStoneChannel inner = StoneStatementSeed.TryOpenChannel(StoneStatementSeed.Build(input, layout, p, version), p)
            ?? throw new StoneFormatException("the public input's hash is not a field element");
        var channel = new StoneProverChannel(inner);
        // At most this many rows of each table are opened (a query opens its coset of FRI's first step).
        int openedRows = (int)Math.Min(int.MaxValue, (long)p.NQueries << p.FriStepList[0]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string name)
        {
            // A phase's large arrays (column values on the evaluation domain, quotients, layers) are garbage once it
            // ends; on large domains they are collected before the next phase allocates its own, or the heap holds
            // several phases' worth at once. The arrays hold no references, so the collection takes milliseconds.
            if (logN >= LargeDomainLog) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            options.OnPhase?.Invoke(name, clock.Elapsed.TotalSeconds);
            clock.Restart();
        }

        // Round 1: the original trace.
        parts.Add(("trace commitment", channel.Position));
        Felt[][] mainCoefficients = Interpolate(trace.Main, threads);
        Phase("interpolate");
        var tables = new List<StoneTableCommitment> { StoneTableCommitment.Commit(mainCoefficients, logN, hash, p.VerifierFriendlyLayers, openedRows, threads) };
        channel.Send(tables[0].Root);
        Phase("trace commitment");

        // Round 2: the interaction trace, built from the elements drawn after the first commitment.
        var interaction = new Felt[layout.InteractionElementCount];
        Felt[][] allCoefficients = mainCoefficients;
        if (layout.InteractionColumns > 0)
        {
            for (int i = 0; i < interaction.Length; i++) interaction[i] = channel.DrawFelt();
            Felt[][] interactionCoefficients = Interpolate(trace.BuildInteraction(interaction), threads);
            tables.Add(StoneTableCommitment.Commit(interactionCoefficients, logN, hash, p.VerifierFriendlyLayers, openedRows, threads));
            parts.Add(("interaction commitment", channel.Position));
            channel.Send(tables[1].Root);
            allCoefficients = [.. mainCoefficients, .. interactionCoefficients];
            Phase("interaction");
        }

        // Round 3: the composition polynomial, split into D columns and committed.
        Felt alpha = channel.DrawFelt();
        Felt[][] composition = StoneCompositionPolynomial.Compute(layout, allCoefficients, logTrace, interaction, alpha, input, threads);
        tables.Add(StoneTableCommitment.Commit(composition, logN, hash, p.VerifierFriendlyLayers, openedRows, threads));
        parts.Add(("composition commitment", channel.Position));
        channel.Send(tables[^1].Root);
        Phase("composition");

        // Round 4: out-of-domain sampling — every mask cell at z·g^offset, then each hᵢ at z^D.
        Felt z = channel.DrawFelt();
        Felt[][] polynomials = [.. allCoefficients, .. composition];
        Felt[] oods = OutOfDomainValues(layout, polynomials, z, domains.TraceGenerator, threads);
        CheckComposition(layout, oods, z, domains, interaction, alpha, input);
        parts.Add(("OODS values", channel.Position));
        if (p.VerifierFriendlyChannelUpdates) channel.SendFelts(oods);
        else foreach (Felt v in oods) channel.SendFelts([v]);
        Felt oodsAlpha = channel.DrawFelt();
        Phase("OODS");

        // Round 5: the DEEP composition, FRI's first layer.
        Felt[] layer = StoneDeepComposition.Evaluate(layout, polynomials, z, domains.TraceGenerator, oods, oodsAlpha, logN, threads);
        Phase("DEEP");

        // Round 6: FRI's commit phase. A first step of 0 folds nothing; every later layer is committed, then folded.
        int[] steps = p.FriStepList;
        if (steps[0] != 0) layer = StoneFriLayers.Fold(layer, channel.DrawFelt(), steps[0], threads);
        var friLayers = new List<(Felt[] Values, StoneMerkleTree Tree, int Step)>();
        for (int i = 1; i < steps.Length; i++)
        {
            StoneMerkleTree tree = CommitFriLayer(layer, steps[i], logN - steps[..i].Sum(), hash, p.VerifierFriendlyLayers, threads);
            parts.Add(($"FRI layer {i} commitment", channel.Position));
            channel.Send(tree.Root);
            friLayers.Add((layer, tree, steps[i]));
            layer = StoneFriLayers.Fold(layer, channel.DrawFelt(), steps[i], threads);
        }
        parts.Add(("last layer coefficients", channel.Position));
        channel.SendFelts(StoneFriLayers.LastLayerCoefficients(layer, (int)p.LastLayerDegreeBound));
        Phase("FRI");

        // Round 7: proof of work, then the queries it protects.
        if (p.ProofOfWorkBits > 0)
        {
            parts.Add(("proof-of-work nonce", channel.Position));
            channel.Send(ProofOfWorkNonce(channel, p, options));
        }
        Phase("proof of work");
        ulong bound = 1UL << (logN - steps[0]);
        var queries = new ulong[p.NQueries];
        for (int i = 0; i < queries.Length; i++) queries[i] = channel.DrawNumber(bound);
        Array.Sort(queries);

        // Round 8: decommitments — each trace table at the first layer's cosets, then each FRI layer's missing cells.
        long[] rows = queries.SelectMany(q => Enumerable.Range(0, 1 << steps[0]).Select(k => (long)((q << steps[0]) + (ulong)k)))
            .Distinct().OrderBy(x => x).ToArray();
        string[] tableNames = layout.InteractionColumns > 0 ? ["trace", "interaction", "composition"] : ["trace", "composition"];
        Felt[][][] opened = StoneTableCommitment.OpenRows(tables, rows, threads);
        for (int t = 0; t < tables.Count; t++)
        {
            parts.Add(($"{tableNames[t]} decommitment", channel.Position));
            tables[t].Decommit(channel, rows, opened[t]);
        }
        int basis = 0;
        for (int l = 0; l < friLayers.Count; l++)
        {
            basis += steps[l];
            parts.Add(($"FRI layer {l + 1} decommitment", channel.Position));
            DecommitFriLayer(channel, friLayers[l].Values, friLayers[l].Tree, friLayers[l].Step, queries, basis - steps[0]);
        }
        Phase("decommitment");
        return new StoneProof(channel.ToProof(), parts);
    }

    private static Felt[][] Interpolate(StoneTraceTable table, int threads)
    {
        var coefficients = new Felt[table.Columns.Length][];
        Stark.Common.Parallelism.ForBalanced(coefficients.Length, threads, (c, columnThreads) =>
            coefficients[c] = StoneLowDegreeExtension.Interpolate(table.Columns[c], columnThreads));
        return coefficients;
    }

    /// <summary>The OODS values in the order the proof sends them: the mask's cells, then the composition columns at z^D.</summary>
    /// <remarks>
    /// A column the mask reads at many row offsets o is wanted at many points z·g^o, and one NTT gives it at all n of
    /// them: with Q(y) = P(z·y) (the coefficients times the powers of z), Q's forward transform holds Q(g^k) = P(z·g^k)
    /// at index k, g being the trace domain's generator. That costs about log₂ n / 2 butterflies per coefficient, so it
    /// is taken for columns read at <see cref="OodsTransformFrom"/> offsets or more (the keccak layout reads its columns
    /// at 43 offsets on average). The other values are dot products with each point's powers, built once per point
    /// (<see cref="StoneOodsPoints"/>): the values share few points.
    /// </remarks>
    private static Felt[] OutOfDomainValues(IStoneLayout layout, Felt[][] columns, Felt z, Felt g, int threads)
    {
        var at = new StoneOodsPoints(layout, columns.Length, z, g);
        var values = new Felt[at.Count];
        int n = columns[0].Length, mask = layout.Mask.Count;
        var readsOf = new List<int>[columns.Length];
        for (int k = 0; k < mask; k++) (readsOf[layout.Mask[k].Column] ??= []).Add(k);
        int[] transformed = [.. Enumerable.Range(0, columns.Length).Where(c => readsOf[c] is { Count: >= OodsTransformFrom })];
        int workers = Stark.Common.Parallelism.Resolve(threads);
        Stark.Common.Parallelism.For(Math.Max(1, Math.Min(workers, transformed.Length)), workers, t =>
        {
            var shifted = new Felt[n];
            for (int i = t; i < transformed.Length; i += workers)
            {
                int c = transformed[i];
                columns[c].CopyTo(shifted, 0);
                Stark.Ntt.Radix2Ntt.ScaleByPowers(shifted, Felt.One, z, 1);
                Stark.Ntt.Radix2Ntt.Forward(shifted, 1);
                foreach (int k in readsOf[c]) values[k] = shifted[(int)(((long)layout.Mask[k].RowOffset % n + n) % n)];
            }
        });
        var isTransformed = new bool[columns.Length];
        foreach (int c in transformed) isTransformed[c] = true;
        var points = Enumerable.Range(0, at.Points.Count).Where(j => at.AtPoint[j].Any(k => k >= mask || !isTransformed[at.ColumnOf[k]])).ToArray();
        int dotWorkers = Math.Max(1, Math.Min(workers, points.Length));
        Stark.Common.Parallelism.For(dotWorkers, dotWorkers, t =>
        {
            var powers = new Felt[n];
            for (int i = t; i < points.Length; i += dotWorkers)
            {
                int j = points[i];
                FeltSpan.Powers(Felt.One, at.Points[j], powers);
                foreach (int k in at.AtPoint[j])
                    if (k >= mask || !isTransformed[at.ColumnOf[k]]) values[k] = FeltSpan.Dot(columns[at.ColumnOf[k]], powers);
            }
        });
        return values;
    }

    /// <summary>Row offsets at which a column is read from which its OODS values come from one NTT rather than dot products.</summary>
    internal const int OodsTransformFrom = 8;

    /// <summary>
    /// The verifier's out-of-domain check, made by the prover before it sends anything it cannot take back: the
    /// layout's composition from the mask values equals Σ zⁱ·hᵢ(z^D). The composition columns are low-degree by
    /// construction whatever the trace, so this is where a trace that breaks a constraint shows.
    /// </summary>
    /// <exception cref="InvalidOperationException">They differ: the trace does not satisfy the layout's constraints.</exception>
    private static void CheckComposition(IStoneLayout layout, Felt[] oods, Felt z, StoneDomains domains, Felt[] interaction, Felt alpha, AirPublicInput input)
    {
        int mask = layout.Mask.Count;
        Felt fromTrace = layout.EvaluateComposition(new StoneCompositionPoint
        {
            Point = z, TraceGenerator = domains.TraceGenerator, TraceLength = domains.TraceLength, MaskValues = oods[..mask],
            InteractionElements = interaction, ConstraintRandomElement = alpha, PublicInput = input,
        });
        Felt fromColumns = Felt.Zero, zPower = Felt.One;
        for (int i = 0; i < layout.ConstraintDegree; i++) { fromColumns += zPower * oods[mask + i]; zPower *= z; }
        if (fromTrace != fromColumns)
            throw new InvalidOperationException($"the trace does not satisfy layout '{layout.Name}': its composition is not a polynomial of degree below {layout.ConstraintDegree}·n");
    }

    /// <summary>A FRI layer's commitment: leaf j is the digest of the coset of 2^step consecutive elements j·2^step….</summary>
    private static StoneMerkleTree CommitFriLayer(Felt[] layer, int step, int logLayer, StoneMaskedHash hash, long friendlyLayers, int threads)
    {
        int height = logLayer - step, width = 1 << step;
        bool friendly = friendlyLayers >= height + 1;
        var leaves = new byte[32L << height];
        const int Chunk = 256;
        int rows = 1 << height;
        Stark.Common.Parallelism.For((rows + Chunk - 1) / Chunk, Stark.Common.Parallelism.Resolve(threads), k =>
        {
            int first = k * Chunk, count = Math.Min(rows, first + Chunk) - first;
            StoneTableLeaf.DigestRows(layer.AsSpan(first * width, count * width), width, friendly, hash, leaves.AsSpan(32 * first, 32 * count));
        });
        return StoneMerkleTree.Build(height, leaves, friendlyLayers, hash, threads);
    }

    /// <summary>
    /// A FRI layer's decommitment as <see cref="StoneVerifier"/> reads it: over the cosets the queries fall in, every
    /// element the verifier cannot compute from the previous layer (Montgomery bytes, by coset then position), then
    /// the authentication nodes. <paramref name="shift"/> maps a first-layer query to its index in this layer.
    /// </summary>
    private static void DecommitFriLayer(StoneProverChannel channel, Felt[] layer, StoneMerkleTree tree, int step, ulong[] queries, int shift)
    {
        int cols = 1 << step;
        var known = new HashSet<(long Row, int Col)>();
        foreach (ulong q in queries)
        {
            ulong idx = q >> shift;
            known.Add(((long)(idx >> step), (int)(idx & (ulong)(cols - 1))));
        }
        long[] layerRows = known.Select(k => k.Row).Distinct().OrderBy(x => x).ToArray();
        var bytes = new MemoryStream();
        Span<byte> cell = stackalloc byte[32];
        foreach (long row in layerRows)
            for (int c = 0; c < cols; c++)
            {
                if (known.Contains((row, c))) continue;
                layer[row * cols + c].WriteMontgomeryBytesBigEndian(cell);
                bytes.Write(cell);
            }
        channel.Decommit(bytes.ToArray());
        channel.Decommit(tree.AuthenticationNodes(layerRows));
    }

    /// <summary>The smallest nonce at or above the start that carries the work, framed as the channel carries nonces.</summary>
    private static byte[] ProofOfWorkNonce(StoneProverChannel channel, StoneProofParameters p, StoneProverOptions options)
    {
        StoneMaskedHash powHash = StoneMaskedHash.TryCreate(p.PowHash)!;
        Span<byte> prefix = stackalloc byte[ProofOfWork.PrefixBytes];
        ProofOfWork.Prefix(powHash.ProofOfWorkFamily, channel.ProofOfWorkSeed(), p.ProofOfWorkBits, prefix);
        ulong nonce = ProofOfWork.FindNonce(powHash.ProofOfWorkFamily, prefix, p.ProofOfWorkBits, options.StartNonce, options.MaxThreads);
        var bytes = new byte[channel.ProofOfWorkNonceBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(bytes.Length - 8), nonce);
        return bytes;
    }
}
