using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The Poseidon builtin's cells (Stone's <c>PoseidonBuiltinProverContext::WriteTrace</c> over
/// <c>PoseidonComponent::WriteTrace</c>): instance i reads lanes s0, s1, s2 at begin + 6i … and writes the Hades
/// permutation's output after them; lane k's memory view holds the input at cell 2i and the output at cell 2i + 1.
/// </summary>
/// <remarks>
/// The rounds as Stone stores them, with state += round key before each round's S-box:
/// <list type="bullet">
/// <item>full rounds 0–3 and 4–7 (after the partial rounds): every lane's keyed state and its square, at cells
/// 8i + r and 8i + 4 + r of the full-round columns;</item>
/// <item>partial rounds: the third lane's keyed state and its square, split over parts (64 and 22 rounds in every
/// published layout) whose capacities are the next powers of two; part p + 1's first 3 cells repeat part p's last 3.</item>
/// </list>
/// An unused instance permutes (0, 0, 0).
/// </remarks>
internal static class PoseidonBuiltinTrace
{
    private const int Lanes = PoseidonHash.Width;
    private const int HalfFull = PoseidonHash.FullRounds / 2;

    /// <summary>Writes every instance of the builtin whose segment starts at <paramref name="begin"/>.</summary>
    public static void Write(BuiltinCellWriter w, PoseidonColumns c, ulong begin)
    {
        int instances = w.Table.Size(c.ParamAddr[0]) / 2;
        BuiltinInstances.ForEach(instances, i =>
        {
            Span<Felt> state = stackalloc Felt[Lanes];
            ulong address = begin + 2UL * Lanes * (ulong)i;
            if (!w.TryReadAll(address, state)) state.Clear();
            for (int lane = 0; lane < Lanes; lane++) w.WriteMemory(c.ParamAddr[lane], c.ParamValue[lane], 2 * i, address + (ulong)lane, state[lane]);
            WritePermutation(w.Table, c, i, state);
            for (int lane = 0; lane < Lanes; lane++)
                w.WriteMemory(c.ParamAddr[lane], c.ParamValue[lane], 2 * i + 1, address + Lanes + (ulong)lane, state[lane]);
        });
    }

    /// <summary>Permutes <paramref name="state"/> in place, writing instance <paramref name="instance"/>'s round cells.</summary>
    private static void WritePermutation(StoneTraceTable t, PoseidonColumns c, int instance, Span<Felt> state)
    {
        int fullCapacity = PoseidonHash.FullRounds;
        int key = 0;
        for (int round = 0; round < HalfFull; round++, key++)
            FullRound(t, c, state, key, fullCapacity * instance + round);

        int[] partition = c.PartialRoundsPartition;
        Span<Felt> keyed = stackalloc Felt[Lanes];
        for (int part = 0; part < partition.Length; part++)
        {
            int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)partition[part]);
            for (int round = part == 0 ? 0 : Lanes; round < partition[part]; round++, key++)
            {
                for (int lane = 0; lane < Lanes; lane++) keyed[lane] = state[lane] + PoseidonHash.RoundConstant(key, lane);
                Felt last = keyed[Lanes - 1], squared = last * last;
                t[c.PartialState[part], round + capacity * instance] = last;
                t[c.PartialStateSquared[part], round + capacity * instance] = squared;
                // The last 3 rounds of a part open the next one.
                if (part < partition.Length - 1 && round >= partition[part] - Lanes)
                {
                    int next = (int)BitOperations.RoundUpToPowerOf2((uint)partition[part + 1]);
                    int index = round - partition[part] + Lanes;
                    t[c.PartialState[part + 1], index + next * instance] = last;
                    t[c.PartialStateSquared[part + 1], index + next * instance] = squared;
                }
                keyed[Lanes - 1] = last * squared;
                Mix(keyed, state);
            }
        }

        for (int round = 0; round < HalfFull; round++, key++)
            FullRound(t, c, state, key, fullCapacity * instance + HalfFull + round);
    }

    private static void FullRound(StoneTraceTable t, PoseidonColumns c, Span<Felt> state, int key, int cell)
    {
        Span<Felt> cubes = stackalloc Felt[Lanes];
        for (int lane = 0; lane < Lanes; lane++)
        {
            Felt s = state[lane] + PoseidonHash.RoundConstant(key, lane), squared = s * s;
            t[c.FullState[lane], cell] = s;
            t[c.FullStateSquared[lane], cell] = squared;
            cubes[lane] = s * squared;
        }
        Mix(cubes, state);
    }

    /// <summary>The MDS matrix [[3, 1, 1], [1, −1, 1], [1, 1, −2]] on x into y, as t + 2x0, t − 2x1, t − 3x2 with t = Σx.</summary>
    private static void Mix(ReadOnlySpan<Felt> x, Span<Felt> y)
    {
        Felt total = x[0] + x[1] + x[2];
        Felt x0 = x[0], x1 = x[1], x2 = x[2];
        y[0] = total + x0 + x0;
        y[1] = total - x1 - x1;
        y[2] = total - x2 - x2 - x2;
    }
}
