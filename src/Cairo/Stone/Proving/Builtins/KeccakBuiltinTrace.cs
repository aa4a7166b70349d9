using System.Buffers.Binary;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The keccak builtin's cells (Stone's <c>KeccakBuiltinProverContext::WriteTrace</c>, <c>cpu/builtin/keccak</c>, over
/// <c>KeccakComponent::WriteTrace</c>, <c>components/keccak/keccak.inl</c>, and
/// <c>ParseToDilutedComponent::WriteTrace</c>, <c>components/parse_to_diluted/parse_to_diluted.inl</c>): invocation v
/// of component instance i reads the 8 words of 200 bits at begin + 16(16i + v) and writes the Keccak-f[1600]
/// permutation's 8 words after them; the 16 invocations of an instance run side by side in the diluted form.
/// </summary>
/// <remarks>
/// The 1600-bit state is the little-endian number of its 200 bytes (word w is bytes 25w … 25w + 24, lane (i, j) bits
/// 64(j + 5i) …). Per instance, with cells as <see cref="KeccakColumns"/> numbers them:
/// <list type="bullet">
/// <item>memory: the 16 words of each invocation (input, output) at consecutive addresses;</item>
/// <item>parse to diluted: the words again, per invocation (reshaped intermediate) and per instance (final reshaped
/// input); for each copy (input, output) and invocation v the cumulative sums of the bits from bit 1599 down,
/// plus 16 × invocation v − 1's at the same bit (the margin lane 25 zero); invocation 15's steps spell the diluted
/// state (bit b of invocation v at bit 4(15 − v)), written at round slot 0 (input) and 24 (output) of the state;</item>
/// <item>24 rounds: parity bits 0, 1, 2 of each column sum and the rotated parity; the θ sum's bit 0 (after θ, ρ, π)
/// and bit 1 (θ aux, split by rounds 0–7, 8–15, 16–23 where the layout splits it); the χ/ι sum's bits 0, 1 (the
/// next round's state, slots 1 … 23), 2.</item>
/// </list>
/// Every diluted cell goes into the diluted pool; the rotated parity and parse-to-diluted cells are plain cells.
/// Slots 24 … 31 of the round columns are left to the pool's finalization, as in Stone. An unused invocation (one
/// the run did not give all 8 inputs) is Stone's dummy: the all-zero state, permuted like any other.
/// </remarks>
internal static class KeccakBuiltinTrace
{
    private const int Invocations = 16;                     // per component instance
    private const int Words = 8;                            // words of a state
    private const int WordBytes = 25;
    private const int StateBytes = Words * WordBytes;
    private const int StateBits = 8 * StateBytes;
    private const int IoWords = 2 * Words;                  // an invocation's input and output
    private const int Lanes = 25;
    private const int LaneBits = 64;
    private const int Rounds = 24;
    private const int RoundSlots = 32;
    private const int MarginLane = Lanes;                   // parse_to_diluted's extra lane, all zero
    private const int Period = LaneBits * RoundSlots;       // parse_to_diluted's cells per stream: capacities 64 × 32

    /// <summary>Bit 0 of every invocation's nibble: a diluted word's all-ones.</summary>
    private const ulong Ones = 0x1111_1111_1111_1111UL;

    private static readonly Felt Sixteen = Felt.FromUInt64(16);

    /// <summary>Writes every instance of the builtin whose segment starts at <paramref name="begin"/>.</summary>
    public static void Write(BuiltinCellWriter w, KeccakColumns c, DilutedPoolTrace pool, ulong begin)
    {
        int instances = w.Table.Size(c.InputOutputAddr) / (Invocations * IoWords);
        BuiltinInstances.ForEach(instances, i => WriteInstance(w, c, pool, begin, i));
    }

    private static void WriteInstance(BuiltinCellWriter w, KeccakColumns c, DilutedPoolTrace pool, ulong begin, int instance)
    {
        // lanes[copy][v]: invocation v's input (copy 0) or output (copy 1) lanes.
        var lanes = new ulong[2][][];
        lanes[0] = new ulong[Invocations][];
        lanes[1] = new ulong[Invocations][];
        Span<Felt> words = stackalloc Felt[Words];
        for (int v = 0; v < Invocations; v++)
        {
            int invocation = Invocations * instance + v;
            ulong address = begin + (ulong)(IoWords * invocation);
            ulong[] input = ReadInput(w, address, invocation);
            ulong[] permuted = (ulong[])input.Clone();
            Stark.Hashing.KeccakF1600.Permute(permuted);
            (lanes[0][v], lanes[1][v]) = (input, permuted);
            for (int copy = 0; copy < 2; copy++)
            {
                ToWords(lanes[copy][v], words);
                for (int word = 0; word < Words; word++)
                {
                    int k = Words * copy + word;
                    w.WriteMemory(c.InputOutputAddr, c.InputOutputValue, k + IoWords * invocation, address + (ulong)k, words[word]);
                    w.Table[c.ReshapedIntermediate, k + IoWords * Period * invocation] = words[word];
                    w.Table[c.FinalReshapedInput, k + IoWords * (v + Invocations * Period * instance)] = words[word];
                }
            }
        }

        for (int copy = 0; copy < 2; copy++) WriteCumulativeSums(w.Table, c, instance, copy, lanes[copy]);

        // The diluted state: bit k of lane w of invocation v at bit 4·(15 − v).
        var state = new ulong[Lanes * LaneBits];
        var output = new ulong[Lanes * LaneBits];
        Dilute(lanes[0], state);
        Dilute(lanes[1], output);
        for (int lane = 0; lane < Lanes; lane++)
            for (int k = 0; k < LaneBits; k++)
            {
                pool.Write(c.State, Cell(instance, 0, lane, k), state[LaneBits * lane + k]);
                pool.Write(c.State, Cell(instance, Rounds, lane, k), output[LaneBits * lane + k]);
            }

        for (int round = 0; round < Rounds; round++) WriteRound(w.Table, c, pool, instance, round, state);
        if (!state.AsSpan().SequenceEqual(output))
            throw new InvalidOperationException($"keccak instance {instance}: the diluted rounds do not end at the permutation's output");
    }

    /// <summary>Invocation <paramref name="invocation"/>'s 25 input lanes: its 8 words, or zeros when the run did not write them all.</summary>
    private static ulong[] ReadInput(BuiltinCellWriter w, ulong address, int invocation)
    {
        var lanes = new ulong[Lanes];
        Span<Felt> words = stackalloc Felt[Words];
        if (!w.TryReadAll(address, words)) return lanes;

        // Word w is the little-endian number of bytes 25w … 25w + 24 (Stone writes each word's 32 bytes at 25w).
        Span<byte> bytes = stackalloc byte[StateBytes];
        Span<byte> word = stackalloc byte[32];
        for (int k = 0; k < Words; k++)
        {
            words[k].WriteBytesLittleEndian(word);
            if (word[WordBytes..].ContainsAnyExcept((byte)0))
                throw new StoneBuiltinInputException($"keccak invocation {invocation} (address {address + (ulong)k}): inputs must be below 2^200");
            word[..WordBytes].CopyTo(bytes.Slice(WordBytes * k, WordBytes));
        }
        for (int lane = 0; lane < Lanes; lane++) lanes[lane] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8 * lane, 8));
        return lanes;
    }

    private static void ToWords(ulong[] lanes, Span<Felt> words)
    {
        Span<byte> bytes = stackalloc byte[StateBytes];
        Span<byte> word = stackalloc byte[32];
        for (int lane = 0; lane < Lanes; lane++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(8 * lane, 8), lanes[lane]);
        for (int k = 0; k < Words; k++)
        {
            word.Clear();
            bytes.Slice(WordBytes * k, WordBytes).CopyTo(word);
            words[k] = Felt.TryFromBytesLittleEndian(word, out Felt f) ? f : throw new InvalidOperationException("a 200-bit word is below p");
        }
    }

    /// <summary>
    /// The cumulative sums of one copy: for invocation v and bit b, s_v(b) = ⌊X_v / 2^b⌋ + 16·s_(v−1)(b), X_v the
    /// invocation's 1600-bit number, at cell copy + 2v + 32·(w + 32k) for b = 64w + k; the margin lane's cells 0.
    /// </summary>
    private static void WriteCumulativeSums(StoneTraceTable t, KeccakColumns c, int instance, int copy, ulong[][] lanes)
    {
        var previous = new Felt[StateBits];
        for (int v = 0; v < Invocations; v++)
        {
            int stream = copy + 2 * v + KeccakCells.PerInstance * instance;
            for (int k = 0; k < LaneBits; k++) t[c.CumulativeSum, stream + RoundSlots * (MarginLane + RoundSlots * k)] = Felt.Zero;
            Felt prefix = Felt.Zero;
            for (int b = StateBits - 1; b >= 0; b--)
            {
                int lane = b / LaneBits, k = b % LaneBits;
                // ⌊X / 2^b⌋ = 2·⌊X / 2^(b+1)⌋ + bit b.
                prefix = prefix + prefix + Felt.FromUInt64((lanes[v][lane] >> k) & 1);
                Felt value = prefix + Sixteen * previous[b];
                previous[b] = value;
                t[c.CumulativeSum, stream + RoundSlots * (lane + RoundSlots * k)] = value;
            }
        }
    }

    /// <summary>state[64w + k] = Σ_v bit k of lane w of invocation v, at bit 4·(15 − v).</summary>
    private static void Dilute(ulong[][] lanes, ulong[] state)
    {
        for (int lane = 0; lane < Lanes; lane++)
            for (int k = 0; k < LaneBits; k++)
            {
                ulong d = 0;
                for (int v = 0; v < Invocations; v++) d = (d << DilutedPoolTrace.Spacing) | ((lanes[v][lane] >> k) & 1);
                state[LaneBits * lane + k] = d;
            }
    }

    /// <summary>
    /// One round on the diluted <paramref name="state"/> (index 64(j + 5i) + k), in place: θ's parities, θ + ρ + π's
    /// sums, χ + ι's sums, each nibble's sum small enough (≤ 6) to stay in its nibble.
    /// </summary>
    private static void WriteRound(StoneTraceTable t, KeccakColumns c, DilutedPoolTrace pool, int instance, int round, ulong[] state)
    {
        // θ: C[j] = Σ_i a(i, j); its bits 0, 1, 2 and bit 0 rotated by one (R[j] at k + 1 is C[j] at k).
        var parity = new ulong[5 * LaneBits];
        for (int j = 0; j < 5; j++)
            for (int k = 0; k < LaneBits; k++)
            {
                ulong sum = 0;
                for (int i = 0; i < 5; i++) sum += state[Index(i, j, k)];
                parity[LaneBits * j + k] = sum & Ones;
                for (int b = 0; b < 3; b++) pool.Write(c.Parity[b][j], Cell(instance, round, 0, k), (sum >> b) & Ones);
                t[c.RotatedParity[j], Cell(instance, round, 0, (k + 1) % LaneBits)] = Felt.FromUInt64(sum & Ones);
            }

        // θ + ρ + π: a(i, j) + C[j − 1] + C[j + 1] rotated, whose bit 0 lands at lane (3i + 2j, i), bit k + ρ(i, j).
        var after = new ulong[Lanes * LaneBits];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                int pi = (3 * i + 2 * j) % 5, pj = i;
                StoneVirtualColumn[] carry = c.ThetaAux[pi][pj];
                int part = round / 8 % carry.Length;
                int partRound = round - 8 * part;
                int rho = KeccakBuiltinComponent.Rho(i, j);
                for (int k = 0; k < LaneBits; k++)
                {
                    ulong sum = state[Index(i, j, k)] + parity[LaneBits * ((j + 4) % 5) + k] + parity[LaneBits * ((j + 1) % 5) + (k + 63) % LaneBits];
                    int rk = (k + rho) % LaneBits;
                    after[Index(pi, pj, rk)] = sum & Ones;
                    pool.Write(c.AfterThetaRhoPi, Cell(instance, round, pj + 5 * pi, rk), sum & Ones);
                    pool.Write(carry[part], Cell(instance, partRound, 0, rk), (sum >> 1) & Ones);
                }
            }

        // χ + ι: 2a + ¬b + c (+ 2 on RC's bits of lane (0, 0)); bit 1 is a ⊕ (¬b ∧ c) ⊕ RC, the next state.
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                for (int k = 0; k < LaneBits; k++)
                {
                    ulong sum = 2 * after[Index(i, j, k)] + (Ones - after[Index(i, (j + 1) % 5, k)]) + after[Index(i, (j + 2) % 5, k)];
                    // k = 2^m − 1 exactly when k + 1 is a power of two.
                    if (i == 0 && j == 0 && (k & (k + 1)) == 0 && KeccakBuiltinComponent.RoundKeyBit(round, System.Numerics.BitOperations.Log2((uint)k + 1)))
                        sum += 2 * Ones;
                    state[Index(i, j, k)] = (sum >> 1) & Ones;
                    int lane = j + 5 * i;
                    pool.Write(c.ChiIotaAux0, Cell(instance, round, lane, k), sum & Ones);
                    if (round < Rounds - 1) pool.Write(c.State, Cell(instance, round + 1, lane, k), (sum >> 1) & Ones);
                    pool.Write(c.ChiIotaAux2, Cell(instance, round, lane, k), (sum >> 2) & Ones);
                }
    }

    /// <summary>Index of lane (i, j) bit k in a state array.</summary>
    private static int Index(int i, int j, int k) => LaneBits * (j + 5 * i) + k;

    /// <summary>The cell of round slot <paramref name="slot"/>, lane <paramref name="lane"/> = j + 5i, bit <paramref name="bit"/> of an instance.</summary>
    private static int Cell(int instance, int slot, int lane, int bit) =>
        KeccakCells.PerInstance * instance + slot + RoundSlots * lane + KeccakCells.BitStride * bit;
}
