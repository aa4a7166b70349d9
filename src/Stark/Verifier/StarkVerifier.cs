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

namespace Zetina.Stark.Verifier;

/// <summary>
/// The STARK verifier: replays the prover's rounds (docs/stark.md) on its own transcript and checks every
/// opening. Never throws on proof data: every failure is a <see cref="VerifyResult"/>.
/// </summary>
public static class StarkVerifier
{
    /// <summary>Verifies a serialized proof (binary format); parsing failures are <see cref="VerifyError.Malformed"/>.</summary>
    public static VerifyResult Verify(IAir air, ReadOnlySpan<byte> proofBytes, int minimumSecurityBits)
    {
        if (!ProofSerializer.TryRead(proofBytes, out StarkProof? proof, out ProofFormatError error, out string? message))
            return VerifyResult.Fail(VerifyError.Malformed, $"{error}: {message}");
        return Verify(air, proof!, minimumSecurityBits);
    }

    /// <summary>
    /// Verifies <paramref name="proof"/> for the statement <paramref name="air"/> (whose public input the
    /// transcript binds), requiring at least <paramref name="minimumSecurityBits"/> conjectured bits.
    /// </summary>
    public static VerifyResult Verify(IAir air, StarkProof proof, int minimumSecurityBits)
    {
        try
        {
            return VerifyChecked(air, proof, minimumSecurityBits);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or DivideByZeroException or NullReferenceException)
        {
            // A defensive net: any path the checks above missed still ends in a rejection, not an exception.
            return VerifyResult.Fail(VerifyError.ShapeMismatch, $"inconsistent proof: {e.Message}");
        }
    }

    private static VerifyResult VerifyChecked(IAir air, StarkProof proof, int minimumSecurityBits)
    {
        string? airError = AirDomain.Check(air);
        if (airError is not null) return VerifyResult.Fail(VerifyError.AirInvalid, airError);
        int logN = PowerOfTwo.Log2(air.TraceLength), n = air.TraceLength;
        StarkParameters p = proof.Parameters;
        if (proof.LogTraceLength != logN) return VerifyResult.Fail(VerifyError.TraceLengthMismatch, $"proof is for 2^{proof.LogTraceLength} rows, the AIR has 2^{logN}");
        string? paramError = p.Validate(logN);
        if (paramError is not null) return VerifyResult.Fail(VerifyError.ParametersInvalid, paramError);
        int security = p.ConjecturedSecurityBits(logN);
        if (security < minimumSecurityBits) return VerifyResult.Fail(VerifyError.SecurityTooLow, $"{security} conjectured bits, {minimumSecurityBits} required");
        int chunks = AirDomain.CompositionChunks(air);
        if (chunks > 1 << p.LogNCosets) return VerifyResult.Fail(VerifyError.ParametersInvalid, $"the constraints need blowup ≥ {chunks}, log_n_cosets is {p.LogNCosets}");
        var domain = EvaluationDomain.For(logN, p.LogNCosets, chunks);
        if ((proof.AuxRoot is null) != (air.AuxWidth == 0) || (proof.AuxOpening is null) != (air.AuxWidth == 0))
            return VerifyResult.Fail(VerifyError.ShapeMismatch, air.AuxWidth == 0 ? "unexpected interaction commitment" : "missing interaction commitment");
        if (proof.MainRoot.Length != MerkleTree.DigestSize || proof.CompositionRoot.Length != MerkleTree.DigestSize || proof.AuxRoot is { Length: not MerkleTree.DigestSize })
            return VerifyResult.Fail(VerifyError.ShapeMismatch, "a commitment root is not 32 bytes");
        // One short table per column lift s > 1 of each kind, in ascending lift.
        int[] mainLifts = AirDomain.ColumnLifts(air), auxLifts = AirDomain.AuxColumnLifts(air);
        ShortTable[] shortTables = proof.ShortTables ?? [], shortAuxTables = proof.ShortAuxTables ?? [];
        VerifyResult r = CheckShortTableShapes("short table", AirDomain.ShortTableLifts(mainLifts), shortTables);
        if (!r.IsValid) return r;
        r = CheckShortTableShapes("short interaction table", AirDomain.ShortTableLifts(auxLifts), shortAuxTables);
        if (!r.IsValid) return r;
        IMerkleHasher hasher = MerkleHashes.Create(p.Hash);

        // Rounds 0–2: transcript, main commitment (the main table, then its short tables), interaction challenges and commitment
        // (the interaction table, then its short tables).
        IChannel channel = ProofTranscript.Start(air, p);
        channel.Absorb(proof.MainRoot);
        foreach (ShortTable st in shortTables) channel.Absorb(st.Root);
        var auxRandom = new Felt[air.AuxWidth == 0 ? 0 : air.AuxRandomCount];
        if (air.AuxWidth > 0)
        {
            for (int i = 0; i < auxRandom.Length; i++) auxRandom[i] = channel.DrawFelt();
            channel.Absorb(proof.AuxRoot!);
            foreach (ShortTable st in shortAuxTables) channel.Absorb(st.Root);
        }

        // Round 3: α, boundaries, composition commitment.
        Felt alpha = channel.DrawFelt();
        IReadOnlyList<BoundaryConstraint> boundaries = air.BoundaryConstraints(auxRandom);
        int width = air.MainWidth + air.AuxWidth;
        foreach (BoundaryConstraint b in boundaries)
            if ((uint)b.Column >= (uint)width || (uint)b.Row >= (uint)n) return VerifyResult.Fail(VerifyError.AirInvalid, $"boundary constraint at column {b.Column}, row {b.Row} is outside the trace");
        int transitions = air.TransitionDegrees.Length;
        Felt[] alphas = ProofTranscript.Powers(alpha, transitions + boundaries.Count);
        channel.Absorb(proof.CompositionRoot);

        // Round 4: z and the out-of-domain values; the composition identity at z.
        Felt z = ProofTranscript.DrawOutOfDomainPoint(channel, domain);
        MaskEntry[] entries = AirDomain.OutOfDomainEntries(air, boundaries);
        if (proof.OodTrace.Length != entries.Length) return VerifyResult.Fail(VerifyError.ShapeMismatch, $"expected {entries.Length} out-of-domain trace values, got {proof.OodTrace.Length}");
        if (proof.OodComposition.Length != chunks) return VerifyResult.Fail(VerifyError.ShapeMismatch, $"expected {chunks} out-of-domain composition values, got {proof.OodComposition.Length}");
        channel.AbsorbFelts(proof.OodTrace);
        channel.AbsorbFelts(proof.OodComposition);
        Felt expected = AirDomain.CompositionAt(air, z, proof.OodTrace, entries, auxRandom, alphas, boundaries);
        Felt claimed = Felt.Zero, zn = z.Pow((ulong)n), zPow = Felt.One;
        for (int i = 0; i < chunks; i++)
        {
            claimed += zPow * proof.OodComposition[i];
            zPow *= zn;
        }
        if (expected != claimed) return VerifyResult.Fail(VerifyError.OutOfDomainMismatch, "the composition chunks at z do not match the constraints evaluated on the out-of-domain values");

        // Round 5: γ.
        Felt gamma = channel.DrawFelt();
        Felt[] gammas = ProofTranscript.Powers(gamma, entries.Length + chunks);

        // Round 6: FRI commitments.
        FriLayout layout = ProofTranscript.Layout(p, domain);
        Felt[]? betas = FriVerifier.ReplayCommitments(layout, channel, proof.FriRoots, proof.FriLastLayer, out string? friShape);
        if (betas is null) return VerifyResult.Fail(VerifyError.ShapeMismatch, friShape!);

        // Round 7: proof of work.
        if (!channel.TryAcceptProofOfWork(p.ProofOfWorkBits, proof.PowNonce))
            return VerifyResult.Fail(VerifyError.ProofOfWork, $"nonce {proof.PowNonce} does not have {p.ProofOfWorkBits} leading zero bits");

        // Round 8: queries, table openings, DEEP values at the opened rows, FRI.
        int[] queries = ProofTranscript.DrawQueries(channel, p, logN);
        int[] leaves = ProofTranscript.QueryLeaves(layout, queries);
        int m0 = layout.CosetCount(0), arity = 1 << layout.StepAt(0);
        int bigN = n << p.LogNCosets, tableLeaves = bigN / arity;
        foreach (int s in AirDomain.ShortTableLifts(AirDomain.AllColumnLifts(air)))
            if (bigN / s < arity)
                return VerifyResult.Fail(VerifyError.ShapeMismatch, $"short tables of lift {s}: {bigN / s} rows, fewer than the leaves' {arity}");
        var main = new OpenedColumns(mainLifts, proof.MainOpening, shortTables, leaves, bigN, arity);
        r = CheckTables("main", "short table", main, proof.MainRoot, arity, leaves, tableLeaves, domain, hasher);
        if (!r.IsValid) return r;
        OpenedColumns? aux = null;
        if (air.AuxWidth > 0)
        {
            aux = new OpenedColumns(auxLifts, proof.AuxOpening!, shortAuxTables, leaves, bigN, arity);
            r = CheckTables("interaction", "short interaction table", aux, proof.AuxRoot!, arity, leaves, tableLeaves, domain, hasher);
            if (!r.IsValid) return r;
        }
        r = CheckTable("composition", proof.CompositionOpening, proof.CompositionRoot, chunks, arity, leaves, tableLeaves, domain, hasher);
        if (!r.IsValid) return r;

        Dictionary<int, Felt[]> layer0 = DeepValues(air, proof, layout, domain, leaves, main, aux, z, entries, gammas, chunks);
        FriRejection? fri = FriVerifier.CheckQueries(layout, betas, proof.FriRoots, proof.FriLastLayer, queries, layer0, proof.FriOpenings, hasher);
        if (fri is not null)
            return VerifyResult.Fail(fri.Kind switch
            {
                FriFailure.Shape => VerifyError.ShapeMismatch,
                FriFailure.Merkle => MerkleError(fri.Merkle),
                _ => VerifyError.FriMismatch,
            }, fri.Message);
        return VerifyResult.Ok;
    }

    /// <summary>
    /// The DEEP polynomial at every row of every opened leaf (FRI layer 0's folding cosets), with all the
    /// denominators x − z·ω^o inverted in one batch.
    /// </summary>
    private static Dictionary<int, Felt[]> DeepValues(IAir air, StarkProof proof, FriLayout layout, EvaluationDomain domain, int[] leaves,
        OpenedColumns main, OpenedColumns? aux, Felt z, MaskEntry[] entries, Felt[] gammas, int chunks)
    {
        int logN = PowerOfTwo.Log2(air.TraceLength);
        int m0 = layout.CosetCount(0), arity = 1 << layout.StepAt(0);
        Felt omegaTrace = RootsOfUnity.PrimitiveRoot(logN);
        // Distinct points z·ω^o; index 0 is z itself (the composition chunks' denominator).
        var offsets = new List<int> { 0 };
        var offsetOf = new int[entries.Length];
        for (int k = 0; k < entries.Length; k++)
        {
            int idx = offsets.IndexOf(entries[k].RowOffset);
            if (idx < 0) { idx = offsets.Count; offsets.Add(entries[k].RowOffset); }
            offsetOf[k] = idx;
        }
        int pts = offsets.Count, rowsTotal = leaves.Length * arity;
        var dens = new Felt[rowsTotal * pts];
        var pointsAt = new Felt[pts];
        for (int j = 0; j < pts; j++) pointsAt[j] = z * omegaTrace.Pow((ulong)offsets[j]);
        for (int l = 0; l < leaves.Length; l++)
            for (int c = 0; c < arity; c++)
            {
                Felt x = domain.Point(leaves[l] + c * m0);
                for (int j = 0; j < pts; j++) dens[(l * arity + c) * pts + j] = x - pointsAt[j];
            }
        Felt.BatchInverse(dens, dens);
        int mainW = air.MainWidth;
        var result = new Dictionary<int, Felt[]>(leaves.Length);
        // Σ_k γ_k·(t_k − o_k)/(x − z·ω^(o_k)) summed point by point: one product by each inverted denominator.
        var byPoint = new Felt[pts];
        for (int l = 0; l < leaves.Length; l++)
        {
            var values = new Felt[arity];
            for (int c = 0; c < arity; c++)
            {
                int row = l * arity + c;
                Array.Clear(byPoint);
                for (int k = 0; k < entries.Length; k++)
                {
                    int col = entries[k].Column;
                    Felt t = col < mainW ? main.Value(col, l, c) : aux!.Value(col - mainW, l, c);
                    byPoint[offsetOf[k]] += gammas[k] * (t - proof.OodTrace[k]);
                }
                for (int i = 0; i < chunks; i++)
                    byPoint[0] += gammas[entries.Length + i] * (proof.CompositionOpening.Values[row * chunks + i] - proof.OodComposition[i]);
                Felt acc = Felt.Zero;
                for (int j = 0; j < pts; j++) acc += byPoint[j] * dens[row * pts + j];
                values[c] = acc;
            }
            result[leaves[l]] = values;
        }
        return result;
    }

    /// <summary>
    /// Checks one kind's short tables (<paramref name="name"/>: main or interaction) against the AIR's: one per lift in
    /// <paramref name="lifts"/>, in that order, each with a 32-byte root and an opening.
    /// </summary>
    private static VerifyResult CheckShortTableShapes(string name, int[] lifts, ShortTable[] tables)
    {
        if (tables.Length != lifts.Length)
            return VerifyResult.Fail(VerifyError.ShapeMismatch, $"expected {lifts.Length} {name}s (lifts {string.Join(", ", lifts)}), got {tables.Length}");
        for (int t = 0; t < lifts.Length; t++)
        {
            if (tables[t] is null || tables[t].Lift != lifts[t])
                return VerifyResult.Fail(VerifyError.ShapeMismatch, $"{name} {t}: expected lift {lifts[t]}, got {tables[t]?.Lift}");
            if (tables[t].Root is not { Length: MerkleTree.DigestSize } || tables[t].Opening is null)
                return VerifyResult.Fail(VerifyError.ShapeMismatch, $"{name} s={lifts[t]}: its root is not 32 bytes or its opening is missing");
        }
        return VerifyResult.Ok;
    }

    /// <summary>
    /// Checks one kind's openings (<paramref name="columns"/>): its table at the queried leaves, then each short table at
    /// its leaves {i mod M'} (<see cref="ShortTableLeaves"/>), named "<paramref name="shortName"/> s=…". A short table's rows
    /// are marked by their short index, which is a trace row exactly when the big rows it stands for are.
    /// </summary>
    private static VerifyResult CheckTables(string name, string shortName, OpenedColumns columns, byte[] root, int arity, int[] leaves, int leafCount,
        EvaluationDomain domain, IMerkleHasher hasher)
    {
        VerifyResult r = CheckTable(name, columns.Table, root, columns.TableWidth, arity, leaves, leafCount, domain, hasher);
        ShortTable[] shortTables = columns.ShortTables;
        for (int t = 0; t < shortTables.Length && r.IsValid; t++)
            r = CheckTable($"{shortName} s={shortTables[t].Lift}", shortTables[t].Opening, shortTables[t].Root, columns.ShortTableWidths[t], arity,
                columns.ShortLeaves[t], columns.ShortLeafCount(t), domain, hasher);
        return r;
    }

    /// <summary>
    /// Checks a table opening of <paramref name="columns"/> columns against its root: the leaves <paramref name="rows"/>,
    /// each <paramref name="arity"/> rows (FRI layer 0's folding coset) of the table's columns, and the rows marked as
    /// trace rows exactly those on the trace domain (the mark chooses the rows' encoding, so only one is accepted).
    /// </summary>
    private static VerifyResult CheckTable(string name, TableOpening opening, byte[] root, int columns, int arity, int[] rows, int leafCount,
        EvaluationDomain domain, IMerkleHasher hasher)
    {
        if (opening.Width != columns)
            return VerifyResult.Fail(VerifyError.ShapeMismatch, $"{name} opening: expected {columns} columns, got {opening.Width}");
        int width = arity * columns;
        if (opening.Values.Length != rows.Length * width)
            return VerifyResult.Fail(VerifyError.ShapeMismatch, $"{name} opening: expected {rows.Length * width} values, got {opening.Values.Length}");
        if (opening.OnTrace.Length != rows.Length * arity)
            return VerifyResult.Fail(VerifyError.ShapeMismatch, $"{name} opening: {opening.OnTrace.Length} trace-row marks for {rows.Length * arity} rows");
        // Leaf i holds rows i + c·leafCount (ProofTranscript.CosetColumns).
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < arity; c++)
                if (opening.OnTrace[r * arity + c] != domain.IsTraceRow(rows[r] + c * leafCount))
                    return VerifyResult.Fail(VerifyError.ShapeMismatch,
                        $"{name} opening: row {rows[r] + c * leafCount} marked {(opening.OnTrace[r * arity + c] ? "on" : "off")} the trace domain");
        var digests = new List<byte[]>(rows.Length);
        for (int r = 0; r < rows.Length; r++)
        {
            var d = new byte[MerkleTree.DigestSize];
            hasher.HashLeaf(opening.Values.AsSpan(r * width, width), d);
            digests.Add(d);
        }
        MerkleCheck check = MerkleVerifier.Verify(root, leafCount, rows, digests, opening.Siblings, hasher);
        return check == MerkleCheck.Valid
            ? VerifyResult.Ok
            : VerifyResult.Fail(MerkleError(check), $"{name} opening of {rows.Length} rows with {opening.Siblings.Length} nodes: {check}");
    }

    /// <summary>The verifier's error for a failed Merkle multi-proof: missing and extra nodes named apart from a wrong root.</summary>
    private static VerifyError MerkleError(MerkleCheck check) => check switch
    {
        MerkleCheck.NodesMissing => VerifyError.MerkleNodesMissing,
        MerkleCheck.NodesExtra => VerifyError.MerkleNodesExtra,
        MerkleCheck.LeavesMalformed => VerifyError.ShapeMismatch,
        _ => VerifyError.MerkleMismatch,
    };
}
