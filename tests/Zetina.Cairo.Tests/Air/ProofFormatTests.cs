using System.Text;
using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

/// <summary>Proof document version 3: the shape's lane counts by builtin name, and the statement that absorbs them.</summary>
public sealed class ProofFormatTests
{
    private static CairoProof Document(CairoTraceShape shape)
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = shape, Binding = new CairoBinding(Felt.One, Felt.One) };
        return new CairoProof { Statement = statement, StarkProof = [1, 2, 3] };
    }

    private static readonly CairoTraceShape s_shape = new CairoTraceShape(9, false, 1, 1).WithLanes("bitwise", 2).WithLanes("range_check96", 1);

    [Fact]
    public void ToJsonBytes_LaneCounts_WrittenByNameAndReadBack()
    {
        byte[] json = Document(s_shape).ToJsonBytes();
        string text = Encoding.UTF8.GetString(json);
        Assert.Contains("\"version\":3", text);
        Assert.Contains("\"lanes\":{\"pedersen\":0,\"poseidon\":0,\"bitwise\":2,\"ecdsa\":0,\"range_check96\":1,\"ec_op\":0}", text);
        Assert.True(CairoProof.TryParse(json, out CairoProof? back, out string? error), error);
        Assert.Equal(s_shape, back!.Statement.Shape);
        Assert.Equal(2, back.Statement.Shape.LaneCount("bitwise"));
    }

    [Fact]
    public void TryParse_Version2Document_RefusedByVersion()
    {
        string text = Encoding.UTF8.GetString(Document(s_shape).ToJsonBytes()).Replace("\"version\":3", "\"version\":2");
        Assert.False(CairoProof.TryParse(Encoding.UTF8.GetBytes(text), out _, out string? error));
        Assert.Contains("version 2 is not read", error);
        Assert.Contains("version 3", error);
    }

    [Theory]
    [InlineData("\"range_check96\":1", "\"output\":1", "'output'")]
    [InlineData("\"range_check96\":1", "\"bitwise\":1", "twice")]
    [InlineData("\"range_check96\":1", "\"range_check96\":65", "range_check96")]
    [InlineData("\"range_check96\":1", "\"range_check96\":-1", "range_check96")]
    [InlineData("\"range_check96\":1", "\"range_check96\":\"1\"", "range_check96")]
    public void TryParse_BadLaneCount_RefusedNamingIt(string from, string to, string named)
    {
        string text = Encoding.UTF8.GetString(Document(s_shape).ToJsonBytes()).Replace(from, to);
        Assert.False(CairoProof.TryParse(Encoding.UTF8.GetBytes(text), out _, out string? error));
        Assert.Contains(named, error);
    }

    [Fact]
    public void TryParse_StarkProofHex_ReadBackByteForByte_EscapedOrNot()
    {
        string text = Encoding.UTF8.GetString(Document(s_shape).ToJsonBytes());
        Assert.Contains("\"stark_proof\":\"010203\"", text);
        Assert.True(CairoProof.TryParse(Encoding.UTF8.GetBytes(text), out CairoProof? plain, out string? error), error);
        Assert.Equal(new byte[] { 1, 2, 3 }, plain!.StarkProof);
        string escaped = text.Replace("\"010203\"", "\"01\\u00302\\u0030A\"");
        Assert.True(CairoProof.TryParse(Encoding.UTF8.GetBytes(escaped), out CairoProof? unescaped, out error), error);
        Assert.Equal(new byte[] { 1, 2, 10 }, unescaped!.StarkProof);
    }

    [Theory]
    [InlineData("\"01020\"", "odd length")]
    [InlineData("\"01020g\"", "not a hex string")]
    [InlineData("12", "not a hex string")]
    public void TryParse_StarkProofNotHex_RefusedNamingIt(string value, string named)
    {
        string text = Encoding.UTF8.GetString(Document(s_shape).ToJsonBytes()).Replace("\"010203\"", value);
        Assert.False(CairoProof.TryParse(Encoding.UTF8.GetBytes(text), out _, out string? error));
        Assert.Contains("stark_proof", error);
        Assert.Contains(named, error);
    }

    [Fact]
    public void ToFelts_LaneCount_AbsorbedWithTheBuiltinName()
    {
        Felt[] a = Document(s_shape).Statement.ToFelts();
        Felt[] b = Document(s_shape.WithLanes("range_check96", 2)).Statement.ToFelts();
        Assert.NotEqual(a, b);
        Felt name = CairoStatement.ShortString("range_check96");
        int at = Array.IndexOf(a, name);
        Assert.True(at > 0);
        Assert.Equal((Felt)1UL, a[at + 1]);
        Assert.Equal((Felt)2UL, b[at + 1]);
        Assert.Equal((Felt)(ulong)s_shape.StatedLaneBuiltins().Count, a[Array.IndexOf(a, CairoStatement.ShortString("pedersen")) - 1]);
    }

    [Fact]
    public void WithLanes_BuiltinWithoutLane_Throws()
    {
        Assert.Throws<ArgumentException>(() => s_shape.WithLanes("output", 1));
        Assert.Equal(0, s_shape.LaneCount("output"));
    }

    [Fact]
    public void ToFelts_KeccakLanes_StatedOnlyWhenUsed()
    {
        // keccak joined the table after format 3: stated when used and absent otherwise, so other runs' statements
        // (and proofs) do not change.
        Felt name = CairoStatement.ShortString("keccak");
        Assert.DoesNotContain(name, Document(s_shape).Statement.ToFelts());
        Felt[] used = Document(s_shape.WithLanes("keccak", 1)).Statement.ToFelts();
        int at = Array.IndexOf(used, name);
        Assert.True(at > 0);
        Assert.Equal((Felt)1UL, used[at + 1]);
        Assert.DoesNotContain("keccak", Encoding.UTF8.GetString(Document(s_shape).ToJsonBytes()));
        Assert.Contains("\"keccak\":1", Encoding.UTF8.GetString(Document(s_shape.WithLanes("keccak", 1)).ToJsonBytes()).Replace(" ", ""));
    }
}
