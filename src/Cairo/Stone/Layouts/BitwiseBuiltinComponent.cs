using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The bitwise builtin over 251-bit values: each of x, y, x&amp;y, x^y is spelled by 16 diluted cells (bits 4 apart),
/// and on diluted numbers x + y = (x^y) + 2·(x&amp;y) holds cell by cell; x|y = (x&amp;y) + (x^y)
/// (Stone's <c>bitwise/*</c>; <c>src/starkware/air/components/bitwise</c>).
/// </summary>
/// <remarks>
/// Cell c = 4a + b of a value holds bits 64a + b + 4t (t = 0 … 15), so value = Σ_c cell_c · 2^(64a + b). The
/// "unique unpacking" constraints keep bits 251 … 255 zero, so a value has one spelling.
/// </remarks>
internal static class BitwiseBuiltinComponent
{
    private const int CellsPerValue = 16;
    private static readonly Felt Two = Felt.FromUInt64(2);
    private static readonly Felt Sixteen = Felt.FromUInt64(16);
    private static readonly Felt TwoFiftySix = Felt.FromUInt64(256);
    private static readonly Felt[] s_cellWeights = CellWeights();

    /// <summary>Adds the 11 constraints in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, BitwiseColumns c) where T : struct, IConstraintValue<T>
    {
        int var = c.VarPoolAddr.Step;
        int instance = c.XOrYAddr.Step;
        T everyVar = sum.Every(var);
        T everyInstance = sum.Every(instance);
        T lastInstance = sum.Row(-instance);
        int varsPerInstance = instance / var;

        // var pool addresses: x, y, x&y, x^y, then x|y, then the next instance's x.
        sum.Add(sum.Cell(c.VarPoolAddr) - (Felt)sum.PublicInput.Segment("bitwise").BeginAddr, sum.Row(0));
        sum.Add((sum.Cell(c.VarPoolAddr, 1) - (sum.Cell(c.VarPoolAddr) + Felt.One)) * sum.Rows(instance, (varsPerInstance - 1) * var), everyVar);
        sum.Add(sum.Cell(c.XOrYAddr) - (sum.Cell(c.XXorYAddr) + Felt.One), everyInstance);
        sum.Add((sum.Cell(c.VarPoolAddr, varsPerInstance) - (sum.Cell(c.XOrYAddr) + Felt.One)) * lastInstance, everyInstance);

        // partition: each var is the weighted sum of its 16 diluted cells.
        T partition = Felt.Zero;
        for (int k = 0; k < CellsPerValue; k++) partition += sum.Cell(c.DilutedVarPool, k) * s_cellWeights[k];
        sum.Add(partition - sum.Cell(c.VarPoolValue), everyVar);

        sum.Add(sum.Cell(c.XOrYValue) - (sum.Cell(c.XAndYValue) + sum.Cell(c.XXorYValue)), everyInstance);

        // x + y = (x^y) + 2(x&y), cell by cell (no carries between diluted bits): on the first 16 rows of each instance.
        int cellStep = c.X.Step;
        T xCells = Felt.One;
        for (int k = 0; k < CellsPerValue; k++) xCells *= sum.Rows(instance, k * cellStep);
        sum.Add(sum.Cell(c.X) + sum.Cell(c.Y) - (sum.Cell(c.XXorY) + Two * sum.Cell(c.XAndY)), xCells);

        // unique unpacking: the cells holding bits ≥ 251 of x&y and x^y (indices 44 … 47 and 60 … 63 of the pool
        // from x on) are 0, through the trimmed copies.
        sum.Add((sum.Cell(c.X, 44) + sum.Cell(c.X, 60)) * Sixteen - sum.Cell(c.TrimUnpacking192), everyInstance);
        sum.Add((sum.Cell(c.X, 45) + sum.Cell(c.X, 61)) * Sixteen - sum.Cell(c.TrimUnpacking193), everyInstance);
        sum.Add((sum.Cell(c.X, 46) + sum.Cell(c.X, 62)) * Sixteen - sum.Cell(c.TrimUnpacking194), everyInstance);
        sum.Add((sum.Cell(c.X, 47) + sum.Cell(c.X, 63)) * TwoFiftySix - sum.Cell(c.TrimUnpacking195), everyInstance);
    }

    private static Felt[] CellWeights()
    {
        var weights = new Felt[CellsPerValue];
        for (int k = 0; k < CellsPerValue; k++) weights[k] = Felt.FromBigInteger(BigInteger.One << (64 * (k / 4) + k % 4));
        return weights;
    }
}
