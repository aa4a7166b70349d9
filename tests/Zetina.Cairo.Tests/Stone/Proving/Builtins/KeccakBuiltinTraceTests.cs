using System.Numerics;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

/// <summary>
/// One keccak component instance (16 invocations, 2^19 rows: the smallest starknet_with_keccak trace that holds one),
/// invocations 0 and 5 used, the rest Stone's all-zero dummy. The constraints are checked on the cells of bit 0 and bit
/// 63 of every lane and round (the rotations wrap there) — the whole instance would take minutes.
/// </summary>
public sealed class KeccakBuiltinTraceTests
{
    private const int Rows = 1 << 19;
    private const int BitRows = 1024 * 8;                  // the rows of one bit of every lane, round and stream
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("keccak");
    private static readonly StarknetWithKeccakLayout Layout = StarknetWithKeccakLayout.Instance;
    private static readonly KeccakColumns C = Layout.BuiltinColumns.Keccak!;

    private static (StoneTraceTable, Zetina.Cairo.Run.CairoRun, Dictionary<int, BigInteger[]>) Build(int seed, BigInteger? tooLarge = null)
    {
        var random = new Random(seed);
        var fixture = new BuiltinTraceFixture();
        var inputs = new Dictionary<int, BigInteger[]>();
        foreach (int v in new[] { 0, 5 })
        {
            // Full 200-bit words (the top bit set in the first), so every bit of the state is exercised.
            var words = new BigInteger[8];
            for (int k = 0; k < 8; k++) words[k] = RandomBits(random, 200) | (k == 0 ? BigInteger.One << 199 : 0);
            if (tooLarge is { } big && v == 5) words[3] = big;
            inputs[v] = words;
            for (int k = 0; k < 8; k++) fixture.Write(Begin + 16UL * (ulong)v + (ulong)k, Felt.FromBigInteger(words[k]));
        }
        var run = fixture.Run(Layout, Rows);
        return (BuiltinTraceFixture.Table(Layout, Rows), run, inputs);
    }

    private static ComponentOnlyLayout Checker(Zetina.Cairo.Run.CairoRun run) =>
        ComponentOnlyLayout.Of(Layout, run.PublicInput, (sum, _) => KeccakBuiltinComponent.Add(sum, C));

    private static void Write(StoneTraceTable table, Zetina.Cairo.Run.CairoRun run) =>
        KeccakBuiltinTrace.Write(new BuiltinCellWriter(table, run.Memory), C, new DilutedPoolTrace(table, Layout.BuiltinColumns.Diluted!), Begin);

    [Fact]
    public void Used_and_unused_invocations_satisfy_the_keccak_constraints_and_hold_the_vm_permutation()
    {
        var (table, run, inputs) = Build(20261207);
        Write(table, run);
        ComponentOnlyLayout checker = Checker(run);

        Assert.Null(checker.Check(table, run.PublicInput, 0, BitRows));
        Assert.Null(checker.Check(table, run.PublicInput, Rows - BitRows, BitRows));
        for (int v = 0; v < 16; v++)
        {
            BigInteger[] words = inputs.TryGetValue(v, out BigInteger[]? used) ? used : new BigInteger[8];
            BigInteger[] expected = VmPermutation(words);
            for (int k = 0; k < 16; k++)
            {
                Assert.Equal(Felt.FromUInt64(Begin + 16UL * (ulong)v + (ulong)k), table[C.InputOutputAddr, 16 * v + k]);
                Assert.Equal(Felt.FromBigInteger(k < 8 ? words[k] : expected[k - 8]), table[C.InputOutputValue, 16 * v + k]);
            }
        }
        // Keccak-f[1600] of the all-zero state begins with lane 0xF1258F7940E1DDE7 (XKCP's KeccakF-1600 test values).
        Assert.Equal(0xF1258F7940E1DDE7UL, (ulong)(table[C.InputOutputValue, 16 * 1 + 8].ToBigInteger() & ulong.MaxValue));
    }

    [Fact]
    public void Fill_puts_the_keccak_cells_in_the_diluted_pool_and_the_diluted_check_holds()
    {
        var (table, run, _) = Build(11);
        StoneBuiltinTraces.Fill(table, Layout, run);
        DilutedCheckColumns d = Layout.BuiltinColumns.Diluted!;
        var interaction = new StoneTraceTable(Layout.InteractionColumns, Rows, Layout.TraceColumns);
        Felt[] elements = [.. Enumerable.Range(0, 6).Select(k => Felt.Parse("0x5fa797b4769d4ce888213fc16d442d29c3215163bf0117a1cacc08ce5f7" + (100 + k)))];
        StoneBuiltinTraces.FillInteraction(interaction, table, Layout, elements);
        var checker = ComponentOnlyLayout.Of(Layout, run.PublicInput, (sum, e) =>
        {
            DilutedCheckComponent.Add(sum, d, permutationZ: e[3], z: e[4], alpha: e[5], spacing: 4, bits: 16);
            KeccakBuiltinComponent.Add(sum, C);
        });

        Assert.Null(checker.Check(table, run.PublicInput, 0, 2048, interaction, elements));
        Assert.Null(checker.Check(table, run.PublicInput, Rows - 2048, 2048, interaction, elements));
        Assert.Equal(Felt.One, interaction[d.CumulativeProduct, Rows - 1]);
        // Slot 25 of the state is no keccak cell: the pool's finalization filled it with a missing diluted value.
        Assert.NotEqual(Felt.Zero, table[C.State, 25 + 32 * 24 + 1024 * 63]);
    }

    [Fact]
    public void A_changed_state_cell_is_named_by_its_row()
    {
        var (table, run, _) = Build(7);
        Write(table, run);
        int cell = 5 + 32 * 3;                             // round 5, lane (0, 3), bit 0
        table[C.State, cell] += Felt.One;

        StoneTraceChecker.Violation? v = Checker(run).Check(table, run.PublicInput, 0, BitRows);

        Assert.NotNull(v);
        // The first constraint that reads it: round 4's χ of lane (0, 3), which spells it, based at its row's lane 0
        // (cell 4, 8 rows a cell); else one of round 5's that reads it, no later than the cell itself.
        Assert.InRange(v.Value.Row, 8L * 4, 8L * cell + 7);
    }

    [Fact]
    public void An_input_of_2_to_the_200_is_refused_naming_the_invocation()
    {
        var (table, run, _) = Build(3, tooLarge: BigInteger.One << 200);

        var e = Assert.Throws<StoneBuiltinInputException>(() => Write(table, run));

        Assert.Contains("keccak invocation 5", e.Message);
    }

    /// <summary>The VM's Keccak-f[1600] of the 8 little-endian 200-bit words, as 8 words.</summary>
    private static BigInteger[] VmPermutation(BigInteger[] words)
    {
        var state = new byte[200];
        for (int k = 0; k < 8; k++) words[k].ToByteArray(isUnsigned: true).CopyTo(state, 25 * k);
        CryptoPrimitives.KeccakF1600(state);
        var output = new BigInteger[8];
        for (int k = 0; k < 8; k++) output[k] = new BigInteger(state.AsSpan(25 * k, 25), isUnsigned: true);
        return output;
    }

    private static BigInteger RandomBits(Random random, int bits)
    {
        byte[] bytes = new byte[(bits + 7) / 8 + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        return new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1);
    }
}
