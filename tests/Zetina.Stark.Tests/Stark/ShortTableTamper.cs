using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Tampering with one kind of a valid proof's short tables (main or interaction, reached through <c>get</c> and
/// <c>set</c>), which must have at least two: the checks both kinds' tests share.
/// </summary>
internal static class ShortTableTamper
{
    /// <summary>A changed value in each short table's opening is a Merkle mismatch naming "<paramref name="name"/> s=… opening".</summary>
    public static void OpenedValueChanged_Rejected(StarkProof p, Func<StarkProof, ShortTable[]> get, Func<StarkProof, ShortTable[], StarkProof> set,
        string name, Func<StarkProof, VerifyResult> check)
    {
        ShortTable[] tables = get(p);
        for (int t = 0; t < tables.Length; t++)
        {
            ShortTable st = tables[t];
            Felt[] values = (Felt[])st.Opening.Values.Clone();
            values[values.Length / 2] += Felt.One;
            var changed = (ShortTable[])tables.Clone();
            changed[t] = st with { Opening = st.Opening with { Values = values } };
            VerifyResult r = check(set(p, changed));
            Assert.Equal(VerifyError.MerkleMismatch, r.Error);
            Assert.Contains($"{name} s={st.Lift} opening", r.Message);
        }
    }

    /// <summary>
    /// The first two short tables' roots swapped, one replaced by <paramref name="otherRoot"/>: rejected; a table dropped,
    /// the tables reordered or one repeated: a shape mismatch.
    /// </summary>
    public static void RootsSwappedDroppedOrReordered_Rejected(StarkProof p, Func<StarkProof, ShortTable[]> get,
        Func<StarkProof, ShortTable[], StarkProof> set, byte[] otherRoot, Func<StarkProof, VerifyResult> check)
    {
        Assert.True(check(p).IsValid);
        ShortTable first = get(p)[0], second = get(p)[1];
        Assert.False(check(set(p, [first with { Root = second.Root }, second with { Root = first.Root }])).IsValid);
        Assert.False(check(set(p, [first with { Root = otherRoot }, second])).IsValid);
        Assert.Equal(VerifyError.ShapeMismatch, check(set(p, [second])).Error);
        Assert.Equal(VerifyError.ShapeMismatch, check(set(p, [])).Error);
        Assert.Equal(VerifyError.ShapeMismatch, check(set(p, [second, first])).Error);
        Assert.Equal(VerifyError.ShapeMismatch, check(set(p, [first, second, second])).Error);
    }
}
