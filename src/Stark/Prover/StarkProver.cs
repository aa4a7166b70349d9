using Zetina.Stark.Air;
using Zetina.Stark.Channel;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;
using Zetina.Stark.Parameters;
using Zetina.Stark.Poly;
using Zetina.Stark.Proof;

namespace Zetina.Stark.Prover;

/// <summary>
/// The STARK prover, generic over <see cref="IAir"/>. <see cref="Prove"/> reads like docs/stark.md: one
/// method per round, each returning an immutable record.
/// </summary>
public sealed class StarkProver
{
    private readonly StarkParameters _p;
    private readonly ProverBackends _b;
    private readonly IMerkleHasher _hasher;

    /// <summary>Creates a prover; throws <see cref="ArgumentException"/> for an unknown hash.</summary>
    public StarkProver(StarkParameters parameters, ProverBackends? backends = null)
    {
        _p = parameters;
        _b = backends ?? ProverBackends.Cpu();
        _hasher = MerkleHashes.Create(parameters.Hash);
    }

    /// <summary>
    /// When true (the default) the prover refuses a trace that does not satisfy the AIR (the composition
    /// polynomial or the FRI last layer is then not of low degree). Tests turn it off to show that the
    /// verifier rejects what such a trace yields.
    /// </summary>
    internal bool CheckDegrees { get; init; } = true;

    /// <summary>
    /// When true (the default) and the composition has chunks, the constraints of low degree are evaluated on half of
    /// its points (<see cref="EvaluateSplit"/>). Tests turn it off to show that the proof is the same either way.
    /// </summary>
    internal bool SplitByDegree { get; init; } = true;

    /// <summary>
    /// Proves that <paramref name="mainColumns"/> (MainWidth columns of n rows, a column of lift s of n/s rows:
    /// <see cref="IAir.ColumnLifts"/>) satisfy <paramref name="air"/>.
    /// Throws <see cref="ArgumentException"/> for shapes or parameters that do not fit the AIR, and
    /// <see cref="InvalidOperationException"/> when the trace violates the constraints.
    /// </summary>
    public StarkProof Prove(IAir air, IReadOnlyList<Felt[]> mainColumns)
    {
        int logN = Validate(air, mainColumns);
        try
        {
            return ProveRounds(air, [.. mainColumns], logN);
        }
        catch (InvalidOperationException e) when (CheckDegrees && air.AuxWidth == 0)
        {
            // Name the failing rows when the trace is at fault (interaction AIRs report the degree error only).
            List<ConstraintFailure> failures = TraceChecker.Check(air, mainColumns, []);
            if (failures.Count == 0) throw;
            throw new InvalidOperationException($"the trace does not satisfy AIR {air.Name}: {string.Join(", ", failures)}", e);
        }
    }

    /// <summary>
    /// Proves like <see cref="Prove"/> and takes the columns over: each entry of <paramref name="mainColumns"/> is set to
    /// null as soon as the prover no longer needs that column's values on the trace domain — right after its extension
    /// when the interaction does not read it (<see cref="IAir.AuxInputColumns"/>), once the interaction columns are
    /// built otherwise — so a caller holding no other reference lets the collector reclaim the trace while the proof is
    /// built. A trace that violates the AIR is refused without naming its failing rows (they are gone).
    /// </summary>
    /// <remarks>
    /// At blowup 2 the trace is a third of what the trace and its extension take (1.6 of 4.7 KB per step for the Cairo
    /// AIR's 49 main columns), and the out-of-domain values are read off the extension (<see cref="CosetBarycentric"/>).
    /// </remarks>
    public StarkProof ProveReleasingTrace(IAir air, Felt[][] mainColumns)
    {
        int logN = Validate(air, mainColumns);
        return ProveRounds(air, mainColumns, logN);
    }

    /// <summary>The rounds on <paramref name="trace"/>, whose entries are set to null as they are released.</summary>
    private StarkProof ProveRounds(IAir air, Felt[][] trace, int logN)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IChannel channel = ProofTranscript.Start(air, _p);
        EvaluationDomain domain = EvaluationDomain.For(air, _p.LogNCosets);
        bool conserve = ConservesMemory(air);
        CommittedColumns main = Round("CommitTrace", clock, CommitTrace(air, trace, domain, conserve, channel));
        InteractionCommitment interaction = Round("CommitInteraction", clock, CommitInteraction(air, trace, domain, conserve, channel));
        CompositionCommitment composition = Round("ComposeConstraints", clock, ComposeConstraints(air, main, interaction, domain, conserve, channel));
        OutOfDomainValues ood = Round("EvaluateOutOfDomain", clock, EvaluateOutOfDomain(air, main, interaction, composition, domain, channel));
        if (conserve) Reclaim();
        DeepComposition deep = Round("ComposeDeep", clock, ComposeDeep(air, main, interaction, composition, ood, domain, channel));
        FriCommitment fri = Round("Fri", clock, Fri(deep, domain, channel));
        ulong nonce = Round("ProofOfWork", clock, ProofOfWork(channel));
        QueryOpenings openings = Round("Query", clock, Query(main, interaction, composition, fri, domain, channel));
        return new StarkProof(_p, logN, main.Table.Tree.Root.ToArray(), interaction.Columns?.Table.Tree.Root.ToArray(), composition.Tree.Root.ToArray(),
            ood.Trace, ood.Composition, fri.Roots(), fri.LastLayer, nonce,
            openings.Main, openings.Aux, openings.Composition, openings.Fri) { ShortTables = openings.ShortTables, ShortAuxTables = openings.ShortAuxTables };
    }

    /// <summary>
    /// Called after each round with the round's name (as docs/stark.md names it) and its wall time in
    /// milliseconds: progress display and profiling. Null for none.
    /// </summary>
    public Action<string, double>? OnRound { get; init; }

    private T Round<T>(string name, System.Diagnostics.Stopwatch clock, T result)
    {
        OnRound?.Invoke(name, clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        return result;
    }

    private int Validate(IAir air, IReadOnlyList<Felt[]> mainColumns)
    {
        string? airError = AirDomain.Check(air);
        if (airError is not null) throw new ArgumentException($"AIR {air.Name}: {airError}");
        int logN = PowerOfTwo.Log2(air.TraceLength);
        string? paramError = _p.Validate(logN);
        if (paramError is not null) throw new ArgumentException(paramError);
        if (mainColumns.Count != air.MainWidth) throw new ArgumentException($"expected {air.MainWidth} main columns, got {mainColumns.Count}");
        int[] lifts = AirDomain.ColumnLifts(air);
        for (int c = 0; c < lifts.Length; c++)
            if (mainColumns[c].Length != air.TraceLength / lifts[c])
                throw new ArgumentException(lifts[c] == 1
                    ? $"every column needs {air.TraceLength} rows, column {c} has {mainColumns[c].Length}"
                    : $"column {c} has lift {lifts[c]}: it needs {air.TraceLength / lifts[c]} rows, it has {mainColumns[c].Length}");
        // A short table's leaves hold arity rows each, as every table's do: it needs at least arity rows.
        foreach (int s in AirDomain.ShortTableLifts(AirDomain.AllColumnLifts(air)))
            if (((long)air.TraceLength << _p.LogNCosets) / s < Arity)
                throw new ArgumentException($"the short table of lift {s} has {((long)air.TraceLength << _p.LogNCosets) / s} rows, fewer than FRI's first folding arity {Arity}");
        int chunks = AirDomain.CompositionChunks(air);
        if (chunks > 1 << _p.LogNCosets) throw new ArgumentException($"the constraints need blowup ≥ {chunks}, log_n_cosets is {_p.LogNCosets}");
        return logN;
    }

    /// <summary>
    /// Round 1: extend the main columns to the evaluation domain and commit them (<see cref="CommitColumns"/>). A column the
    /// interaction does not read is released (its entry set to null) once extended.
    /// </summary>
    private CommittedColumns CommitTrace(IAir air, Felt[][] columns, EvaluationDomain domain, bool conserve, IChannel channel)
    {
        var keep = new bool[columns.Length];
        if (air.AuxWidth > 0)
        {
            if (air.AuxInputColumns is { } read)
                foreach (int c in read)
                {
                    if ((uint)c >= (uint)keep.Length) throw new ArgumentException($"AIR {air.Name} names main column {c} as read by the interaction; it has {keep.Length}");
                    keep[c] = true;
                }
            else
                Array.Fill(keep, true);
        }
        return CommitColumns(columns, AirDomain.ColumnLifts(air), keep, domain, conserve, channel);
    }

    /// <summary>
    /// Round 2: draw the interaction challenges, build, extend and commit the interaction columns
    /// (<see cref="CommitColumns"/>). The main columns are released once the interaction is built, the interaction's own
    /// values on the trace domain once extended.
    /// </summary>
    private InteractionCommitment CommitInteraction(IAir air, Felt[][] mainColumns, EvaluationDomain domain, bool conserve, IChannel channel)
    {
        if (air.AuxWidth == 0) return new InteractionCommitment([], null);
        var random = new Felt[air.AuxRandomCount];
        for (int i = 0; i < random.Length; i++) random[i] = channel.DrawFelt();
        Felt[][] aux = air.BuildAuxColumns(mainColumns, random);
        Array.Clear(mainColumns);
        HandBack(conserve);
        if (aux.Length != air.AuxWidth) throw new InvalidOperationException($"AIR {air.Name} built {aux.Length} interaction columns, declared {air.AuxWidth}");
        int[] lifts = AirDomain.AuxColumnLifts(air);
        for (int c = 0; c < aux.Length; c++)
            if (aux[c]?.Length != air.TraceLength / lifts[c])
                throw new InvalidOperationException(lifts[c] == 1
                    ? $"AIR {air.Name} built interaction column {c} of {aux[c]?.Length ?? 0} rows, it needs {air.TraceLength}"
                    : $"AIR {air.Name} built interaction column {c} of lift {lifts[c]} with {aux[c]?.Length ?? 0} rows, it needs {air.TraceLength / lifts[c]}");
        return new InteractionCommitment(random, CommitColumns(aux, lifts, new bool[aux.Length], domain, conserve, channel));
    }

    /// <summary>
    /// Rounds 1 and 2: commits one kind of columns, a column of lift s given at its n/s rows: the lift-1 columns in the
    /// kind's table, then per lift s &gt; 1 (ascending) the columns of that lift, extended over D^s = shift^s·⟨ω_(N/s)⟩, in a
    /// short table; each root is absorbed as it is committed. Column c's entry is set to null once extended unless
    /// <paramref name="keep"/>[c].
    /// </summary>
    private CommittedColumns CommitColumns(Felt[][] columns, int[] lifts, bool[] keep, EvaluationDomain domain, bool conserve, IChannel channel)
    {
        var extended = new Felt[columns.Length][];
        TraceCommitment table = Commit(1, domain.Shift);
        int[] shortLifts = AirDomain.ShortTableLifts(lifts);
        var shortTables = new ShortTableCommitment[shortLifts.Length];
        for (int i = 0; i < shortLifts.Length; i++)
            shortTables[i] = new ShortTableCommitment(shortLifts[i], Commit(shortLifts[i], domain.Shift.Pow((ulong)shortLifts[i])));
        return new CommittedColumns(extended, table, shortTables);

        // The table of one lift: t(x^s)'s values on D are t's on D^s, whose shift is shift^s.
        TraceCommitment Commit(int lift, Felt shift)
        {
            int[] tableColumns = AirDomain.TableColumns(lifts, lift);
            TraceCommitment t = Extend(columns, tableColumns, keep, shift, conserve);
            for (int i = 0; i < tableColumns.Length; i++) extended[tableColumns[i]] = t.Extended[i];
            channel.Absorb(t.Tree.Root);
            return t;
        }
    }

    /// <summary>
    /// Round 3: draw α, evaluate the composition polynomial, split it into chunks, commit them.
    /// </summary>
    /// <remarks>
    /// C has degree below d·n (d = <see cref="AirDomain.CompositionChunks"/>), so its values on a coset of d·n points
    /// of the evaluation domain — every (blowup/d)-th point, from the first point off the trace domain
    /// (<see cref="EvaluationDomain.CompositionFirst"/>) — determine it: the constraints are evaluated there only, and
    /// the chunks interpolated from those d·n values are extended to the whole domain. With <see cref="CheckDegrees"/>
    /// off (tests of a cheating prover) on a domain disjoint from the trace's, C is evaluated on the whole domain, as a
    /// prover that ignores the degree bound would, and a single chunk is committed as is; on a domain containing the
    /// trace's (where C has poles) such a prover interpolates as the honest one does, and the identity at z is left to
    /// the verifier.
    /// </remarks>
    private CompositionCommitment ComposeConstraints(IAir air, CommittedColumns main, InteractionCommitment interaction, EvaluationDomain domain,
        bool conserve, IChannel channel)
    {
        Felt alpha = channel.DrawFelt();
        IReadOnlyList<BoundaryConstraint> boundaries = air.BoundaryConstraints(interaction.AuxRandom);
        Felt[] coefficients = ProofTranscript.Powers(alpha, air.TransitionDegrees.Length + boundaries.Count);
        var extended = new List<Felt[]>(main.Extended);
        if (interaction.Columns is not null) extended.AddRange(interaction.Columns.Extended);
        int n = air.TraceLength, bigN = n << _p.LogNCosets;
        int chunks = 1 << domain.LogChunks;
        bool wholeDomain = !CheckDegrees && !domain.ContainsTrace;
        int logEvaluationBlowup = wholeDomain ? _p.LogNCosets : domain.LogChunks;
        Felt evaluationShift = wholeDomain ? domain.Shift : domain.CompositionShift;
        // The smaller coset is every 2^(log_n_cosets − e)-th point of the extended columns, read there in place.
        var evaluations = HugePages.NewArray<Felt>(n << logEvaluationBlowup);
        var inputs = new CompositionInputs(extended, logEvaluationBlowup, evaluationShift, interaction.AuxRandom, coefficients, boundaries,
            LogStride: _p.LogNCosets - logEvaluationBlowup, First: wholeDomain ? 0 : domain.CompositionFirst);
        bool[]? low = wholeDomain || !SplitByDegree ? null : LowQuotients(air, chunks);
        if (low is null) _b.Composition.Evaluate(air, inputs, evaluations);
        else EvaluateSplit(air, inputs, low, evaluations);

        // C(x) = Σ_i x^{i·n}·C_i(x): chunk i takes coefficients [i·n, (i+1)·n). A single chunk evaluated on the
        // whole domain is committed as is (its value at z is computed from the trace in round 4; FRI's
        // last-layer check catches a C of too high degree).
        var chunkCoefficients = new Felt[chunks][];
        var chunkExtended = new Felt[chunks][];
        if (wholeDomain && chunks == 1)
        {
            chunkExtended[0] = evaluations;
        }
        else
        {
            _b.Lde.InterpolateOnCoset(evaluations, evaluationShift);
            for (int i = 0; i < chunks; i++)
            {
                chunkCoefficients[i] = evaluations.Length == n ? evaluations : evaluations[(i * n)..((i + 1) * n)];
                chunkExtended[i] = HugePages.NewArray<Felt>(bigN);
                _b.Lde.EvaluateOnCoset(chunkCoefficients[i], domain.Shift, chunkExtended[i]);
            }
        }
        // No large transform follows: the scratch (and the evaluations, where the chunks are copies) go before the tree.
        evaluations = null!;
        HandBack(conserve, releaseScratch: true);
        MerkleTree tree = _b.Commitments.Commit(ProofTranscript.CosetColumns(chunkExtended, Arity), _hasher);
        channel.Absorb(tree.Root);
        return new CompositionCommitment(coefficients, boundaries, chunkCoefficients, chunkExtended, tree);
    }

    /// <summary>
    /// The transitions whose quotients have degree below d·n/2 (<see cref="AirDomain.QuotientDegrees"/>), or null when
    /// there is nothing to split: d = 1, or every transition's quotient needs all d·n points, or none does.
    /// </summary>
    private static bool[]? LowQuotients(IAir air, int chunks)
    {
        if (chunks == 1) return null;
        long half = (long)chunks / 2 * air.TraceLength;
        long[] degrees = AirDomain.QuotientDegrees(air);
        var low = new bool[degrees.Length];
        int count = 0;
        for (int k = 0; k < low.Length; k++) if (low[k] = degrees[k] < half) count++;
        return count == 0 || count == low.Length ? null : low;
    }

    /// <summary>
    /// C = C_high + C_low on the d·n points of <paramref name="inputs"/>: C_high, the transitions whose quotients need
    /// all of them, is evaluated there; C_low, the others and the boundaries (degree below d·n/2), only on the even points
    /// (a coset of d·n/2) and extended to the odd ones by an inverse and a forward transform of that size. The sum is
    /// the same polynomial's values as one evaluation of everything, so the proof does not change; the constraints of
    /// low degree, most of a wide AIR, are evaluated on half the points. The split is by the coefficients: a constraint
    /// of weight zero contributes nothing, and the CPU evaluator does not compute it.
    /// </summary>
    private void EvaluateSplit(IAir air, in CompositionInputs inputs, bool[] low, Felt[] evaluations)
    {
        Felt[] highWeights = (Felt[])inputs.Coefficients.Clone(), lowWeights = (Felt[])inputs.Coefficients.Clone();
        for (int k = 0; k < low.Length; k++) (low[k] ? highWeights : lowWeights)[k] = Felt.Zero;
        _b.Composition.Evaluate(air, inputs with { Coefficients = highWeights, Boundaries = [] }, evaluations);
        int half = evaluations.Length / 2;
        var lowValues = HugePages.NewArray<Felt>(half);
        _b.Composition.Evaluate(air, inputs with { Coefficients = lowWeights, LogBlowup = inputs.LogBlowup - 1, LogStride = inputs.LogStride + 1 }, lowValues);
        for (int i = 0; i < half; i++) evaluations[2 * i] += lowValues[i];
        // The even points are shift·ω_(d·n/2)^i, the odd ones (shift·ω_(d·n))·ω_(d·n/2)^i.
        _b.Lde.InterpolateOnCoset(lowValues, inputs.Shift);
        var odd = HugePages.NewArray<Felt>(half);
        _b.Lde.EvaluateOnCoset(lowValues, inputs.Shift * RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(evaluations.Length)), odd);
        for (int i = 0; i < half; i++) evaluations[2 * i + 1] += odd[i];
    }

    /// <summary>Round 4: draw z, send the trace values at z·ω^o and the chunks at z.</summary>
    private OutOfDomainValues EvaluateOutOfDomain(IAir air, CommittedColumns main, InteractionCommitment interaction,
        CompositionCommitment composition, EvaluationDomain domain, IChannel channel)
    {
        Felt z = ProofTranscript.DrawOutOfDomainPoint(channel, domain);
        MaskEntry[] entries = AirDomain.OutOfDomainEntries(air, composition.Boundaries);
        var trace = new Felt[entries.Length];
        // T(z·ω^o) from the column's extension on the coset shift·⟨ω_n⟩ (every blowup-th point; the trace and the
        // coefficients are not kept): the barycentric weights for z once, then per entry one dot product with the
        // coset's values turned by o (CosetBarycentric.ValuesAt). A column of lift s is t(x^s): t((z·ω^o)^s) from its
        // short extension's coset shift^s·⟨ω_(n/s)⟩, with weights for z^s, turned by o mod n/s. (z·ω^o)^s is not on
        // that coset: it would make z^n = shift^n, z a point of D.
        int[] lifts = AirDomain.AllColumnLifts(air);
        var weightsOf = new Dictionary<int, Felt[]>();
        foreach (int lift in entries.Select(e => lifts[e.Column]).Distinct())
        {
            int rows = air.TraceLength / lift;
            var roots = new Felt[rows];
            FeltSpan.Powers(Felt.One, RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(rows)), roots);
            var weights = new Felt[rows];
            CosetBarycentric.Weights(z.Pow((ulong)lift), domain.Shift.Pow((ulong)lift), roots, weights, _b.MaxThreads);
            weightsOf[lift] = weights;
        }
        // A column's entries in one pass over its coset (CosetBarycentric.ValuesAt), each its own turn of the weights.
        int[][] byColumn = [.. Enumerable.Range(0, entries.Length).GroupBy(k => entries[k].Column).Select(g => g.ToArray())];
        Parallelism.For(byColumn.Length, _b.MaxThreads, g =>
        {
            int[] at = byColumn[g];
            int column = entries[at[0]].Column;
            var rotations = new int[at.Length];
            for (int i = 0; i < at.Length; i++) rotations[i] = entries[at[i]].RowOffset;
            var values = new Felt[at.Length];
            CosetBarycentric.ValuesAt(ColumnExtended(air, main, interaction, column), _p.LogNCosets, weightsOf[lifts[column]], rotations, values);
            for (int i = 0; i < at.Length; i++) trace[at[i]] = values[i];
        });
        var chunks = new Felt[composition.ChunkCoefficients.Length];
        if (chunks.Length == 1 && composition.ChunkCoefficients[0] is null)
            chunks[0] = AirDomain.CompositionAt(air, z, trace, entries, interaction.AuxRandom, composition.Coefficients, composition.Boundaries);
        else
        {
            var powers = new Felt[air.TraceLength];
            FeltSpan.Powers(Felt.One, z, powers);
            Parallelism.For(chunks.Length, _b.MaxThreads, i => chunks[i] = FeltSpan.Dot(composition.ChunkCoefficients[i], powers));
            // Chunks interpolated from d·n values have degree < n whatever the trace; the identity at z is
            // what shows the quotient is a polynomial (the verifier's check, run before sending a bad proof).
            if (CheckDegrees)
            {
                Felt expected = AirDomain.CompositionAt(air, z, trace, entries, interaction.AuxRandom, composition.Coefficients, composition.Boundaries);
                Felt claimed = Felt.Zero, zn = z.Pow((ulong)air.TraceLength), zPow = Felt.One;
                foreach (Felt c in chunks) { claimed += zPow * c; zPow *= zn; }
                if (expected != claimed) throw new InvalidOperationException($"the trace does not satisfy AIR {air.Name}: the composition quotient is not a polynomial");
            }
        }
        channel.AbsorbFelts(trace);
        channel.AbsorbFelts(chunks);
        return new OutOfDomainValues(z, entries, trace, chunks);
    }

    /// <summary>Round 5: draw γ and evaluate the DEEP polynomial on the evaluation domain.</summary>
    private DeepComposition ComposeDeep(IAir air, CommittedColumns main, InteractionCommitment interaction,
        CompositionCommitment composition, OutOfDomainValues ood, EvaluationDomain domain, IChannel channel)
    {
        Felt gamma = channel.DrawFelt();
        int entries = ood.Entries.Length, chunks = ood.Composition.Length;
        Felt[] gammas = ProofTranscript.Powers(gamma, entries + chunks);
        var columns = new Felt[entries][];
        for (int k = 0; k < entries; k++) columns[k] = ColumnExtended(air, main, interaction, ood.Entries[k].Column);
        var deep = HugePages.NewArray<Felt>(air.TraceLength << _p.LogNCosets);
        DeepEvaluator.Evaluate(ood, domain, gammas, columns, composition.ChunkExtended, deep, _b.MaxThreads);
        return new DeepComposition(deep);
    }

    /// <summary>Round 6: FRI's commit phase on the DEEP polynomial.</summary>
    private FriCommitment Fri(DeepComposition deep, EvaluationDomain domain, IChannel channel)
    {
        FriLayout layout = ProofTranscript.Layout(_p, domain);
        return FriProver.Commit(deep.Evaluations, layout, channel, _b.Lde, _b.Commitments, _hasher, _b.MaxThreads, CheckDegrees);
    }

    /// <summary>Round 7: grind the proof-of-work nonce.</summary>
    private ulong ProofOfWork(IChannel channel) => channel.Grind(_p.ProofOfWorkBits, _b.MaxThreads);

    /// <summary>Round 8: draw the queries and open every table and FRI layer there.</summary>
    private QueryOpenings Query(CommittedColumns main, InteractionCommitment interaction, CompositionCommitment composition,
        FriCommitment fri, EvaluationDomain domain, IChannel channel)
    {
        int[] queries = ProofTranscript.DrawQueries(channel, _p, domain.LogTraceLength);
        int[] leaves = ProofTranscript.QueryLeaves(fri.Layout, queries);
        CommittedColumns? aux = interaction.Columns;
        return new QueryOpenings(queries,
            OpenTable(main.Table.Extended, main.Table.Tree, leaves, domain),
            OpenShortTables(main, leaves, domain),
            aux is null ? null : OpenTable(aux.Table.Extended, aux.Table.Tree, leaves, domain),
            aux is null ? [] : OpenShortTables(aux, leaves, domain),
            OpenTable(composition.ChunkExtended, composition.Tree, leaves, domain),
            FriProver.Open(fri, queries));
    }

    /// <summary>
    /// Opens one kind's short tables: the table of lift s at the short leaves {i mod M'} of the queried leaves i
    /// (<see cref="ShortTableLeaves"/>).
    /// </summary>
    private ShortTable[] OpenShortTables(CommittedColumns committed, int[] leaves, EvaluationDomain domain)
    {
        var tables = new ShortTable[committed.ShortTables.Length];
        for (int t = 0; t < tables.Length; t++)
        {
            ShortTableCommitment st = committed.ShortTables[t];
            int[] shortLeaves = ShortTableLeaves.Leaves(leaves, ShortTableLeaves.LeafCount(1 << domain.LogSize, st.Lift, Arity));
            tables[t] = new ShortTable(st.Lift, st.Table.Tree.Root.ToArray(), OpenTable(st.Table.Extended, st.Table.Tree, shortLeaves, domain));
        }
        return tables;
    }

    /// <summary>
    /// Extends the columns <paramref name="table"/> of <paramref name="trace"/> (all of one length) from their subgroup to
    /// the coset <paramref name="shift"/>·⟨ω⟩ of 2^log_n_cosets times as many points and commits their rows, in
    /// <paramref name="table"/> order; column c's entry of <paramref name="trace"/> is set to null once extended unless
    /// <paramref name="keep"/>[c]. The coefficients are needed only on the way to the extension (the
    /// out-of-domain values are read off the extension): a few buffers serve batch after batch of columns, so a
    /// proof's memory holds the extension and what is left of the trace but not a copy of the trace's size.
    /// </summary>
    private TraceCommitment Extend(Felt[][] trace, int[] table, bool[] keep, Felt shift, bool conserve)
    {
        int count = table.Length, n = trace[table[0]].Length, bigN = n << _p.LogNCosets;
        var extended = new Felt[count][];
        foreach (int c in table)
            if (trace[c].Length != n) throw new ArgumentException($"column {c} has {trace[c].Length} rows, expected {n}");
        // The released columns first: their values on the trace domain go while the extension is still small, and one
        // collection after them hands their memory back (they are n points, the extensions N: it is not reused).
        int[] order = [.. Enumerable.Range(0, count).Where(i => !keep[table[i]]), .. Enumerable.Range(0, count).Where(i => keep[table[i]])];
        int released = count - table.Count(c => keep[c]);
        int batch = Math.Min(count, 2 * _b.MaxThreads);
        var coefficients = new Felt[batch][];
        for (int c = 0; c < batch; c++) coefficients[c] = HugePages.NewArray<Felt>(n);
        var batchTrace = new Felt[batch][];
        var batchExtended = new Felt[batch][];
        for (int first = 0; first < count; first += batch)
        {
            int k = Math.Min(batch, count - first);
            for (int i = 0; i < k; i++)
            {
                int at = order[first + i];
                batchTrace[i] = trace[table[at]];
                batchExtended[i] = extended[at] = HugePages.NewArray<Felt>(bigN);
            }
            _b.Lde.ExtendColumns(batchTrace.AsSpan(0, k), shift, coefficients.AsSpan(0, k), batchExtended.AsSpan(0, k), coefficientsWanted: false);
            for (int i = 0; i < k; i++)
                if (!keep[table[order[first + i]]]) trace[table[order[first + i]]] = null!;
            Array.Clear(batchTrace);
            // Hand the released columns back after the last batch holding some, and after every batch when all go (the
            // interaction: the main table's extension is already there, so its holes would add to the proof's peak).
            if (first < released && (first + k >= released || released == count)) HandBack(conserve);
            // Without handing back, a collection after each batch that released columns lets the next batch's
            // extensions take their place (two adjacent n-point holes hold one N-point extension at blowup 2): the
            // all-builtins run's resident set 2.4 → 1.9 GB, and half as many fresh pages to fault in.
            else if (!conserve && first < released) Reclaim();
        }
        // The transforms' scratch is not needed until the next table (Merkle hashing and the interaction come first).
        HandBack(conserve, releaseScratch: true);
        return new TraceCommitment(extended, _b.Commitments.Commit(ProofTranscript.CosetColumns(extended, Arity), _hasher));
    }

    /// <summary>
    /// Whether the prover hands memory back as it goes (<see cref="HandBack"/>): when the tables' extension takes at
    /// least <see cref="ConserveFromBytes"/>. Below, memory is not what limits a proof, and the decommitting collections
    /// and the scratch built again cost 3–10% of its time (a 2^18-step Cairo proof: its extension is 0.97 GB).
    /// </summary>
    private bool ConservesMemory(IAir air)
    {
        long bigN = (long)air.TraceLength << _p.LogNCosets, points = 0;
        foreach (int lift in AirDomain.AllColumnLifts(air)) points += bigN / lift;
        return points * 32 >= ConserveFromBytes;
    }

    /// <summary>
    /// The extension size from which the prover hands memory back: an eighth of the memory the process may use (a
    /// proof's peak resident set is about twice its extension), at least 1 GiB. On a 24 GiB machine 3 GiB: Cairo at
    /// blowup 2 from 2^20 steps; a 2^17-step run that uses every builtin (1.3 GiB) proves 0.2–0.6 s faster without the
    /// collections, at 2.5 GB instead of 1.9 GB.
    /// </summary>
    private static long ConserveFromBytes => Math.Max(1L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8);

    /// <summary>
    /// Where <paramref name="conserve"/>, hands the memory of what was just released back to the system: the transforms'
    /// scratch too with <paramref name="releaseScratch"/> (<see cref="ILdeBackend.ReleaseScratch"/>), then a collection
    /// that decommits (<see cref="GCCollectionMode.Aggressive"/>). A released trace column is n points and the arrays
    /// allocated next are N-point extensions, which its memory cannot hold, and the collector otherwise keeps freed
    /// memory committed, in the process's resident set. Tens to a few hundred milliseconds at 2^20 steps; eight times in
    /// a Cairo proof on two threads.
    /// </summary>
    private void HandBack(bool conserve, bool releaseScratch = false)
    {
        if (!conserve) return;
        if (releaseScratch) _b.Lde.ReleaseScratch();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// A full blocking collection that makes the arrays just released reusable by the next allocations of their size
    /// (they are large objects, which the collector otherwise reclaims only when its large-object budget runs out — at
    /// 2^20 steps not once after the first round). Milliseconds.
    /// </summary>
    private static void Reclaim() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);

    /// <summary>Folding-coset size of FRI layer 0: the rows a table leaf groups.</summary>
    private int Arity => 1 << new Fri.FriLayout(0, _p.FriStepList, 1, Felt.One).StepAt(0);

    /// <summary>
    /// Opens the given leaves: per leaf, rows leaf + c·M for each slot c, each row's columns in order, and which of
    /// those rows lie on the trace domain.
    /// </summary>
    private TableOpening OpenTable(Felt[][] columns, MerkleTree tree, int[] leaves, EvaluationDomain domain)
    {
        int arity = Arity, width = columns.Length, m = columns[0].Length / arity;
        var values = new Felt[leaves.Length * arity * width];
        var onTrace = new bool[leaves.Length * arity];
        int k = 0, r = 0;
        foreach (int leaf in leaves)
            for (int c = 0; c < arity; c++)
            {
                onTrace[r++] = domain.IsTraceRow(leaf + c * m);
                for (int w = 0; w < width; w++) values[k++] = columns[w][leaf + c * m];
            }
        return new TableOpening(values, tree.Open(leaves), width, onTrace);
    }

    /// <summary>Column <paramref name="column"/>'s extension in the AIR's numbering (main, then interaction); N/s points for lift s.</summary>
    private static Felt[] ColumnExtended(IAir air, CommittedColumns main, InteractionCommitment interaction, int column) =>
        column < air.MainWidth ? main.Extended[column] : interaction.Columns!.Extended[column - air.MainWidth];
}
