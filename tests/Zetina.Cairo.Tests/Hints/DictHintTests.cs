using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class DictHintTests
{
    private const string DictAccess = "starkware.cairo.common.dict_access.DictAccess*";

    [Fact]
    public void DefaultDictNewThenWrite_WritesTheDefaultAsPrevValue()
    {
        // [ap] receives the new dict's base and is also ids.dict_ptr; key at [ap + 1], new_value at [ap + 2], default at [ap + 3].
        var r = RunAll([DictHints.DefaultDictNew, DictHints.DictWrite],
            [("dict_ptr", DictAccess), ("key", "felt"), ("new_value", "felt"), ("default_value", "felt")],
            (m, b) => { m.Insert(b.Add(1), F(7)); m.Insert(b.Add(2), F(70)); m.Insert(b.Add(3), F(5)); });
        Relocatable dict = r.Vm.Memory.GetRelocatable(new Relocatable(1, 2));
        Assert.Equal(Felt.FromUInt64(5), r.Vm.Memory.GetFelt(dict.Add(1)));
        var manager = (DictManager)r.HintProcessor!.Scope["__dict_manager"]!;
        Assert.NotNull(manager);
    }

    [Fact]
    public void DictRead_StalePointer_FailsWithWrongDictPointer()
    {
        var e = Assert.ThrowsAny<CairoException>(() => RunAll([DictHints.DefaultDictNew, DictHints.DictWrite, DictHints.DictRead],
            [("dict_ptr", DictAccess), ("key", "felt"), ("new_value", "felt"), ("default_value", "felt"), ("value", "felt")],
            (m, b) => { m.Insert(b.Add(1), F(7)); m.Insert(b.Add(2), F(70)); m.Insert(b.Add(3), F(5)); }));
        Assert.Contains("Wrong dict pointer", e.Message);
    }

    [Fact]
    public void SquashDict_FindsTheSmallestKeyAndBigKeysFlag()
    {
        var r = HintHarness.Run(DictHints.SquashDict, [("dict_accesses", DictAccess), ("ptr_diff", "felt"), ("n_accesses", "felt"), ("big_keys", "felt"), ("first_key", "felt")], (m, b) =>
        {
            Relocatable acc = m.AddSegment();
            long[] keys = [9, 4, 9];
            for (int i = 0; i < keys.Length; i++) { m.Insert(acc.Add(3 * i), F(keys[i])); m.Insert(acc.Add(3 * i + 1), F(0)); m.Insert(acc.Add(3 * i + 2), F(1)); }
            m.Insert(b, MaybeRelocatable.FromRelocatable(acc));
            m.Insert(b.Add(1), F(9));
            m.Insert(b.Add(2), F(3));
        });
        Assert.Equal(0, Read(r, 5));
        Assert.Equal(4, Read(r, 6));
    }
}
