using System.Buffers.Binary;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>Malformed proof bytes are rejected with a typed error; nothing throws, nothing allocates absurdly.</summary>
public class ProofFormatTests
{
    private static readonly Lazy<byte[]> s_bytes = new(() =>
    {
        var (air, trace) = StarkTestKit.Fibonacci(32);
        return ProofSerializer.Write(StarkTestKit.Prove(air, trace, StarkTestKit.Small(5)));
    });

    private static readonly Lazy<Zetina.Stark.Air.Examples.FibonacciAir> s_air = new(() => StarkTestKit.Fibonacci(32).Air);

    [Fact]
    public void EveryTruncation_RejectedAsMalformed()
    {
        byte[] b = s_bytes.Value;
        for (int len = 0; len < b.Length; len += 1 + len / 64)
        {
            Assert.False(ProofSerializer.TryRead(b.AsSpan(0, len), out _, out ProofFormatError e, out _));
            Assert.NotEqual(ProofFormatError.None, e);
            VerifyResult r = StarkVerifier.Verify(s_air.Value, b.AsSpan(0, len), 0);
            Assert.Equal(VerifyError.Malformed, r.Error);
        }
    }

    [Fact]
    public void WrongVersion_Rejected()
    {
        byte[] b = (byte[])s_bytes.Value.Clone();
        b[0] = 2; // the format before trace tables went by column widths
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.UnsupportedVersion, e);
        Assert.Contains("version 2", msg);
    }

    [Fact]
    public void TrailingByte_Rejected()
    {
        byte[] b = [.. s_bytes.Value, 0];
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out _));
        Assert.Equal(ProofFormatError.TrailingBytes, e);
    }

    [Fact]
    public void AbsurdCount_RejectedWithoutAllocating()
    {
        byte[] b = (byte[])s_bytes.Value.Clone();
        // The first felt count follows version, 6 ints, the steps, the hash name and the roots.
        int steps = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(21));
        int at = 1 + 24 + 4 * steps;
        at += 1 + b[at] + 32 + 1 + 32;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), uint.MaxValue);
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.LengthOutOfRange, e);
        Assert.Contains("4294967295", msg);
    }

    [Fact]
    public void AbsurdParameters_RejectedByVerifier()
    {
        byte[] b = (byte[])s_bytes.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(5), 40); // log_n_cosets
        VerifyResult r = StarkVerifier.Verify(s_air.Value, b, 0);
        Assert.Equal(VerifyError.ParametersInvalid, r.Error);
    }

    [Fact]
    public void NonCanonicalFelt_Rejected()
    {
        var (air, trace) = StarkTestKit.Fibonacci(32);
        StarkProof p = StarkTestKit.Prove(air, trace, StarkTestKit.Small(5));
        byte[] b = ProofSerializer.Write(p);
        // Find the last-layer's first felt by writing a proof whose last layer we know, then overwrite with 0xff…
        byte[] marker = new byte[32];
        p.FriLastLayer[0].WriteBytesBigEndian(marker);
        int at = b.AsSpan().IndexOf(marker);
        Assert.True(at > 0);
        b.AsSpan(at, 32).Fill(0xff);
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out _));
        Assert.Equal(ProofFormatError.NonCanonicalFelt, e);
    }

    [Fact]
    public void RandomBytesAndFlips_NeverThrow()
    {
        var rnd = new Random(12);
        byte[] valid = s_bytes.Value;
        for (int t = 0; t < 300; t++)
        {
            byte[] b = (byte[])valid.Clone();
            int flips = 1 + rnd.Next(3);
            for (int f = 0; f < flips; f++) b[rnd.Next(b.Length)] ^= (byte)(1 << rnd.Next(8));
            VerifyResult r = StarkVerifier.Verify(s_air.Value, b, 0);
            Assert.False(r.IsValid && !b.AsSpan().SequenceEqual(valid), $"flipped proof accepted at trial {t}");
        }
        for (int t = 0; t < 50; t++)
        {
            var junk = new byte[rnd.Next(2000)];
            rnd.NextBytes(junk);
            if (junk.Length > 0) junk[0] = 1;
            Assert.False(StarkVerifier.Verify(s_air.Value, junk, 0).IsValid);
        }
    }
}

/// <summary>The JSON form round-trips and rejects junk without throwing.</summary>
public class ProofJsonTests
{
    [Fact]
    public void Json_RoundTrip_SameBinaryAndVerifies()
    {
        var (air, trace) = StarkTestKit.Permutation(32);
        StarkProof proof = StarkTestKit.Prove(air, trace, StarkTestKit.Small(5));
        string json = ProofJson.Write(proof);
        Assert.Contains("\"log_n_cosets\": 2", json);
        Assert.Contains("\"fri_step_list\"", json);
        Assert.True(ProofJson.TryRead(json, out StarkProof? back, out string? error), error);
        Assert.Equal(ProofSerializer.Write(proof), ProofSerializer.Write(back!));
        Assert.True(StarkVerifier.Verify(air, back!, 0).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000000)]
    public void Json_TableWidthNotDividingItsValues_RejectedWithMessage(int width)
    {
        var (air, trace) = StarkTestKit.Permutation(32);
        string json = ProofJson.Write(StarkTestKit.Prove(air, trace, StarkTestKit.Small(5)));
        Assert.Contains("\"width\": 3,", json);
        Assert.False(ProofJson.TryRead(json.Replace("\"width\": 3,", $"\"width\": {width},"), out _, out string? error));
        Assert.Contains($"rows of {width} columns", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("{\"version\": 1, \"parameters\": 5}")]
    public void Json_Junk_RejectedWithMessage(string json)
    {
        Assert.False(ProofJson.TryRead(json, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
