using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class ModuloHintTests
{
    private const int P = 97;

    /// <summary>The first two cells are the builtins' stop pointers the program returns (see <see cref="HintHarness"/>).</summary>
    private static readonly (string, string)[] Ids = [("add_end", "felt*"), ("mul_end", "felt*"), ("add_mod_ptr", "felt*"), ("mul_mod_ptr", "felt*"), ("add_mod_n", "felt"), ("mul_mod_n", "felt")];

    private static void PutValue(Memory m, Relocatable at, BigInteger v)
    {
        for (int i = 0; i < 4; i++) m.Insert(at.Add(i), F((v >> (96 * i)) & ((BigInteger.One << 96) - 1)));
    }

    private static BigInteger ReadValue(CairoRunner r, Relocatable at)
    {
        BigInteger v = 0;
        for (int i = 0; i < 4; i++) v += r.Vm.Memory.GetFelt(at.Add(i)).ToBigInteger() << (96 * i);
        return v;
    }

    private static void WriteInstance(Memory m, Relocatable at, Relocatable values, Relocatable offsets, long n)
    {
        PutValue(m, at, P);
        m.Insert(at.Add(4), MaybeRelocatable.FromRelocatable(values));
        m.Insert(at.Add(5), MaybeRelocatable.FromRelocatable(offsets));
        m.Insert(at.Add(6), F(n));
    }

    /// <summary>
    /// add gates v2 = v0 + v1 and v6 = v4 + v5, mul gate v4 = v2 · v3 with v3 unknown: the fill must alternate
    /// (add 0, mul 0 deducing v3 from v4 / v2, then add 1 once v4 is known).
    /// </summary>
    private static Action<Memory, Relocatable> Circuit(Action<Memory, Relocatable>? values, out Func<Relocatable> valuesBase, out Func<Relocatable> addBase)
    {
        Relocatable vBase = default, aBase = default;
        valuesBase = () => vBase;
        addBase = () => aBase;
        return (m, b) =>
        {
            // The entry stack starts with the builtin bases, in the program's order.
            aBase = m.GetRelocatable(new Relocatable(1, 0));
            Relocatable mulBase = m.GetRelocatable(new Relocatable(1, 1));
            vBase = m.AddSegment();
            Relocatable addOffsets = m.AddSegment(), mulOffsets = m.AddSegment();
            long[] addTable = [0, 4, 8, 16, 20, 24], mulTable = [8, 12, 16];
            for (int i = 0; i < addTable.Length; i++) m.Insert(addOffsets.Add(i), F(addTable[i]));
            for (int i = 0; i < mulTable.Length; i++) m.Insert(mulOffsets.Add(i), F(mulTable[i]));
            if (values is null)
            {
                PutValue(m, vBase, 5);
                PutValue(m, vBase.Add(4), 7);
                PutValue(m, vBase.Add(16), 24);
                PutValue(m, vBase.Add(20), 3);
            }
            else values(m, vBase);
            WriteInstance(m, aBase, vBase, addOffsets, 2);
            WriteInstance(m, mulBase, vBase, mulOffsets, 1);
            m.Insert(b, MaybeRelocatable.FromRelocatable(aBase.Add(14)));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(mulBase.Add(7)));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(aBase));
            m.Insert(b.Add(3), MaybeRelocatable.FromRelocatable(mulBase));
            m.Insert(b.Add(4), F(2));
            m.Insert(b.Add(5), F(1));
        };
    }

    [Fact]
    public void RunModPCircuit_FillsUnknownValuesAndTheFollowingInstances()
    {
        var setup = Circuit(null, out var values, out var addBase);
        var r = RunAll([ModuloHints.RunModPCircuit], Ids, setup, builtins: ["add_mod", "mul_mod"]);
        Assert.Equal(12, ReadValue(r, values().Add(8)));   // 5 + 7
        Assert.Equal(2, ReadValue(r, values().Add(12)));   // 24 / 12 mod 97
        Assert.Equal(27, ReadValue(r, values().Add(24)));  // 24 + 3
        // The second add_mod instance repeats p and values_ptr, with offsets_ptr + 3 and n − 1.
        Relocatable second = addBase().Add(7);
        Assert.Equal(P, ReadValue(r, second));
        Assert.Equal(values(), r.Vm.Memory.GetRelocatable(second.Add(4)));
        Assert.Equal(1, (long)r.Vm.Memory.GetFelt(second.Add(6)).ToBigInteger());
    }

    [Fact]
    public void RunModPCircuit_AddReducesModP_MulOperandIsTheModularQuotient()
    {
        var setup = Circuit((m, v) =>
        {
            PutValue(m, v, 90);
            PutValue(m, v.Add(4), 10);            // 90 + 10 = 100 → 3 (mod 97)
            PutValue(m, v.Add(16), 1);            // 3 · x ≡ 1 → x = 65
            PutValue(m, v.Add(20), 96);           // 1 + 96 = 97 → 0
        }, out var values, out _);
        var r = RunAll([ModuloHints.RunModPCircuit], Ids, setup, builtins: ["add_mod", "mul_mod"]);
        Assert.Equal(3, ReadValue(r, values().Add(8)));
        Assert.Equal(65, ReadValue(r, values().Add(12)));
        Assert.Equal(0, ReadValue(r, values().Add(24)));
    }

    [Fact]
    public void RunModPCircuit_TwoUnknownsInAGate_FailsAtThePc()
    {
        var setup = Circuit((m, v) =>
        {
            PutValue(m, v, 5);
            PutValue(m, v.Add(4), 7);
            // v4 (mul's c) unknown and v3 unknown: the mul gate cannot be filled.
            PutValue(m, v.Add(20), 3);
        }, out _, out _);
        var e = Assert.ThrowsAny<CairoException>(() => RunAll([ModuloHints.RunModPCircuit], Ids, setup, builtins: ["add_mod", "mul_mod"]));
        Assert.Contains("Could not fill the values table", e.Message);
        Assert.Equal(CairoErrorKind.HintFailed, e.Kind);
    }

    [Fact]
    public void RunModPCircuit_WithoutTheModBuiltins_FailsNamingThem()
    {
        var e = Assert.ThrowsAny<CairoException>(() => RunAll([ModuloHints.RunModPCircuit], Ids, (_, _) => { }));
        Assert.Contains("add_mod_builtin", e.Message);
    }
}
