using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class EcdsaBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("ecdsa");

    [Fact]
    public void Dummy_signature_signs_message_one_under_the_generator()
    {
        // w·(1·G + r·G) has x = r: the signature Stone's unused instances prove.
        Felt r = StoneDummySignature.R, w = StoneDummySignature.W;
        EcPoint b = StarkCurve.Multiply(StarkCurve.Generator, 1 + r.ToBigInteger());

        Assert.Equal(r, StarkCurve.Multiply(b, w.ToBigInteger()).X);
        Assert.Equal(StarkCurve.Generator, StoneDummySignature.PublicKey);
        Assert.Equal(Felt.One, StoneDummySignature.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_instance_satisfies_the_ecdsa_constraints(bool used)
    {
        var (table, run, layout) = Build(used);

        Assert.Null(Checker(layout, run).Check(table, run.PublicInput));
        EcdsaColumns c = SmallLayout.Instance.BuiltinColumns.Ecdsa!;
        Assert.Equal(Felt.FromUInt64(Begin + 1), table[c.MessageAddr, 0]);
        if (!used) Assert.Equal(StarkCurve.Generator.X, table[c.PubkeyValue, 0]);
    }

    [Fact]
    public void A_changed_doubling_cell_is_named()
    {
        var (table, run, layout) = Build(used: true);
        EcdsaColumns c = SmallLayout.Instance.BuiltinColumns.Ecdsa!;
        table[c.KeyPointsY, 300] += Felt.One;

        StoneTraceChecker.Violation? v = Checker(layout, run).Check(table, run.PublicInput);

        Assert.NotNull(v);
        // the doubling from cell 299 (its constraint on the key step's first row, 16 rows per cell) fails.
        Assert.Equal(16 * 299, v.Value.Row);
    }

    [Fact]
    public void A_used_instance_without_its_signature_is_refused()
    {
        var fixture = new BuiltinTraceFixture();
        fixture.Write(Begin, StarkCurve.Generator.X);
        fixture.Write(Begin + 1, Felt.FromUInt64(5));
        var run = fixture.Run(SmallLayout.Instance, 8192);

        var e = Assert.Throws<StoneBuiltinInputException>(() =>
            StoneBuiltinTraces.Fill(BuiltinTraceFixture.Table(SmallLayout.Instance, 8192), SmallLayout.Instance, run));
        Assert.Contains("ecdsa instance 0", e.Message);
    }

    private static (StoneTraceTable, Zetina.Cairo.Run.CairoRun, SmallLayout) Build(bool used)
    {
        var fixture = new BuiltinTraceFixture();
        if (used)
        {
            var privateKey = BigInteger.Parse("1234567890987654321123456789");
            Felt message = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
            (Felt r, Felt s) = StarkEcdsa.Sign(privateKey, message);
            fixture.Write(Begin, StarkEcdsa.PublicKey(privateKey));
            fixture.Write(Begin + 1, message);
            BigInteger w = BigInteger.ModPow(s.ToBigInteger(), StarkCurve.Order - 2, StarkCurve.Order);
            fixture.Sign(0, r, Felt.FromBigInteger(w));
        }
        var run = fixture.Run(SmallLayout.Instance, 8192);
        StoneTraceTable table = BuiltinTraceFixture.Table(SmallLayout.Instance, 8192);
        StoneBuiltinTraces.Fill(table, SmallLayout.Instance, run);
        return (table, run, SmallLayout.Instance);
    }

    private static ComponentOnlyLayout Checker(StoneCairoLayout layout, Zetina.Cairo.Run.CairoRun run) =>
        ComponentOnlyLayout.Of(layout, run.PublicInput, (sum, _) => EcdsaBuiltinComponent.Add(sum, layout.BuiltinColumns.Ecdsa!));
}
