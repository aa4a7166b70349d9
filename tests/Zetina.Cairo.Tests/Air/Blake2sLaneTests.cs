using Zetina.Cairo.Air.Opcodes;
using FeltValue = Zetina.Stark.Air.FeltValue;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The Blake2s lane on its own: filled instances satisfy every lane constraint on every row, the words written in
/// the output slot are BLAKE2s compressions (checked against <see cref="Blake2s256.Compress"/>), and forged words
/// fail the constraint that names them.
/// </summary>
public sealed class Blake2sLaneTests
{
    private const int Rows = 512;

    private static Blake2sOperation RandomOperation(Random rng, bool finalize, ulong basePointer)
    {
        var state = new uint[8];
        var message = new uint[16];
        for (int i = 0; i < 8; i++) state[i] = (uint)rng.NextInt64(0, 1L << 32);
        for (int i = 0; i < 16; i++) message[i] = (uint)rng.NextInt64(0, 1L << 32);
        return new Blake2sOperation(basePointer, basePointer + 8, basePointer + 40, basePointer + 24, (uint)rng.NextInt64(0, 1L << 32), finalize, state, message);
    }

    private static Blake2sOperation[] Operations()
    {
        var rng = new Random(20261206);
        return [RandomOperation(rng, false, 1000), RandomOperation(rng, true, 2000),
            new Blake2sOperation(3000, 3008, 3040, 3024, uint.MaxValue, true, Enumerable.Repeat(uint.MaxValue, 8).ToArray(), Enumerable.Repeat(uint.MaxValue, 16).ToArray())];
    }

    /// <summary>(row, constraint name) of every nonzero constraint on rows 0 … n − 2.</summary>
    internal static List<(int Row, string Name)> Failures(Felt[][] cols)
    {
        var names = new List<string>();
        Blake2sLane.AddConstraints(0, (name, _) => names.Add(name));
        int n = cols[0].Length, width = Blake2sLane.Width;
        var next = Blake2sLane.NextEntries;
        var at = Enumerable.Range(width, next.Count).ToArray();
        var frame = new Felt[width + next.Count];
        var periodic = new Felt[Blake2sLane.Periodic.Count];
        var result = new Felt[names.Count];
        var failures = new List<(int, string)>();
        for (int row = 0; row < n - 1; row++)
        {
            for (int j = 0; j < width; j++) frame[j] = cols[j][row];
            for (int e = 0; e < next.Count; e++) frame[width + e] = cols[next[e].Column][(row + next[e].Row) % n];
            for (int p = 0; p < periodic.Length; p++) periodic[p] = Blake2sLane.Periodic[p][row % Blake2sLane.InstanceRows];
            int o = 0;
            Blake2sLane.Evaluate(FeltValue.Of(frame), 0, at, FeltValue.Of(periodic), FeltValue.Of(result.AsSpan()), ref o);
            Assert.Equal(names.Count, o);
            for (int k = 0; k < o; k++) if (!result[k].IsZero) failures.Add((row, names[k]));
        }
        return failures;
    }

    [Fact]
    public void Filled_instances_satisfy_every_constraint_and_write_the_compression()
    {
        Blake2sOperation[] ops = Operations();
        Felt[][] cols = Blake2sLane.FillLane(Rows, ops);
        Assert.Empty(Failures(cols));
        for (int i = 0; i < ops.Length; i++)
        {
            var expected = (uint[])ops[i].State.Clone();
            Blake2s256.Compress(expected, ops[i].Message, ops[i].Counter, 0, ops[i].Finalize ? uint.MaxValue : 0u, 0);
            for (int k = 0; k < 8; k++)
            {
                int row = i * Blake2sLane.InstanceRows + Blake2sLane.FinalRow + k;
                Assert.Equal((Felt)(ulong)expected[k], cols[Blake2sLane.Value1][row]);
                Assert.Equal((Felt)(ops[i].OutputPointer + (ulong)k), cols[Blake2sLane.Address1][row]);
            }
        }
    }

    [Fact]
    public void A_forged_output_word_fails_the_output_constraint_on_its_row()
    {
        Felt[][] cols = Blake2sLane.FillLane(Rows, Operations());
        int row = Blake2sLane.InstanceRows + Blake2sLane.FinalRow + 3;
        cols[Blake2sLane.Value1][row] += Felt.One;
        Assert.Equal([(row, "blake[0]_output[value]")], Failures(cols));
    }

    [Fact]
    public void A_forged_g_result_with_consistent_state_is_caught_by_the_additions()
    {
        // Change v_0 after the first G call (a2 of row 0) in the state columns only: the update constraint notices.
        Felt[][] cols = Blake2sLane.FillLane(Rows, Operations());
        cols[Blake2sLane.V0][1] += Felt.One;
        var failures = Failures(cols);
        Assert.Contains((0, "blake[0]_g_update[v0]"), failures);
    }

    [Fact]
    public void A_counter_that_does_not_match_v12_fails_init()
    {
        Felt[][] cols = Blake2sLane.FillLane(Rows, Operations());
        cols[Blake2sLane.Counter][0] += Felt.One;
        Assert.Equal([(0, "blake[0]_init[counter]"), (0, "blake[0]_tuple[2]")], Failures(cols));
    }

    [Fact]
    public void Flipping_the_finalize_flag_fails_v14s_initialization()
    {
        Felt[][] cols = Blake2sLane.FillLane(Rows, Operations());
        cols[Blake2sLane.Finalize][0] = Felt.One;
        cols[Blake2sLane.Tuple0 + 3][0] = Felt.One;
        Assert.Equal([(0, "blake[0]_init[finalize]")], Failures(cols));
    }

    [Fact]
    public void A_message_word_that_is_not_32_bits_fails_its_decomposition()
    {
        // m_0 = −1 (a felt the VM refuses as a word) on every row of instance 0: the message row cannot decompose it.
        Felt[][] cols = Blake2sLane.FillLane(Rows, Operations());
        for (int row = 0; row < Blake2sLane.InstanceRows; row++) cols[Blake2sLane.M0][row] = Felt.Zero - Felt.One;
        var failures = Failures(cols);
        Assert.Contains((Blake2sLane.MessageRow, "blake[0]_message"), failures);
        Assert.DoesNotContain(failures, f => f.Name.StartsWith("blake[0]_constant", StringComparison.Ordinal));
    }
}
