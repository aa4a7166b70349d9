namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The rows a Keccak constraint holds on, as cells of one component instance (65536 cells of 8 rows): unions of
/// blocks {a + 1024·k : a ∈ lows, k ∈ bits}, a the position within a bit's 1024 cells (round slot, lane, copy,
/// invocation) and k the bit. The vanishing polynomial of cell c is x^(n/524288) − G^c, G = g^(n/65536).
/// </summary>
/// <remarks>
/// A block over all 64 bits folds to one factor per a: Π_k (X − G^a·G^(1024k)) = X^64 − G^(64a), X^64 = x^(n/8192).
/// A block over most bits is that factor divided by the missing bits' factors, which go to the numerator, as
/// Stone's domains do (e.g. "every bit but the last"). Each instance evaluates G's powers once.
/// </remarks>
internal static class KeccakCells
{
    /// <summary>Cells per instance: 524288 rows / 8.</summary>
    public const int PerInstance = 65536;

    /// <summary>Cells between bit k and bit k + 1 of the same position.</summary>
    public const int BitStride = 1024;

    /// <summary>Trace rows per cell.</summary>
    public const int Rows = 8;

    /// <summary>Every bit 0 … 63.</summary>
    public const ulong AllBits = ulong.MaxValue;

    /// <summary>Bits first … first + count − 1 as a bit set.</summary>
    public static ulong BitRange(int first, int count) =>
        count == 64 ? AllBits : ((1UL << count) - 1) << first;
}

/// <summary>The cells {a + 1024·k : a ∈ <paramref name="Positions"/>, bit k set in <paramref name="Bits"/>}.</summary>
internal readonly record struct KeccakCellBlock(int[] Positions, ulong Bits);
