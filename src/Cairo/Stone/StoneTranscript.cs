using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone;

/// <summary>
/// The commit phase of Stone's verifier replayed on the channel (<c>stark/stark.cc</c>, <c>VerifyStark</c>, and
/// <c>fri/fri_verifier.cc</c>, <c>CommitmentPhase</c>): everything the prover sent before the queries and every
/// element the verifier drew, in order. It checks nothing but that the proof is long enough.
/// </summary>
internal sealed record StoneTranscript
{
    public required byte[] TraceCommitment { get; init; }
    public required Felt[] InteractionElements { get; init; }
    public required byte[]? InteractionCommitment { get; init; }
    public required Felt CompositionAlpha { get; init; }
    public required byte[] CompositionCommitment { get; init; }
    public required Felt OodsPoint { get; init; }
    public required Felt[] OodsValues { get; init; }
    public required Felt OodsAlpha { get; init; }
    /// <summary>The first layer's evaluation point when the first FRI step is not 0.</summary>
    public required Felt? FirstFriEvalPoint { get; init; }
    /// <summary>Evaluation points of FRI layers 1…n−1 (Stone's annotations call them Layer 2…n).</summary>
    public required Felt[] FriEvalPoints { get; init; }
    /// <summary>Commitments of FRI layers 1…n−1.</summary>
    public required byte[][] FriCommitments { get; init; }
    public required Felt[] LastLayerCoefficients { get; init; }
    /// <summary>The nonce as the proof carries it (empty when proof_of_work_bits is 0).</summary>
    public required byte[] ProofOfWorkNonce { get; init; }
    /// <summary>True when the nonce carries the work (or none was asked for).</summary>
    public required bool ProofOfWorkHolds { get; init; }
    /// <summary>The query indices as drawn, sorted, duplicates kept.</summary>
    public required ulong[] QueryIndices { get; init; }

    /// <summary>
    /// Replays the commit phase; null (and <paramref name="error"/>) when the proof is too short or a message cannot
    /// be absorbed.
    /// </summary>
    public static StoneTranscript? TryReplay(
        IStoneChannel channel, StoneProofReader reader, IStoneLayout layout, StoneProofParameters parameters,
        StoneDomains domains, out string error)
    {
        error = "";
        byte[]? Receive(int bytes, string what, ref string err)
        {
            byte[]? m = reader.Read(bytes);
            if (m is null) { err = $"proof ends before the {what} ({bytes} bytes at offset {reader.Position}, {reader.Remaining} left)"; return null; }
            if (!channel.TryAbsorb(m)) { err = $"the {what} is not a field element"; return null; }
            return m;
        }
        Felt[]? Felts(byte[]? m, ref string err)
        {
            if (m is null) return null;
            var f = new Felt[m.Length / 32];
            for (int i = 0; i < f.Length; i++)
                if (!channel.TryDecodeFelt(m.AsSpan(32 * i, 32), out f[i])) { err = "a field element is not below p"; return null; }
            return f;
        }

        byte[]? trace = Receive(32, "trace commitment", ref error);
        if (trace is null) return null;
        var interaction = new Felt[layout.InteractionElementCount];
        byte[]? interactionCommitment = null;
        if (layout.InteractionColumns > 0)
        {
            for (int i = 0; i < interaction.Length; i++) interaction[i] = channel.DrawFelt();
            interactionCommitment = Receive(32, "interaction commitment", ref error);
            if (interactionCommitment is null) return null;
        }
        Felt alpha = channel.DrawFelt();
        byte[]? composition = Receive(32, "composition commitment", ref error);
        if (composition is null) return null;
        Felt z = channel.DrawFelt();
        int nOods = layout.Mask.Count + layout.ConstraintDegree;
        Felt[]? oods;
        if (parameters.VerifierFriendlyChannelUpdates)
        {
            oods = Felts(Receive(32 * nOods, "OODS values", ref error), ref error);
        }
        else
        {
            oods = new Felt[nOods];
            for (int i = 0; i < nOods; i++)
            {
                Felt[]? one = Felts(Receive(32, "OODS values", ref error), ref error);
                if (one is null) return null;
                oods[i] = one[0];
            }
        }
        if (oods is null) return null;
        Felt oodsAlpha = channel.DrawFelt();

        int[] steps = parameters.FriStepList;
        Felt? firstEval = steps[0] != 0 ? channel.DrawFelt() : null;
        var evalPoints = new Felt[steps.Length - 1];
        var friCommitments = new byte[steps.Length - 1][];
        for (int i = 1; i < steps.Length; i++)
        {
            // Layer i's commitment, then the evaluation point that folds it into layer i + 1.
            byte[]? c = Receive(32, $"FRI layer {i} commitment", ref error);
            if (c is null) return null;
            friCommitments[i - 1] = c;
            evalPoints[i - 1] = channel.DrawFelt();
        }
        Felt[]? last = Felts(Receive(32 * (int)parameters.LastLayerDegreeBound, "last layer coefficients", ref error), ref error);
        if (last is null) return null;

        byte[] nonce = [];
        bool powHolds = true;
        if (parameters.ProofOfWorkBits > 0)
        {
            byte[] seed = channel.ProofOfWorkSeed();
            byte[]? n = Receive(channel.ProofOfWorkNonceBytes, "proof-of-work nonce", ref error);
            if (n is null) return null;
            nonce = n;
            powHolds = StoneProofOfWork.Verify(
                Stark.Hashing.StoneMaskedHash.TryCreate(parameters.PowHash)!, seed, parameters.ProofOfWorkBits, n.AsSpan(n.Length - 8));
        }
        ulong bound = 1UL << (domains.LogEvaluationDomain - steps[0]);
        var queries = new ulong[parameters.NQueries];
        for (int i = 0; i < queries.Length; i++) queries[i] = channel.DrawNumber(bound);
        Array.Sort(queries);
        return new StoneTranscript
        {
            TraceCommitment = trace, InteractionElements = interaction, InteractionCommitment = interactionCommitment,
            CompositionAlpha = alpha, CompositionCommitment = composition, OodsPoint = z, OodsValues = oods,
            OodsAlpha = oodsAlpha, FirstFriEvalPoint = firstEval, FriEvalPoints = evalPoints, FriCommitments = friCommitments,
            LastLayerCoefficients = last, ProofOfWorkNonce = nonce, ProofOfWorkHolds = powHolds, QueryIndices = queries,
        };
    }
}

/// <summary>The trace and evaluation domains: trace length T = n_steps · rows per step, evaluation domain N = T · 2^log_n_cosets.</summary>
internal sealed record StoneDomains(int LogTraceLength, int LogEvaluationDomain)
{
    /// <summary>T.</summary>
    public long TraceLength => 1L << LogTraceLength;

    /// <summary>g, the trace domain's generator.</summary>
    public Felt TraceGenerator => Stark.Ntt.RootsOfUnity.PrimitiveRoot(LogTraceLength);

    /// <summary>
    /// x_r = 3·ω_N^{bitrev(r)}, the point of row <paramref name="row"/> of a 2^<paramref name="logN"/>-row evaluation
    /// domain in Stone's row order (<c>lde/cached_lde_manager.cc</c>): where the prover's tables hold their values and the
    /// verifier's queries open them.
    /// </summary>
    public static Felt RowPoint(long row, int logN) =>
        Stark.Ntt.RootsOfUnity.Generator * Stark.Ntt.RootsOfUnity.PrimitiveRoot(logN).Pow(Stark.Fri.StoneFriFolding.ReverseBits((ulong)row, logN));
}
