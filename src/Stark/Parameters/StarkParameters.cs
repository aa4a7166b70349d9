namespace Zetina.Stark.Parameters;

/// <summary>
/// The proof system's parameters, named as Stone's <c>cpu_air_params.json</c> names them.
/// </summary>
/// <param name="LogNCosets">log₂ of the blowup: the evaluation domain has 2^LogNCosets·n points (Stone's log_n_cosets).</param>
/// <param name="NQueries">How many FRI query positions the verifier samples (n_queries).</param>
/// <param name="ProofOfWorkBits">Grinding difficulty before the queries are drawn (proof_of_work_bits).</param>
/// <param name="FriStepList">
/// How many times each FRI layer folds, as log₂ (fri_step_list): layer j folds 2^step_j values into one. A leading
/// 0 (Stone's convention for "the first layer is the committed trace") is allowed and means nothing to fold.
/// </param>
/// <param name="LastLayerDegreeBound">The degree bound of the last FRI layer, sent in the clear (last_layer_degree_bound).</param>
/// <param name="Hash">The Merkle and channel hash, one of <see cref="Merkle.MerkleHashes.Names"/>.</param>
/// <remarks>
/// Consistency rule (checked by <see cref="Validate"/>): with n the trace length,
/// log₂ n = Σ FriStepList + log₂ LastLayerDegreeBound — the DEEP polynomial has degree below n, and each
/// layer divides the degree bound by 2^step.
/// </remarks>
public sealed record StarkParameters(
    int LogNCosets,
    int NQueries,
    int ProofOfWorkBits,
    int[] FriStepList,
    int LastLayerDegreeBound,
    string Hash)
{
    /// <summary>The most queries a proof may carry (a bound on what a verifier will read).</summary>
    public const int MaxQueries = 256;

    /// <summary>
    /// The conjectured security in bits: λ = n_queries · log_n_cosets + proof_of_work_bits, capped at
    /// 251 − log₂(N) − 1 (the field-size term of the DEEP-ALI and FRI soundness bounds, N the evaluation
    /// domain size) and at the commitment hash's collision resistance (<see cref="Merkle.MerkleHashes.CollisionBits"/>:
    /// a prover who finds a collision opens a commitment two ways). This is the "conjectured" (proximity-gap)
    /// estimate used by ethSTARK and Stone: each query of a far-from-low-degree word passes with probability about
    /// 1/blowup, and grinding adds its bits.
    /// </summary>
    public int ConjecturedSecurityBits(int logTraceLength)
    {
        int query = NQueries * LogNCosets + ProofOfWorkBits;
        int field = 251 - (logTraceLength + LogNCosets) - 1;
        int hash = Merkle.MerkleHashes.IsKnown(Hash) ? Merkle.MerkleHashes.CollisionBits(Hash) : 0;
        return Math.Min(Math.Min(query, field), hash);
    }

    /// <summary>The largest evaluation domain, log₂: sizes are <c>int</c> indices (2^30 rows × 32 bytes is already 32 GiB a column).</summary>
    public const int MaxLogEvaluationDomain = 30;

    /// <summary>The sum of the FRI steps.</summary>
    public int FriStepSum()
    {
        int s = 0;
        foreach (int step in FriStepList) s += step;
        return s;
    }

    /// <summary>
    /// Null when the parameters fit a trace of 2^<paramref name="logTraceLength"/> rows; otherwise a sentence
    /// naming what is wrong.
    /// </summary>
    public string? Validate(int logTraceLength)
    {
        if (LogNCosets is < 1 or > 6) return $"log_n_cosets must be in [1, 6], got {LogNCosets}";
        if (NQueries is < 1 or > MaxQueries) return $"n_queries must be in [1, {MaxQueries}], got {NQueries}";
        if (ProofOfWorkBits is < 0 or > 40) return $"proof_of_work_bits must be in [0, 40], got {ProofOfWorkBits}";
        if (FriStepList is null || FriStepList.Length == 0 || FriStepList.Length > 32) return "fri_step_list must have 1 to 32 entries";
        for (int i = 0; i < FriStepList.Length; i++)
        {
            int s = FriStepList[i];
            if (s < 0 || s > 6 || (s == 0 && i > 0)) return $"fri_step_list[{i}] = {s}: steps are 1 to 6 (only the first may be 0)";
        }
        if (LastLayerDegreeBound <= 0 || (LastLayerDegreeBound & (LastLayerDegreeBound - 1)) != 0 || LastLayerDegreeBound > 1 << 16)
            return $"last_layer_degree_bound must be a power of two up to 65536, got {LastLayerDegreeBound}";
        if (!Merkle.MerkleHashes.IsKnown(Hash)) return $"unknown hash '{Hash}'";
        if (logTraceLength < 0 || logTraceLength + LogNCosets > MaxLogEvaluationDomain)
            return $"an evaluation domain of 2^{logTraceLength + LogNCosets} points (2^{logTraceLength} rows, blowup 2^{LogNCosets}) exceeds 2^{MaxLogEvaluationDomain}";
        int logLast = System.Numerics.BitOperations.Log2((uint)LastLayerDegreeBound);
        if (FriStepSum() + logLast != logTraceLength)
            return $"fri_step_list sums to {FriStepSum()} and log2(last_layer_degree_bound) is {logLast}: together they must equal log2(trace length) = {logTraceLength}";
        return null;
    }

    /// <summary>
    /// Defaults for a trace of 2^<paramref name="logTraceLength"/> rows at ≥ 96 conjectured bits: blowup 4,
    /// 40 queries, 16 bits of grinding, folding by 8 while possible, Keccak-256.
    /// </summary>
    public static StarkParameters Default(int logTraceLength, string hash = "keccak256")
    {
        int logLast = Math.Min(logTraceLength, 6);
        int remaining = logTraceLength - logLast;
        var steps = new List<int>();
        while (remaining > 0)
        {
            int s = Math.Min(3, remaining);
            steps.Add(s);
            remaining -= s;
        }
        if (steps.Count == 0) steps.Add(0);
        return new StarkParameters(2, 40, 16, steps.ToArray(), 1 << logLast, hash);
    }

    /// <summary>Structural equality (the step list compared element by element).</summary>
    public bool Equals(StarkParameters? other) =>
        other is not null && LogNCosets == other.LogNCosets && NQueries == other.NQueries && ProofOfWorkBits == other.ProofOfWorkBits
        && FriStepList.AsSpan().SequenceEqual(other.FriStepList) && LastLayerDegreeBound == other.LastLayerDegreeBound && Hash == other.Hash;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(LogNCosets, NQueries, ProofOfWorkBits, FriStepList.Length, LastLayerDegreeBound, Hash);
}
