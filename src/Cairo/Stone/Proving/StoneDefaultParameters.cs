namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// The parameters <c>zetina prove --format stone</c> uses when none are given: ones Integrity accepts
/// (<see cref="IntegrityRules"/>) at <see cref="SecurityBits"/> bits (Integrity itself takes 50), chosen for proving time. Blowup 2 halves the low-degree extension and
/// its commitments against blowup 4, and 20 grinding bits cost about a million hashes, so the queries carry the rest
/// (76 · 1 + 20 = 96); FRI folds by 16 per layer, the widest step Integrity takes, down to a last layer of 128
/// coefficients. The hashes are those of Integrity's published Stone template (Poseidon channel, Keccak-160 Merkle
/// nodes, Poseidon for the top layers, Pedersen page hash).
/// </summary>
internal static class StoneDefaultParameters
{
    /// <summary>The security the defaults give: n_queries · log_n_cosets + proof_of_work_bits.</summary>
    public const int SecurityBits = 96;

    /// <summary>log₂ of the blowup.</summary>
    public const int LogNCosets = 1;

    /// <summary>Grinding bits: Integrity's minimum.</summary>
    public const int ProofOfWorkBits = IntegrityRules.MinProofOfWorkBits;

    /// <summary>Queries for 96 bits at <see cref="LogNCosets"/> and <see cref="ProofOfWorkBits"/>.</summary>
    public const int NQueries = (SecurityBits - ProofOfWorkBits + LogNCosets - 1) / LogNCosets;

    /// <summary>log₂ of the last FRI layer's degree bound, when the trace is long enough.</summary>
    public const int LogLastLayer = 7;

    /// <summary>The parameters for a trace of 2^<paramref name="logTraceLength"/> rows (at least 2 rows).</summary>
    public static StoneProofParameters For(int logTraceLength)
    {
        if (logTraceLength < 1) throw new ArgumentOutOfRangeException(nameof(logTraceLength), logTraceLength, "a trace has at least 2 rows");
        int logLast = Math.Min(LogLastLayer, logTraceLength - 1);
        int folds = logTraceLength - logLast;
        var steps = new List<int> { 0 };
        for (; folds > 0; folds -= IntegrityRules.MaxFriStep) steps.Add(Math.Min(IntegrityRules.MaxFriStep, folds));
        return new StoneProofParameters
        {
            ChannelHash = "poseidon3", CommitmentHash = "keccak256_masked160_lsb", VerifierFriendlyCommitmentHash = "poseidon3",
            VerifierFriendlyLayers = 1000, HasVerifierFriendlyLayersField = true, VerifierFriendlyChannelUpdates = true,
            PowHash = "keccak256", PageHash = "pedersen", LogNCosets = LogNCosets, FriStepList = [.. steps],
            LastLayerDegreeBound = 1L << logLast, NQueries = NQueries, ProofOfWorkBits = ProofOfWorkBits,
        };
    }
}
