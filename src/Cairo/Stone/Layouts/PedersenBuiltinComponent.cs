using Zetina.Stark.Air;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The Pedersen builtin: H(a, b) = [P0 + a_low·P1 + a_high·P2 + b_low·P3 + b_high·P4]_x computed as an EC subset sum,
/// one input bit per cell, each input over 256 cells (Stone's <c>pedersen/hash&lt;k&gt;</c>, <c>pedersen/input*</c>,
/// <c>pedersen/output*</c>; <c>src/starkware/air/components/pedersen_hash</c> and <c>ec_subset_sum</c>).
/// </summary>
/// <remarks>
/// The bit unpacking proves each 252-bit input below the field's modulus 2^251 + 17·2^192 + 1: bits 193 … 250 may be
/// set only when bit 251 … and bits 196 … 250 only when bit 251 is, so the input's top bits are never above p's.
/// The selector s holds the input shifted right by the cell index, bit_i = s_i − 2 s_(i+1).
/// </remarks>
internal static class PedersenBuiltinComponent
{
    private const int SubsetSumCells = 256;

    /// <summary>Adds the builtin's constraints in Stone's order: each hash's 20, then the memory cells'.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, PedersenColumns c) where T : struct, IConstraintValue<T>
    {
        T pointsX = PedersenPoints.X.Evaluate(sum, c.Hashes[0].Selector.Step);
        T pointsY = PedersenPoints.Y.Evaluate(sum, c.Hashes[0].Selector.Step);
        foreach (PedersenHashColumns hash in c.Hashes) AddHash(sum, hash, pointsX, pointsY);

        int instance = c.Input0Value.Step;
        T everyInstance = sum.Every(instance);
        int repetitions = c.Hashes.Count;
        T everyBlock = sum.Every((long)instance * repetitions);
        Felt initialAddr = sum.PublicInput.Segment("pedersen").BeginAddr;
        T Selector(int r, int cell) => sum.Cell(c.Hashes[r].Selector, cell);
        T X(int r, int cell) => sum.Cell(c.Hashes[r].PartialSumX, cell);

        // Instance r of each block of `repetitions` is hashed by hash r. Each reads a at input0, b at input1, writes
        // the hash at output; the addresses run input0, input1, output, next input0, … from the segment's start.
        for (int r = 0; r < repetitions; r++) sum.Add(sum.Cell(c.Input0Value, r) - Selector(r, 0), everyBlock);
        sum.Add((sum.Cell(c.Input0Addr, 1) - (sum.Cell(c.OutputAddr) + Felt.One)) * sum.Row(-instance), everyInstance);
        sum.Add(sum.Cell(c.Input0Addr) - initialAddr, sum.Row(0));
        for (int r = 0; r < repetitions; r++) sum.Add(sum.Cell(c.Input1Value, r) - Selector(r, SubsetSumCells), everyBlock);
        sum.Add(sum.Cell(c.Input1Addr) - (sum.Cell(c.Input0Addr) + Felt.One), everyInstance);
        for (int r = 0; r < repetitions; r++) sum.Add(sum.Cell(c.OutputValue, r) - X(r, 2 * SubsetSumCells - 1), everyBlock);
        sum.Add(sum.Cell(c.OutputAddr) - (sum.Cell(c.Input1Addr) + Felt.One), everyInstance);
    }

    private static void AddHash<T>(StoneConstraintSum<T> sum, PedersenHashColumns h, T pointsX, T pointsY) where T : struct, IConstraintValue<T>
    {
        int cell = h.Selector.Step;
        int input = cell * SubsetSumCells;
        T everyCell = sum.Every(cell);
        T everyInput = sum.Every(input);
        T lastCellOfInput = sum.Rows(input, (SubsetSumCells - 1) * cell);

        // each input is a 252-bit number below p, summed bit by bit over the constant points (no inverses: the points
        // are far apart by construction).
        EcSubsetSum.AddBitUnpacking(sum, h.Selector, h.ProdOnes196, h.ProdOnes192, everyInput);
        EcSubsetSum.AddSteps(sum, h.Selector, h.PartialSumX, h.PartialSumY, h.Slope, xDiffInv: null, pointsX, pointsY,
            everyCell, lastCellOfInput, sum.Rows(input, 252 * cell));

        // the second input continues from the first's point; each hash starts at the shift point P0.
        int hashPeriod = 2 * input;
        T secondInput = sum.Rows(hashPeriod, input);
        sum.Add((sum.Cell(h.PartialSumX, SubsetSumCells) - sum.Cell(h.PartialSumX, SubsetSumCells - 1)) * secondInput, everyInput);
        sum.Add((sum.Cell(h.PartialSumY, SubsetSumCells) - sum.Cell(h.PartialSumY, SubsetSumCells - 1)) * secondInput, everyInput);
        EcPoint shift = ConstantPoints.ShiftPoint;
        sum.Add(sum.Cell(h.PartialSumX) - shift.X, sum.Every(hashPeriod));
        sum.Add(sum.Cell(h.PartialSumY) - shift.Y, sum.Every(hashPeriod));
    }
}
