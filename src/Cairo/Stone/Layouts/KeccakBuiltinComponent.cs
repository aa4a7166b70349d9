using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The Keccak builtin: Keccak-f[1600] (FIPS 202 §3.3) of each invocation's 8 input words (200 bits each) gives its
/// 8 output words. 16 invocations run side by side in the diluted form, one bit of each per nibble, so one field
/// element holds bit k of a lane for all 16 and θ, χ are additions whose carries stay inside the nibbles
/// (Stone's <c>keccak/*</c>, <c>src/starkware/air/components/keccak</c> and <c>…/parse_to_diluted</c>; every
/// diluted cell is also in the diluted pool, which is what keeps each nibble's value in {0, 1}).
/// </summary>
/// <remarks>
/// Cell geometry and the sets each constraint holds on: <see cref="KeccakColumns"/>, <see cref="KeccakCells"/>.
/// Rounds are slots 0 … 23 of a 32-slot period; a constraint that reads another bit (ρ, the θ rotation) is split
/// where the bit index wraps, each part based at its own first bit, as Stone splits it.
/// </remarks>
internal static class KeccakBuiltinComponent
{
    private const int Rounds = 24;
    private const int RoundSlots = 32;
    private const int Invocations = 16;
    private const int WordsPerCopy = 8;
    private const int BitsPerWord = 200;
    private const int LaneBits = 64;
    private const int Lanes = 25;
    private const int Copies = 2;                        // the input and the output
    private const int InputOutputWords = Copies * WordsPerCopy;
    private static readonly Felt Two = Felt.FromUInt64(2);
    private static readonly Felt Four = Felt.FromUInt64(4);
    private static readonly Felt Sixteen = Felt.FromUInt64(16);
    private static readonly Felt WordShift = Felt.FromBigInteger(BigInteger.One << BitsPerWord);

    /// <summary>The diluted all-ones: bit 0 of every invocation's nibble (the NOT of χ is ones − a).</summary>
    private static readonly Felt DilutedOnes = Felt.FromUInt64(0x1111111111111111UL);

    private static readonly int[] s_rho = RhoOffsets();
    private static readonly Lazy<StonePeriodicColumn[]> s_roundKeys = new(RoundKeyColumns);

    /// <summary>ρ's rotation of lane (i = y, j = x), 0 … 63 (the prover's trace writer shares it).</summary>
    public static int Rho(int i, int j) => s_rho[5 * i + j];

    /// <summary>Bit 2^m − 1 (m = 0 … 6) of ι's round constant RC[round]: FIPS 202 Algorithm 6's rc(m + 7·round).</summary>
    public static bool RoundKeyBit(int round, int m) => Rc(m + 7 * round);

    /// <summary>Adds the builtin's 149 constraints in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, KeccakColumns c) where T : struct, IConstraintValue<T>
    {
        var cells = new KeccakCellDomains<T>(sum);
        int ioStep = c.InputOutputAddr.Step;

        // Memory: consecutive addresses from the segment's start.
        sum.Add(sum.Cell(c.InputOutputAddr) - (Felt)sum.PublicInput.Segment("keccak").BeginAddr, sum.Row(0));
        sum.Add((sum.Cell(c.InputOutputAddr, 1) - (sum.Cell(c.InputOutputAddr) + Felt.One)) * sum.Row(-ioStep), sum.Every(ioStep));

        AddParseToDiluted(sum, c, cells, ioStep);
        AddTheta(sum, c, cells);
        AddChiIota(sum, c, cells);
    }

    /// <summary>
    /// The memory words, regrouped, equal the cumulative sums' words; the cumulative sums step down one bit at a
    /// time (each step's new bit a bit, each invocation's over the previous one's in base 16), and the last
    /// invocation's steps are the diluted input (round 0) and output (slot 24) of the state.
    /// </summary>
    private static void AddParseToDiluted<T>(StoneConstraintSum<T> sum, KeccakColumns c, KeccakCellDomains<T> cells, int ioStep) where T : struct, IConstraintValue<T>
    {
        int invocationRows = InputOutputWords * ioStep;
        for (int copy = 0; copy < Copies; copy++)
            for (int word = 0; word < WordsPerCopy; word++)
            {
                int m = copy * WordsPerCopy + word;
                sum.Add(sum.Cell(c.InputOutputValue, m) - sum.Cell(c.ReshapedIntermediate, m), sum.Every(invocationRows));
            }

        T firstRows = Felt.One;
        for (int r = 0; r < InputOutputWords; r++) firstRows *= sum.Rows((long)KeccakCells.PerInstance * KeccakCells.Rows, r);
        for (int v = 0; v < Invocations; v++)
            sum.Add(sum.Cell(c.ReshapedIntermediate, v * invocationRows) - sum.Cell(c.FinalReshapedInput, v * InputOutputWords), firstRows);

        // Copy r of invocation v is "stream" r + 2v; streams 0 … 31, the last invocation's are 30 and 31.
        int streams = Copies * Invocations;
        int[] allStreams = Range(0, streams);
        int[] firstInvocation = Range(0, Copies);
        int[] notLastInvocation = Range(0, streams - Copies);
        cells.Add(sum.Cell(c.CumulativeSum, BitCell(Lanes * LaneBits)), new KeccakCellBlock(allStreams, 1));

        T Word(int stream, int word) =>
            sum.Cell(c.CumulativeSum, stream + BitCell(word * BitsPerWord))
            - WordShift * sum.Cell(c.CumulativeSum, stream + BitCell((word + 1) * BitsPerWord));
        for (int word = 0; word < WordsPerCopy; word++)
        {
            cells.Add(sum.Cell(c.FinalReshapedInput, word) - Word(0, word), new KeccakCellBlock(firstInvocation, 1));
            cells.Add(sum.Cell(c.FinalReshapedInput, word + InputOutputWords) + Sixteen * Word(0, word) - Word(Copies, word),
                new KeccakCellBlock(notLastInvocation, 1));
        }

        // Bit 63 of a lane steps to bit 0 of the next lane (cell +32·2016 and +32 from the lane's bit 0) …
        T LastBit(int stream) =>
            sum.Cell(c.CumulativeSum, stream + BitCell(LaneBits - 1)) - Two * sum.Cell(c.CumulativeSum, stream + BitCell(LaneBits));
        AddBitSteps(sum, c, cells, LastBit, lanes: Lanes, bits: 1, stateCell: BitCell(LaneBits - 1), streams);
        // … every other bit to the next bit of the same lane (cell +1024), over 26 lanes (the 26th is the zero margin).
        T NextBit(int stream) =>
            sum.Cell(c.CumulativeSum, stream) - Two * sum.Cell(c.CumulativeSum, stream + KeccakCells.BitStride);
        AddBitSteps(sum, c, cells, NextBit, lanes: Lanes + 1, bits: LaneBits - 1, stateCell: 0, streams);
    }

    /// <summary>
    /// The step of one bit: for the first invocation a bit, for each next one a bit over 16 × the previous, for the
    /// last invocation of each copy the state's diluted bit (input at round 0, output at slot 24).
    /// </summary>
    private static void AddBitSteps<T>(StoneConstraintSum<T> sum, KeccakColumns c, KeccakCellDomains<T> cells, Func<int, T> step,
        int lanes, int bits, int stateCell, int streams) where T : struct, IConstraintValue<T>
    {
        ulong bitSet = KeccakCells.BitRange(0, bits);
        int[] laneStarts = new int[lanes];
        for (int w = 0; w < lanes; w++) laneStarts[w] = w * RoundSlots;
        int[] stateLanes = laneStarts[..Lanes];

        T first = step(0);
        cells.Add(first * first - first, new KeccakCellBlock(Offsets(laneStarts, Range(0, Copies)), bitSet));
        T next = step(Copies) - Sixteen * step(0);
        cells.Add(next * next - next, new KeccakCellBlock(Offsets(laneStarts, Range(0, streams - Copies)), bitSet));
        cells.Add(step(streams - Copies) - sum.Cell(c.State, stateCell), new KeccakCellBlock(stateLanes, bitSet));
        cells.Add(step(streams - 1) - sum.Cell(c.State, stateCell + Rounds), new KeccakCellBlock(stateLanes, bitSet));
    }

    /// <summary>
    /// θ, ρ, π: each column's sum Σ_i a(i, j) is spelled by its bits 0, 1, 2 (bit 0 the parity C[j]); the parity
    /// rotated by one bit is its own column; then a(i, j) + C[j − 1] + rot(C[j + 1], 1) = after + 2·carry, "after" at
    /// lane π(i, j) = (3i + 2j mod 5, i) and bit k + ρ(i, j) — FIPS 202 §3.2.1–3.2.3 in the diluted form.
    /// </summary>
    private static void AddTheta<T>(StoneConstraintSum<T> sum, KeccakColumns c, KeccakCellDomains<T> cells) where T : struct, IConstraintValue<T>
    {
        int[] rounds = Range(0, Rounds);
        var everyBit = new KeccakCellBlock(rounds, KeccakCells.AllBits);
        for (int j = 0; j < 5; j++)
        {
            T columnSum = Felt.Zero;
            for (int i = 0; i < 5; i++) columnSum += sum.Cell(c.State, LaneCell(i, j));
            T spelled = sum.Cell(c.Parity[0][j]) + Two * sum.Cell(c.Parity[1][j]) + Four * sum.Cell(c.Parity[2][j]);
            cells.Add(columnSum - spelled, everyBit);
        }

        // R[j] at bit 0 is the parity's bit 63 (based at bit 0); at bit k + 1 its bit k (based at the parity's bit).
        int lastBit = (LaneBits - 1) * KeccakCells.BitStride;
        for (int j = 0; j < 5; j++)
        {
            cells.Add(sum.Cell(c.RotatedParity[j]) - sum.Cell(c.Parity[0][j], lastBit), new KeccakCellBlock(rounds, 1));
            cells.Add(sum.Cell(c.RotatedParity[j], KeccakCells.BitStride) - sum.Cell(c.Parity[0][j]),
                new KeccakCellBlock(rounds, KeccakCells.BitRange(0, LaneBits - 1)));
        }

        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                int rho = s_rho[5 * i + j];
                int targetI = (3 * i + 2 * j) % 5, targetJ = i;
                StoneVirtualColumn[] carry = c.ThetaAux[targetI][targetJ];
                int groupRounds = Rounds / carry.Length;
                // Bits k < 64 − ρ land on k + ρ (based at the source bit); the others wrap to k + ρ − 64 (based
                // at the target bit).
                AddThetaPart(sum, c, cells, i, j, targetI, targetJ, carry, groupRounds, sourceBit: 0, targetBit: rho, bits: LaneBits - rho);
                if (rho != 0)
                    AddThetaPart(sum, c, cells, i, j, targetI, targetJ, carry, groupRounds, sourceBit: LaneBits - rho, targetBit: 0, bits: rho);
            }
    }

    private static void AddThetaPart<T>(StoneConstraintSum<T> sum, KeccakColumns c, KeccakCellDomains<T> cells, int i, int j, int targetI, int targetJ,
        StoneVirtualColumn[] carry, int groupRounds, int sourceBit, int targetBit, int bits) where T : struct, IConstraintValue<T>
    {
        var block = new KeccakCellBlock(Range(0, groupRounds), KeccakCells.BitRange(0, bits));
        for (int part = 0; part < carry.Length; part++)
        {
            int round = part * groupRounds;
            int source = round + sourceBit * KeccakCells.BitStride;
            int target = round + targetBit * KeccakCells.BitStride;
            T value = sum.Cell(c.State, source + LaneCell(i, j))
                + sum.Cell(c.Parity[0][(j + 4) % 5], source) + sum.Cell(c.RotatedParity[(j + 1) % 5], source);
            T spelled = sum.Cell(c.AfterThetaRhoPi, target + LaneCell(targetI, targetJ))
                + Two * sum.Cell(carry[part], targetBit * KeccakCells.BitStride);
            cells.Add(value - spelled, block);
        }
    }

    /// <summary>
    /// χ and ι: 2a + (1 − b) + c (+ 2·RC bit on lane (0, 0)) = aux0 + 2·next + 4·aux2, with a, b, c the lanes j, j + 1,
    /// j + 2 of a row after π: bit 1 of the sum is a ⊕ (¬b ∧ c) ⊕ RC (FIPS 202 §3.2.4–3.2.5). RC has bits only at
    /// 2^m − 1; those seven bits of lane (0, 0) carry the round-key column, the rest of the lanes none.
    /// </summary>
    private static void AddChiIota<T>(StoneConstraintSum<T> sum, KeccakColumns c, KeccakCellDomains<T> cells) where T : struct, IConstraintValue<T>
    {
        int[] rounds = Range(0, Rounds);
        // χ of the lane a at cell `lane` (lane index j in its row), its row's lane 0 at cell `rowStart`.
        T Chi(int lane, int j, int rowStart)
        {
            T a = sum.Cell(c.AfterThetaRhoPi, lane);
            T b = sum.Cell(c.AfterThetaRhoPi, rowStart + LaneCell(0, (j + 1) % 5));
            T d = sum.Cell(c.AfterThetaRhoPi, rowStart + LaneCell(0, (j + 2) % 5));
            T spelled = sum.Cell(c.ChiIotaAux0, lane) + Two * sum.Cell(c.State, lane + 1) + Four * sum.Cell(c.ChiIotaAux2, lane);
            return Two * a + (DilutedOnes - b) + d - spelled;
        }

        ulong keyBits = 0;
        for (int m = 0; m < 7; m++)
        {
            int bit = (1 << m) - 1;
            keyBits |= 1UL << bit;
            int cell = bit * KeccakCells.BitStride;
            T key = s_roundKeys.Value[m].Evaluate(sum, KeccakCells.Rows);
            cells.Add(key + Chi(cell, 0, cell), new KeccakCellBlock(rounds, 1));
        }

        // Lanes j = 0, 1, 2 of each row (b, c without wrapping); lane (0, 0)'s round-key bits are above.
        var plain = new List<int>();
        var laneZero = new List<int>();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++)
                foreach (int t in rounds) (i == 0 && j == 0 ? laneZero : plain).Add(t + LaneCell(i, j));
        cells.Add(Chi(0, 0, 0), new KeccakCellBlock([.. plain], KeccakCells.AllBits), new KeccakCellBlock([.. laneZero], ~keyBits));

        // Lanes 4 and 3, based at lane 0 of the row so that j + 1, j + 2 wrap to lanes 0 and 1.
        var rowStarts = new List<int>();
        for (int i = 0; i < 5; i++) foreach (int t in rounds) rowStarts.Add(t + LaneCell(i, 0));
        cells.Add(Chi(LaneCell(0, 4), 4, 0), new KeccakCellBlock([.. rowStarts], KeccakCells.AllBits));
        cells.Add(Chi(LaneCell(0, 3), 3, 0), new KeccakCellBlock([.. rowStarts], KeccakCells.AllBits));
    }

    /// <summary>Cell of lane (i, j) bit 0 round 0: 32·(j + 5i).</summary>
    private static int LaneCell(int i, int j) => RoundSlots * (j + 5 * i);

    /// <summary>
    /// The cell of bit b of the 1600 (lane w = b / 64, bit k = b mod 64): 32·(w + 32k), round slot 0 in the state,
    /// stream 0 in the cumulative sums (both keep 32 cells per lane bit).
    /// </summary>
    private static int BitCell(int bit) => RoundSlots * (bit / LaneBits + RoundSlots * (bit % LaneBits));

    private static int[] Range(int start, int count) => [.. Enumerable.Range(start, count)];

    private static int[] Offsets(int[] bases, int[] offsets)
    {
        var all = new int[bases.Length * offsets.Length];
        int n = 0;
        foreach (int b in bases) foreach (int o in offsets) all[n++] = b + o;
        return all;
    }

    /// <summary>ρ's rotation of lane (i = y, j = x), FIPS 202 Algorithm 2: (t + 1)(t + 2)/2 mod 64 along (x, y) → (y, 2x + 3y).</summary>
    private static int[] RhoOffsets()
    {
        var offsets = new int[Lanes];
        int x = 1, y = 0;
        for (int t = 0; t < 24; t++)
        {
            offsets[5 * y + x] = (t + 1) * (t + 2) / 2 % LaneBits;
            (x, y) = (y, (2 * x + 3 * y) % 5);
        }
        return offsets;
    }

    /// <summary>
    /// ι's round keys as seven periodic columns (bit 2^m − 1 of RC[round], m = 0 … 6): 2·ones where set, 0 else, 32
    /// slots per period. RC's bits are FIPS 202 Algorithm 5's rc(m + 7·round); slots 24 … 31 are never constrained
    /// but Stone fills them by running the same sequence on (rounds 24 … 31 of Keccak-p with more rounds), and the
    /// interpolated column depends on every slot, so they are filled the same way.
    /// </summary>
    private static StonePeriodicColumn[] RoundKeyColumns()
    {
        var columns = new StonePeriodicColumn[7];
        for (int m = 0; m < 7; m++)
        {
            var values = new Felt[RoundSlots];
            for (int round = 0; round < RoundSlots; round++)
                values[round] = Rc(m + 7 * round) ? Two * DilutedOnes : Felt.Zero;
            columns[m] = new StonePeriodicColumn(values);
        }
        return columns;
    }

    /// <summary>FIPS 202 Algorithm 5: the output bit of the degree-8 LFSR x^8 + x^6 + x^5 + x^4 + 1 after t steps.</summary>
    private static bool Rc(int t)
    {
        int r = 1;
        for (int i = 0; i < t % 255; i++)
        {
            r <<= 1;
            if ((r & 0x100) != 0) r ^= 0x171;
        }
        return (r & 1) != 0;
    }
}
