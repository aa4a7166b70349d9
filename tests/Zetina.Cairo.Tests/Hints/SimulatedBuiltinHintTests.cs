using System.Numerics;
using System.Text;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class SimulatedBuiltinHintTests
{
    [Fact]
    public void EcOpMBitUnpacking_WritesMsBitsFromTheLsb()
    {
        Relocatable bits = default;
        var r = RunWithConstants(SimulatedBuiltinHints.EcOpMBitUnpacking, [("m", "felt"), ("m_bit_unpacking", "felt*")], [("M_MAX_BITS", "6")], (m, b) =>
        {
            bits = m.AddSegment();
            m.Insert(b, F(0b1011));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(bits));
        });
        long[] expected = [1, 1, 0, 1, 0, 0];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], (long)r.Vm.Memory.GetFelt(bits.Add(i)).ToBigInteger());
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(SimulatedBuiltinHints.EcOpFailed, [], (_, _) => { }));
        Assert.Contains("ec_op failed.", e.Message);
    }

    [Fact]
    public void EcdsaWzWr_InvertsSModuloTheOrder()
    {
        BigInteger n = Zetina.Stark.Crypto.StarkCurve.Order;
        BigInteger s = 123456789, z = 987654321, rr = 55555;
        var r = RunWithConstants(SimulatedBuiltinHints.EcdsaWzWr, [("signature_s", "felt"), ("message", "felt"), ("signature_r", "felt"), ("w", "felt"), ("wz", "felt"), ("wr", "felt")],
            [("StarkCurve.ORDER", (n - Felt.Modulus).ToString())], (m, b) => { m.Insert(b, F(s)); m.Insert(b.Add(1), F(z)); m.Insert(b.Add(2), F(rr)); });
        BigInteger w = Read(r, 5);
        Assert.Equal(BigInteger.One, w * s % n);
        Assert.Equal(w * z % n, Read(r, 6));
        Assert.Equal(w * rr % n, Read(r, 7));
    }

    [Fact]
    public void EcdsaSplit96_WritesThreeLimbs()
    {
        BigInteger num = (BigInteger.One << 200) + (BigInteger.One << 100) + 7;
        Relocatable res = default;
        var r = HintHarness.Run(SimulatedBuiltinHints.EcdsaSplit96, [("num", "felt"), ("res_96_felts", "felt*")], (m, b) =>
        {
            res = m.AddSegment();
            m.Insert(b, F(num));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(res));
        });
        Assert.Equal(7, r.Vm.Memory.GetFelt(res).ToBigInteger());
        Assert.Equal(16, r.Vm.Memory.GetFelt(res.Add(1)).ToBigInteger());
        Assert.Equal(256, r.Vm.Memory.GetFelt(res.Add(2)).ToBigInteger());
    }

    [Fact]
    public void SimulateKeccakUnpackState_Splits1600BitsInto25Lanes()
    {
        const string state = "starkware.cairo.common.cairo_builtins.KeccakBuiltinState";
        var members = new StringBuilder();
        for (int i = 0; i < 8; i++) members.Append(i == 0 ? "" : ", ").Append($"\"s{i}\": {{\"cairo_type\": \"felt\", \"offset\": {i}}}");
        string ident = ",\"" + state + "\": {\"type\": \"struct\", \"size\": 8, \"full_name\": \"" + state + "\", \"members\": {" + members + "}}";
        var ids = new List<(string, string)> { ("keccak_builtin_state", state) };
        for (int i = 1; i < 8; i++) ids.Add(($"pad{i}", "felt"));
        ids.Add(("felt_array", "felt*"));
        Relocatable lanes = default;
        var r = RunAll([SimulatedBuiltinHints.SimulateKeccakUnpackState], ids.ToArray(), (m, b) =>
        {
            lanes = m.AddSegment();
            m.Insert(b, F((BigInteger.One << 64) + 5));   // s0: lanes 0 and 1
            m.Insert(b.Add(1), F(1));                        // s1 = bit 200: lane 3, bit 8
            for (int i = 2; i < 8; i++) m.Insert(b.Add(i), F(0));
            m.Insert(b.Add(8), MaybeRelocatable.FromRelocatable(lanes));
        }, null, ident);
        Assert.Equal(5, r.Vm.Memory.GetFelt(lanes).ToBigInteger());
        Assert.Equal(1, r.Vm.Memory.GetFelt(lanes.Add(1)).ToBigInteger());
        Assert.Equal(0, r.Vm.Memory.GetFelt(lanes.Add(2)).ToBigInteger());
        Assert.Equal(256, r.Vm.Memory.GetFelt(lanes.Add(3)).ToBigInteger());
        Assert.Equal(0, r.Vm.Memory.GetFelt(lanes.Add(24)).ToBigInteger());
    }
}
