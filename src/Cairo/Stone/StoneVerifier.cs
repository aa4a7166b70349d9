using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Stone;

/// <summary>
/// Verifies a Stone proof as <c>cpu_air_verifier</c> does (docs/stone.md): seed the channel with the statement,
/// replay the commit phase, check the composition at the out-of-domain point through the layout, check the
/// proof of work, open the traces at the queries, fold the DEEP composition through FRI and compare with the
/// last layer. The result names the first check that fails.
/// </summary>
internal static class StoneVerifier
{
    /// <summary>Verifies a proof file's bytes with the layout the public input names (looked up in <paramref name="findLayout"/>).</summary>
    public static StoneVerificationResult Verify(byte[] json, Func<string, IStoneLayout?> findLayout)
    {
        StoneProofFile file;
        try { file = StoneProofFile.Parse(json); }
        catch (StoneFormatException e) { return Fail(StoneCheck.File, e.Message); }
        IStoneLayout? layout = findLayout(file.PublicInput.Layout);
        if (layout is null) return Fail(StoneCheck.PublicInput, $"layout '{file.PublicInput.Layout}' is not supported");
        return Verify(file, layout);
    }

    /// <summary>Verifies a parsed proof with <paramref name="layout"/>. Tries stone6's seed, then stone5's, keeping the one whose proof of work holds.</summary>
    public static StoneVerificationResult Verify(StoneProofFile file, IStoneLayout layout)
    {
        StoneProofParameters p = file.Parameters;
        int securityBits = p.NQueries * p.LogNCosets + p.ProofOfWorkBits;
        if (file.HasDynamicParams) return Fail(StoneCheck.PublicInput, "dynamic_params are not supported (fixed layouts only)");
        if (layout.Name != file.PublicInput.Layout)
            return Fail(StoneCheck.PublicInput, $"layout '{layout.Name}' cannot verify a '{file.PublicInput.Layout}' statement");
        string? bad = layout.CheckPublicInput(file.PublicInput);
        if (bad is not null) return Fail(StoneCheck.PublicInput, bad);
        AirPublicInput input = file.PublicInput;
        if (input.NSteps <= 0 || (input.NSteps & (input.NSteps - 1)) != 0)
            return Fail(StoneCheck.PublicInput, $"n_steps {input.NSteps} is not a power of two");
        int logTrace = System.Numerics.BitOperations.Log2((ulong)input.NSteps) + System.Numerics.BitOperations.Log2((ulong)layout.RowsPerStep);
        var domains = new StoneDomains(logTrace, logTrace + p.LogNCosets);
        int stepSum = p.FriStepList.Sum();
        int logLast = System.Numerics.BitOperations.Log2((ulong)p.LastLayerDegreeBound);
        if (stepSum + logLast != logTrace)
            return Fail(StoneCheck.FriParameters, $"FRI degree bound 2^({string.Join("+", p.FriStepList)}+{logLast}) is not the trace length 2^{logTrace}");
        if (p.ChannelHash == "poseidon3" && file.Proof.Length % 32 != 0)
            return Fail(StoneCheck.ProofEncoding, $"proof_hex is {file.Proof.Length} bytes, not a whole number of 32-byte felts");
        if (p.ChannelHash == "poseidon3")
            for (int i = 0; i < file.Proof.Length; i += 32)
                if (!Felt.TryFromBytesBigEndian(file.Proof.AsSpan(i, 32), out _))
                    return Fail(StoneCheck.ProofEncoding, $"proof_hex word {i / 32} is not below the field prime");

        StoneFact? fact = StoneFacts.TryCompute(input);
        StoneStatementVersion[] order = p.HasVerifierFriendlyLayersField
            ? [StoneStatementVersion.Stone6, StoneStatementVersion.Stone5]
            : [StoneStatementVersion.Stone5, StoneStatementVersion.Stone6];
        byte[] common;
        try { common = StoneStatementSeed.BuildCommon(input, layout, p); }
        catch (StoneFormatException e) { return Fail(StoneCheck.PublicInput, e.Message); }
        // Both versions' commit phases are replayed at once (they share nothing but the proof's bytes); the first
        // version in order whose proof of work holds is kept, else the first.
        var replays = new (StoneTranscript? T, IStoneChannel? C, StoneProofReader? R, string Error)[order.Length];
        Parallel.For(0, order.Length, k =>
        {
            IStoneChannel? channel = StoneStatementSeed.TryOpenChannel(StoneStatementSeed.ForVersion(common, p, order[k]), p);
            if (channel is null) { replays[k] = (null, null, null, ""); return; }
            var reader = new StoneProofReader(file.Proof);
            StoneTranscript? t = StoneTranscript.TryReplay(channel, reader, layout, p, domains, out string error);
            replays[k] = (t, channel, reader, error);
        });
        (StoneTranscript? T, IStoneChannel? C, StoneProofReader? R, string Error, StoneStatementVersion V) first = default;
        for (int k = 0; k < order.Length; k++)
        {
            (StoneTranscript? t, IStoneChannel? channel, StoneProofReader? reader, string error) = replays[k];
            if (channel is null) return Fail(StoneCheck.PublicInput, "the public input's hash is not a field element");
            if (t is null) return new StoneVerificationResult { FailedCheck = StoneCheck.ProofTooShort, Message = error, Version = order[k], SecurityBits = securityBits, Fact = fact };
            if (first.T is null) first = (t, channel, reader, error, order[k]);
            if (t.ProofOfWorkHolds) { first = (t, channel, reader, error, order[k]); break; }
        }
        StoneVerificationResult r = VerifyQueries(first.T!, first.R!, first.C!, layout, p, domains, input);
        return new StoneVerificationResult
        {
            FailedCheck = r.FailedCheck, Message = r.Message, Version = first.V, SecurityBits = securityBits, Fact = fact,
        };
    }

    private static StoneVerificationResult VerifyQueries(
        StoneTranscript t, StoneProofReader reader, IStoneChannel channel, IStoneLayout layout, StoneProofParameters p,
        StoneDomains domains, AirPublicInput input)
    {
        // Out-of-domain sampling: the layout's composition from the mask values against Σ zⁱ·hᵢ(z^D) of the
        // composition columns (oods.cc, VerifyOods; with D = 2 Integrity's values[M] + z·values[M + 1]).
        int mask = layout.Mask.Count;
        Felt fromTrace = layout.EvaluateComposition(new StoneCompositionPoint
        {
            Point = t.OodsPoint, TraceGenerator = domains.TraceGenerator, TraceLength = domains.TraceLength,
            MaskValues = t.OodsValues[..mask], InteractionElements = t.InteractionElements,
            ConstraintRandomElement = t.CompositionAlpha, PublicInput = input,
        });
        Felt fromColumns = Felt.Zero, zPow = Felt.One;
        for (int i = 0; i < layout.ConstraintDegree; i++) { fromColumns += zPow * t.OodsValues[mask + i]; zPow *= t.OodsPoint; }
        if (fromTrace != fromColumns)
            return Fail(StoneCheck.OutOfDomainSampling, "the composition at the out-of-domain point does not match the committed composition columns");
        if (!t.ProofOfWorkHolds)
            return Fail(StoneCheck.ProofOfWork, $"the nonce does not carry {p.ProofOfWorkBits} bits of work ({p.PowHash})");

        StoneMaskedHash hash = StoneMaskedHash.TryCreate(p.CommitmentHash)!;
        int s0 = p.FriStepList[0];
        int logN = domains.LogEvaluationDomain;
        // First layer: every FRI query expands to its coset of 2^s0 evaluation-domain rows.
        var firstLayer = new List<ulong>();
        foreach (ulong q in t.QueryIndices)
            for (ulong k = 0; k < (1UL << s0); k++) firstLayer.Add((q << s0) + k);
        long[] rows = firstLayer.Select(x => (long)x).Distinct().OrderBy(x => x).ToArray();

        int[] widths = layout.InteractionColumns > 0
            ? [layout.TraceColumns, layout.InteractionColumns, layout.ConstraintDegree]
            : [layout.TraceColumns, layout.ConstraintDegree];
        byte[][] commitments = layout.InteractionColumns > 0
            ? [t.TraceCommitment, t.InteractionCommitment!, t.CompositionCommitment]
            : [t.TraceCommitment, t.CompositionCommitment];
        int totalColumns = widths.Sum();
        var opened = new Felt[rows.Length][];
        for (int r = 0; r < rows.Length; r++) opened[r] = new Felt[totalColumns];
        // Each decommitment is read now (its authentication nodes are counted from the rows alone) and hashed later:
        // the hashing, most of the verifier's work, runs for all of them at once. Failures are still reported in
        // Stone's order: a reading failure only after every decommitment read before it has been checked.
        var pending = new List<PendingDecommitment>();
        bool leafFriendly = p.VerifierFriendlyLayers >= logN + 1;
        int columnBase = 0;
        for (int table = 0; table < widths.Length; table++)
        {
            int w = widths[table];
            for (int r = 0; r < rows.Length; r++)
            {
                byte[]? m = reader.Read(32 * w);
                if (m is null) return FirstFailure(pending) ?? Fail(StoneCheck.ProofTooShort, $"proof ends inside trace {table}'s opened rows");
                for (int c = 0; c < w; c++)
                    if (!Felt.TryFromMontgomeryBytesBigEndian(m.AsSpan(32 * c, 32), out opened[r][columnBase + c]))
                        return FirstFailure(pending) ?? Fail(StoneCheck.ProofEncoding, $"trace {table} row {rows[r]} column {c} is not below p");
            }
            byte[]? authentication = reader.Read(32 * StoneMerkleVerifier.AuthenticationNodeCount(logN, rows));
            if (authentication is null) return FirstFailure(pending) ?? Fail(StoneCheck.ProofTooShort, $"proof ends inside trace {table}'s authentication nodes");
            int tableBase = columnBase;
            byte[] commitment = commitments[table];
            pending.Add(new(StoneCheck.TraceDecommitment, $"trace {table}'s opened rows do not hash to its commitment", () =>
            {
                var block = new Felt[rows.Length * w];
                for (int r = 0; r < rows.Length; r++) opened[r].AsSpan(tableBase, w).CopyTo(block.AsSpan(r * w, w));
                byte[][] leaves = StoneTableLeaf.DigestRows(block, w, leafFriendly, hash);
                return RootMatches(logN, p.VerifierFriendlyLayers, hash, rows, leaves, authentication, commitment);
            }));
            columnBase += w;
        }

        // DEEP composition at each first-layer row (BoundaryAir over the mask and the composition columns).
        Felt[]? deep = DeepValues(t, layout, domains, rows, opened, widths);
        if (deep is null) return FirstFailure(pending) ?? Fail(StoneCheck.OutOfDomainSampling, "the out-of-domain point lies on the evaluation domain");
        var rowIndex = new Dictionary<long, int>();
        for (int r = 0; r < rows.Length; r++) rowIndex[rows[r]] = r;
        var results = new Felt[t.QueryIndices.Length];
        for (int j = 0; j < results.Length; j++)
        {
            ulong q = t.QueryIndices[j];
            var coset = new Felt[1 << s0];
            for (int k = 0; k < coset.Length; k++) coset[k] = deep[rowIndex[(long)((q << s0) + (ulong)k)]];
            results[j] = s0 == 0 ? coset[0] : StoneFriFolding.FoldCoset(coset, t.FirstFriEvalPoint!.Value, logN, q << s0);
        }

        // Inner layers (fri_verifier.cc, VerifyInnerLayers).
        int basis = 0;
        for (int layer = 0; layer < p.FriStepList.Length - 1; layer++)
        {
            int step = p.FriStepList[layer + 1];
            basis += p.FriStepList[layer];
            int logLayer = logN - basis;
            int cols = 1 << step;
            var known = new SortedDictionary<(long Row, int Col), Felt>();
            for (int j = 0; j < results.Length; j++)
            {
                ulong idx = t.QueryIndices[j] >> (basis - s0);
                known[((long)(idx >> step), (int)(idx & (ulong)(cols - 1)))] = results[j];
            }
            var layerRows = known.Keys.Select(k => k.Row).Distinct().OrderBy(x => x).ToArray();
            var cells = new Dictionary<long, Felt[]>();
            foreach (long row in layerRows)
            {
                var cellValues = new Felt[cols];
                cells[row] = cellValues;
            }
            foreach (long row in layerRows)
                for (int c = 0; c < cols; c++)
                {
                    if (known.TryGetValue((row, c), out Felt v)) { cells[row][c] = v; continue; }
                    byte[]? m = reader.Read(32);
                    if (m is null) return FirstFailure(pending) ?? Fail(StoneCheck.ProofTooShort, $"proof ends inside FRI layer {layer + 1}'s cosets");
                    if (!Felt.TryFromMontgomeryBytesBigEndian(m, out cells[row][c]))
                        return FirstFailure(pending) ?? Fail(StoneCheck.ProofEncoding, $"FRI layer {layer + 1} row {row} column {c} is not below p");
                }
            int height = logLayer - step;
            byte[]? authentication = reader.Read(32 * StoneMerkleVerifier.AuthenticationNodeCount(height, layerRows));
            if (authentication is null) return FirstFailure(pending) ?? Fail(StoneCheck.ProofTooShort, $"proof ends inside FRI layer {layer + 1}'s authentication nodes");
            byte[] commitment = t.FriCommitments[layer];
            pending.Add(new(StoneCheck.FriLayerDecommitment, $"FRI layer {layer + 1}'s opened cosets do not hash to its commitment", () =>
            {
                bool friendly = p.VerifierFriendlyLayers >= height + 1;
                int width = layerRows.Length == 0 ? 1 : cells[layerRows[0]].Length;
                var block = new Felt[layerRows.Length * width];
                for (int r = 0; r < layerRows.Length; r++) cells[layerRows[r]].CopyTo(block.AsSpan(r * width, width));
                byte[][] leaves = StoneTableLeaf.DigestRows(block, width, friendly, hash);
                return RootMatches(height, p.VerifierFriendlyLayers, hash, layerRows, leaves, authentication, commitment);
            }));
            for (int j = 0; j < results.Length; j++)
            {
                long row = (long)((t.QueryIndices[j] >> (basis - s0)) >> step);
                results[j] = StoneFriFolding.FoldCoset(cells[row], t.FriEvalPoints[layer], logLayer, (ulong)row << step);
            }
        }

        StoneVerificationResult? decommitment = FirstFailure(pending);
        if (decommitment is not null) return decommitment;

        int logLastLayer = logN - p.FriStepList.Sum();
        for (int j = 0; j < results.Length; j++)
        {
            ulong idx = t.QueryIndices[j] >> (p.FriStepList.Sum() - s0);
            if (StoneFriFolding.EvaluateLastLayer(t.LastLayerCoefficients, logLastLayer, idx) != results[j])
                return Fail(StoneCheck.FriLastLayer, $"FRI query #{j} is not consistent with the coefficients of the last layer");
        }
        if (reader.Remaining != 0) return Fail(StoneCheck.ProofTooLong, $"{reader.Remaining} bytes are left after the last decommitment");
        return new StoneVerificationResult { FailedCheck = StoneCheck.None, Message = "ok" };
    }

    /// <summary>
    /// Σₖ βᵏ·(column_k(x) − y_k)/(x − x_k) over the boundary conditions: the mask cells (column, z·g^offset, value)
    /// then the composition columns (W + i, z^D, hᵢ), β the OODS random element; x = 3·ω_N^{bitrev(row)}.
    /// Null when some x equals a boundary point (the quotient is undefined; no honest proof gets there).
    /// </summary>
    /// <remarks>
    /// The conditions share few points (one per mask row offset, and z^D), so the sum is taken per point p:
    /// 1/(x − p) · (Σ_{k at p} βᵏ·column_k(x) − Σ_{k at p} βᵏ·y_k), the second sum computed once, and all
    /// rows' 1/(x − p) come from one batch inversion (Montgomery's trick).
    /// </remarks>
    private static Felt[]? DeepValues(StoneTranscript t, IStoneLayout layout, StoneDomains domains, long[] rows, Felt[][] opened, int[] widths)
    {
        Felt g = domains.TraceGenerator;
        int mask = layout.Mask.Count;
        int d = layout.ConstraintDegree;
        int width = widths.Sum() - d;
        int conditions = mask + d;
        // Each condition's point (by index into the distinct points) and column; point 0 is z^D.
        var points = new List<Felt> { t.OodsPoint.Pow((ulong)d) };
        var pointOfOffset = new Dictionary<int, int>();
        var pointOf = new int[conditions];
        var columns = new int[conditions];
        for (int i = 0; i < mask; i++)
        {
            StoneMaskEntry e = layout.Mask[i];
            if (!pointOfOffset.TryGetValue(e.RowOffset, out int at))
            {
                Felt shift = e.RowOffset >= 0 ? g.Pow((ulong)e.RowOffset) : g.Pow((ulong)(-e.RowOffset)).Inverse();
                pointOfOffset[e.RowOffset] = at = points.Count;
                points.Add(t.OodsPoint * shift);
            }
            pointOf[i] = at;
            columns[i] = e.Column;
        }
        for (int i = 0; i < d; i++) { pointOf[mask + i] = 0; columns[mask + i] = width + i; }
        var coefficients = new Felt[conditions];
        var constant = new Felt[points.Count];
        Felt c = Felt.One;
        for (int k = 0; k < conditions; k++)
        {
            coefficients[k] = c;
            constant[pointOf[k]] += c * t.OodsValues[k];
            c *= t.OodsAlpha;
        }

        int logN = domains.LogEvaluationDomain;
        int np = points.Count;
        var inverses = new Felt[rows.Length * np];
        for (int r = 0; r < rows.Length; r++)
        {
            Felt x = StoneDomains.RowPoint(rows[r], logN);
            for (int j = 0; j < np; j++)
            {
                inverses[r * np + j] = x - points[j];
                if (inverses[r * np + j].IsZero) return null;
            }
        }
        Felt.BatchInverse(inverses, inverses);
        var result = new Felt[rows.Length];
        var atPoint = new Felt[np];
        for (int r = 0; r < rows.Length; r++)
        {
            Array.Clear(atPoint);
            Felt[] row = opened[r];
            for (int k = 0; k < conditions; k++) atPoint[pointOf[k]] += coefficients[k] * row[columns[k]];
            Felt sum = Felt.Zero;
            for (int j = 0; j < np; j++) sum += (atPoint[j] - constant[j]) * inverses[r * np + j];
            result[r] = sum;
        }
        return result;
    }

    /// <summary>A decommitment read from the proof whose hashing is deferred: the check it belongs to and its verdict.</summary>
    private sealed record PendingDecommitment(StoneCheck Check, string Message, Func<bool> Holds);

    /// <summary>Hashes every pending decommitment (in parallel) and returns the first, in proof order, that fails.</summary>
    private static StoneVerificationResult? FirstFailure(List<PendingDecommitment> pending)
    {
        var holds = new bool[pending.Count];
        Parallel.For(0, pending.Count, i => holds[i] = pending[i].Holds());
        for (int i = 0; i < pending.Count; i++)
            if (!holds[i]) return Fail(pending[i].Check, pending[i].Message);
        pending.Clear();
        return null;
    }

    /// <summary>The Merkle root from the leaves and the proof's authentication nodes (32 bytes each, in order) equals <paramref name="commitment"/>.</summary>
    private static bool RootMatches(int height, long verifierFriendlyLayers, StoneMaskedHash hash, long[] rows, byte[][] leaves, byte[] authentication, byte[] commitment)
    {
        int next = 0;
        byte[]? Next()
        {
            if (next + 32 > authentication.Length) return null;
            byte[] node = authentication.AsSpan(next, 32).ToArray();
            next += 32;
            return node;
        }
        return StoneMerkleVerifier.TryComputeRoot(height, verifierFriendlyLayers, hash, rows, leaves, Next, out byte[] root)
            && next == authentication.Length && root.AsSpan().SequenceEqual(commitment);
    }

    private static StoneVerificationResult Fail(StoneCheck check, string message) =>
        new() { FailedCheck = check, Message = message };
}
