using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class CommonLibraryHintTests
{
    [Fact]
    public void AssertNn_ValueBelowBound_Passes_AboveBound_FailsWithMessage()
    {
        HintHarness.Run(MathHints.AssertNn, [("a", "felt")], (m, b) => m.Insert(b, F(5)));
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(MathHints.AssertNn, [("a", "felt")], (m, b) => m.Insert(b, F(-1))));
        Assert.Equal(CairoErrorKind.HintFailed, e.Kind);
        Assert.Contains("out of range", e.Message);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void UnsignedDivRem_WritesQuotientAndRemainder()
    {
        var r = HintHarness.Run(MathMoreHints.UnsignedDivRem, [("value", "felt"), ("div", "felt"), ("q", "felt"), ("r", "felt")],
            (m, b) => { m.Insert(b, F(100)); m.Insert(b.Add(1), F(7)); });
        Assert.Equal(14, Read(r, 4));
        Assert.Equal(2, Read(r, 5));
    }

    [Fact]
    public void SignedDivRem_NegativeValue_FloorsAndBiases()
    {
        var r = HintHarness.Run(MathMoreHints.SignedDivRem, [("value", "felt"), ("div", "felt"), ("bound", "felt"), ("r", "felt"), ("biased_q", "felt")],
            (m, b) => { m.Insert(b, F(-7)); m.Insert(b.Add(1), F(2)); m.Insert(b.Add(2), F(100)); });
        Assert.Equal(1, Read(r, 5));          // -7 = 2·(-4) + 1
        Assert.Equal(96, Read(r, 6));         // -4 + 100
    }

    [Fact]
    public void Sqrt_WritesTheIntegerRoot()
    {
        var r = HintHarness.Run(MathMoreHints.Sqrt, [("value", "felt"), ("root", "felt")], (m, b) => m.Insert(b, F(1_000_001)));
        Assert.Equal(1000, Read(r, 3));
    }

    [Fact]
    public void Uint256Add_CarriesFromLowToHigh()
    {
        BigInteger max = (BigInteger.One << 128) - 1;
        var r = HintHarness.Run(Uint256Hints.Uint256Add, [("a", Uint256 + "*"), ("b", Uint256 + "*"), ("carry_low", "felt"), ("carry_high", "felt")], (m, b) =>
        {
            // a at [ap], b at [ap + 1]: both cells hold pointers to Uint256 values in a fresh segment.
            Relocatable s = m.AddSegment();
            m.Insert(s, F(max)); m.Insert(s.Add(1), F(max));
            m.Insert(s.Add(2), F(1)); m.Insert(s.Add(3), F(0));
            m.Insert(b, MaybeRelocatable.FromRelocatable(s));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(s.Add(2)));
        });
        Assert.Equal(1, Read(r, 4));
        Assert.Equal(1, Read(r, 5));
    }

    [Fact]
    public void Split64_SplitsAtBit64()
    {
        BigInteger a = (BigInteger.One << 70) + 5;
        var r = HintHarness.Run(Uint256Hints.Split64, [("a", "felt"), ("low", "felt"), ("high", "felt")], (m, b) => m.Insert(b, F(a)));
        Assert.Equal(5, Read(r, 3));
        Assert.Equal(64, Read(r, 4));
    }

    [Fact]
    public void FindElement_KeyPresent_WritesItsIndex_KeyAbsent_Fails()
    {
        Action<Memory, Relocatable> setup(long key) => (m, b) =>
        {
            Relocatable arr = m.AddSegment();
            for (int i = 0; i < 4; i++) { m.Insert(arr.Add(2 * i), F(10 * i)); m.Insert(arr.Add(2 * i + 1), F(0)); }
            m.Insert(b, MaybeRelocatable.FromRelocatable(arr));
            m.Insert(b.Add(1), F(2));
            m.Insert(b.Add(2), F(key));
            m.Insert(b.Add(3), F(4));
        };
        (string, string)[] ids = [("array_ptr", "felt*"), ("elm_size", "felt"), ("key", "felt"), ("n_elms", "felt"), ("index", "felt")];
        // array_ptr's type is felt*, so its reference is [cast(ap, felt**)]
        var r = HintHarness.Run(CollectionHints.FindElement, ids, setup(20));
        Assert.Equal(2, Read(r, 6));
        Assert.ThrowsAny<CairoException>(() => HintHarness.Run(CollectionHints.FindElement, ids, setup(25)));
    }

    [Fact]
    public void UsortBody_SortsDistinctValuesWithMultiplicities()
    {
        var r = HintHarness.Run(CollectionHints.UsortBody, [("input", "felt*"), ("input_len", "felt"), ("output_len", "felt"), ("output", "felt*"), ("multiplicities", "felt*")], (m, b) =>
        {
            Relocatable arr = m.AddSegment();
            long[] values = [5, 3, 5, 1];
            for (int i = 0; i < values.Length; i++) m.Insert(arr.Add(i), F(values[i]));
            m.Insert(b, MaybeRelocatable.FromRelocatable(arr));
            m.Insert(b.Add(1), F(values.Length));
        });
        Assert.Equal(3, Read(r, 4));
        Relocatable output = r.Vm.Memory.GetRelocatable(new Relocatable(1, 5));
        Relocatable mult = r.Vm.Memory.GetRelocatable(new Relocatable(1, 6));
        Assert.Equal([1, 3, 5], Enumerable.Range(0, 3).Select(i => (int)r.Vm.Memory.GetFelt(output.Add(i)).ToBigInteger()));
        Assert.Equal([1, 1, 2], Enumerable.Range(0, 3).Select(i => (int)r.Vm.Memory.GetFelt(mult.Add(i)).ToBigInteger()));
    }

    [Fact]
    public void ProgramInput_MissingKey_FailsNamingTheKey()
    {
        var e = Assert.ThrowsAny<CairoException>(() =>
            HintHarness.Run(ProgramInputHints.FibonacciClaimIndex, [("fibonacci_claim_index", "felt")], (_, _) => { }, input: "{\"other\": 1}"));
        Assert.Contains("fibonacci_claim_index", e.Message);
    }

    [Fact]
    public void Alloc_WritesANewSegmentBaseAtAp()
    {
        var r = HintHarness.Run(AllocHints.Alloc, [], (_, _) => { });
        MaybeRelocatable v = r.Vm.Memory.Get(new Relocatable(1, 2));
        Assert.True(v.IsRelocatable);
        Assert.Equal(0, v.Offset);
    }
}

public sealed class IntegerMathTests
{
    [Fact]
    public void Isqrt_LargeValues_IsExactFloorRoot()
    {
        var rng = new Random(1234);
        for (int i = 0; i < 200; i++)
        {
            byte[] bytes = new byte[1 + rng.Next(40)];
            rng.NextBytes(bytes);
            var n = new BigInteger(bytes, isUnsigned: true);
            BigInteger r = Zetina.Cairo.Hints.IntegerMath.Isqrt(n);
            Assert.True(r * r <= n && (r + 1) * (r + 1) > n, $"seed 1234, n = {n}");
        }
        Assert.Equal(BigInteger.One << 128, Zetina.Cairo.Hints.IntegerMath.Isqrt(BigInteger.One << 256));
    }
}

public sealed class NondetHintTests
{
    [Fact]
    public void ElementsOverTen_PointerDistance_WritesTheComparisonAtAp()
    {
        // ids at [ap + 1] and [ap + 2] (the answer goes to [ap]).
        var r = HintHarness.Run(Zetina.Cairo.Hints.NondetHints.ElementsOverTen, [("unused", "felt"), ("elements", "felt*"), ("elements_end", "felt*")], (m, b) =>
        {
            Zetina.Cairo.Vm.Relocatable s = m.AddSegment();
            m.Insert(b.Add(1), Zetina.Cairo.Vm.MaybeRelocatable.FromRelocatable(s));
            m.Insert(b.Add(2), Zetina.Cairo.Vm.MaybeRelocatable.FromRelocatable(s.Add(12)));
        });
        Assert.Equal(1, HintHarness.Read(r, 2));
    }

    [Fact]
    public void ABBitand1_WritesBothLowBits()
    {
        var r = HintHarness.Run(Zetina.Cairo.Hints.NondetHints.ABBitand1, [("a", "felt"), ("b", "felt"), ("a_lsb", "felt"), ("b_lsb", "felt")], (m, b) =>
        {
            m.Insert(b, HintHarness.F(7));
            m.Insert(b.Add(1), HintHarness.F(10));
        });
        Assert.Equal(1, HintHarness.Read(r, 4));
        Assert.Equal(0, HintHarness.Read(r, 5));
    }
}
