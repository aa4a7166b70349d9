using System.Numerics;
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
    private static readonly Felt Two = Felt.FromUInt64(2);
    private static readonly Felt Eight = Felt.FromUInt64(8);
    private static readonly Felt TwoTo191 = Felt.FromBigInteger(BigInteger.One << 191);
    private static readonly Felt TwoTo54 = Felt.FromUInt64(1UL << 54);

    /// <summary>Adds the builtin's constraints in Stone's order: each hash's 20, then the memory cells'.</summary>
    public static void Add(StoneConstraintSum sum, PedersenColumns c)
    {
        Felt pointsX = PedersenPoints.X.Evaluate(sum, c.Hashes[0].Selector.Step);
        Felt pointsY = PedersenPoints.Y.Evaluate(sum, c.Hashes[0].Selector.Step);
        foreach (PedersenHashColumns hash in c.Hashes) AddHash(sum, hash, pointsX, pointsY);

        int instance = c.Input0Value.Step;
        Felt everyInstance = sum.Every(instance);
        int repetitions = c.Hashes.Count;
        Felt everyBlock = sum.Every((long)instance * repetitions);
        Felt initialAddr = sum.Input.PublicInput.Segment("pedersen").BeginAddr;
        Felt Selector(int r, int cell) => sum.Cell(c.Hashes[r].Selector, cell);
        Felt X(int r, int cell) => sum.Cell(c.Hashes[r].PartialSumX, cell);

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

    private static void AddHash(StoneConstraintSum sum, PedersenHashColumns h, Felt pointsX, Felt pointsY)
    {
        int cell = h.Selector.Step;
        int input = cell * SubsetSumCells;
        Felt everyCell = sum.Every(cell);
        Felt everyInput = sum.Every(input);
        Felt lastCellOfInput = sum.Rows(input, (SubsetSumCells - 1) * cell);
        Felt s(int i) => sum.Cell(h.Selector, i);
        Felt prod192 = sum.Cell(h.ProdOnes192), prod196 = sum.Cell(h.ProdOnes196);

        // bit_unpacking: bit 251 = 0 when prod192 ≠ 0; bits 192 … 250 then hold the cumulative products.
        sum.Add(prod192 * (s(0) - Two * s(1)), everyInput);
        sum.Add(prod192 * (s(1) - TwoTo191 * s(192)), everyInput);
        sum.Add(prod192 - prod196 * (s(192) - Two * s(193)), everyInput);
        sum.Add(prod196 * (s(193) - Eight * s(196)), everyInput);
        sum.Add(prod196 - (s(251) - Two * s(252)) * (s(196) - Two * s(197)), everyInput);
        sum.Add((s(251) - Two * s(252)) * (s(197) - TwoTo54 * s(251)), everyInput);

        // ec_subset_sum: bit = s_i − 2 s_(i+1) is a bit; after 252 bits the selector is 0 (and stays 0);
        // the running point Q adds the constant point P_i when the bit is set, else is copied.
        Felt bit = s(0) - Two * s(1);
        Felt notBit = Felt.One - bit;
        Felt x0 = sum.Cell(h.PartialSumX), y0 = sum.Cell(h.PartialSumY);
        Felt x1 = sum.Cell(h.PartialSumX, 1), y1 = sum.Cell(h.PartialSumY, 1);
        Felt slope = sum.Cell(h.Slope);
        sum.Add(bit * (bit - Felt.One) * lastCellOfInput, everyCell);
        sum.Add(s(0), sum.Rows(input, 252 * cell));
        sum.Add(s(0), lastCellOfInput);
        sum.Add((bit * (y0 - pointsY) - slope * (x0 - pointsX)) * lastCellOfInput, everyCell);
        sum.Add((slope * slope - bit * (x0 + pointsX + x1)) * lastCellOfInput, everyCell);
        sum.Add((bit * (y0 + y1) - slope * (x0 - x1)) * lastCellOfInput, everyCell);
        sum.Add(notBit * (x1 - x0) * lastCellOfInput, everyCell);
        sum.Add(notBit * (y1 - y0) * lastCellOfInput, everyCell);

        // the second input continues from the first's point; each hash starts at the shift point P0.
        int hashPeriod = 2 * input;
        Felt secondInput = sum.Rows(hashPeriod, input);
        sum.Add((sum.Cell(h.PartialSumX, SubsetSumCells) - sum.Cell(h.PartialSumX, SubsetSumCells - 1)) * secondInput, everyInput);
        sum.Add((sum.Cell(h.PartialSumY, SubsetSumCells) - sum.Cell(h.PartialSumY, SubsetSumCells - 1)) * secondInput, everyInput);
        EcPoint shift = ConstantPoints.ShiftPoint;
        sum.Add(x0 - shift.X, sum.Every(hashPeriod));
        sum.Add(y0 - shift.Y, sum.Every(hashPeriod));
    }
}
