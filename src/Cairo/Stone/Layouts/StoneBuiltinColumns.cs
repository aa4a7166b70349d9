namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps each builtin's cells (null for a builtin the layout lacks) and its diluted pool: the same
/// virtual columns its constraints read, handed to the trace builder so the prover writes exactly the cells the
/// verifier opens (Stone's <c>GetTraceGenerationContext</c> names, one record per builtin).
/// </summary>
internal sealed record StoneBuiltinColumns
{
    /// <summary>A layout without builtins (plain).</summary>
    public static StoneBuiltinColumns None { get; } = new();

    /// <summary>The pedersen builtin's cells.</summary>
    public PedersenColumns? Pedersen { get; init; }

    /// <summary>The range_check builtin's cells (8 parts of 16 bits per value).</summary>
    public RangeCheckBuiltinColumns? RangeCheck { get; init; }

    /// <summary>The ecdsa builtin's cells.</summary>
    public EcdsaColumns? Ecdsa { get; init; }

    /// <summary>The bitwise builtin's cells.</summary>
    public BitwiseColumns? Bitwise { get; init; }

    /// <summary>The ec_op builtin's cells.</summary>
    public EcOpColumns? EcOp { get; init; }

    /// <summary>The keccak builtin's cells.</summary>
    public KeccakColumns? Keccak { get; init; }

    /// <summary>The poseidon builtin's cells.</summary>
    public PoseidonColumns? Poseidon { get; init; }

    /// <summary>The diluted pool, its sorted copy and its interaction columns (layouts with bitwise or keccak).</summary>
    public DilutedCheckColumns? Diluted { get; init; }
}
