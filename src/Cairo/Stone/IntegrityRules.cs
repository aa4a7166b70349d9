namespace Zetina.Cairo.Stone;

/// <summary>
/// The parameter rules of Integrity, the Cairo verifier StarkNet contracts rely on (HerodotusDev/integrity,
/// <c>stark/config</c>, <c>fri/config</c>, <c>proof_of_work/config</c>): a proof Stone's verifier accepts can still be
/// refused on chain for its parameters alone, so a prover that targets Integrity checks them before proving.
/// </summary>
internal static class IntegrityRules
{
    /// <summary>The fewest and most grinding bits Integrity accepts (<c>MIN_PROOF_OF_WORK_BITS</c>, <c>MAX_PROOF_OF_WORK_BITS</c>).</summary>
    public const int MinProofOfWorkBits = 20, MaxProofOfWorkBits = 50;

    /// <summary>The largest FRI step (<c>MAX_FRI_STEP</c>): a layer folds by at most 2^4.</summary>
    public const int MaxFriStep = 4;

    /// <summary>At most 15 inner FRI layers plus the last (<c>MAX_FRI_LAYERS</c>).</summary>
    public const int MaxFriLayers = 15;

    /// <summary>The last layer's degree bound is at most 2^15 (<c>MAX_LAST_LAYER_LOG_DEGREE_BOUND</c>).</summary>
    public const int MaxLastLayerLogDegreeBound = 15;

    /// <summary>The fewest security bits, n_queries · log_n_cosets + proof_of_work_bits, Integrity's verifier contract takes (<c>SECURITY_BITS</c>).</summary>
    public const int MinSecurityBits = 50;

    /// <summary>
    /// The first rule <paramref name="p"/> breaks for a trace of 2^<paramref name="logTraceLength"/> rows, named; null
    /// when Integrity's configuration checks all pass (the channel and commitment hashes are checked by which verifier
    /// contract is chosen, not here).
    /// </summary>
    public static string? FirstViolation(StoneProofParameters p, int logTraceLength)
    {
        if (p.ProofOfWorkBits < MinProofOfWorkBits || p.ProofOfWorkBits > MaxProofOfWorkBits)
            return $"proof_of_work_bits {p.ProofOfWorkBits} is outside Integrity's [{MinProofOfWorkBits}, {MaxProofOfWorkBits}]";
        int bits = p.NQueries * p.LogNCosets + p.ProofOfWorkBits;
        if (bits < MinSecurityBits)
            return $"n_queries · log_n_cosets + proof_of_work_bits = {bits} is below Integrity's {MinSecurityBits} security bits";
        int[] steps = p.FriStepList;
        if (steps.Length < 2 || steps.Length > MaxFriLayers + 1)
            return $"fri_step_list has {steps.Length} entries; Integrity takes 2 to {MaxFriLayers + 1}";
        if (steps[0] != 0) return $"fri_step_list[0] is {steps[0]}; Integrity requires 0";
        for (int i = 1; i < steps.Length; i++)
            if (steps[i] < 1 || steps[i] > MaxFriStep) return $"fri_step_list[{i}] is {steps[i]}; Integrity takes 1 to {MaxFriStep}";
        int logLast = System.Numerics.BitOperations.Log2((ulong)p.LastLayerDegreeBound);
        if (logLast > MaxLastLayerLogDegreeBound)
            return $"last_layer_degree_bound 2^{logLast} is above Integrity's 2^{MaxLastLayerLogDegreeBound}";
        if (steps.Sum() + logLast != logTraceLength)
            return $"the FRI steps ({steps.Sum()}) and the last layer (2^{logLast}) do not cover the trace length 2^{logTraceLength}";
        return null;
    }
}
