using System.Buffers.Binary;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// The binary format's trace tables by column widths (version 3, <see cref="ColumnWidths"/>): proofs round-trip with
/// narrow and full-width columns; every other encoding of a table (a column wider than its values, a width outside
/// [1, 32], a value not below p, bytes missing) is refused with its error kind and the table, row and column named;
/// and bytes that parse always re-serialize to themselves.
/// </summary>
public class ColumnWidthEncodingTests
{
    /// <summary>
    /// A valid proof whose main columns are constant: the Fibonacci recurrence from (0, 0) is zero on every row, so
    /// its interpolants are zero on the evaluation coset too and both columns go one byte wide.
    /// </summary>
    private static readonly Lazy<(FibonacciAir Air, StarkProof Proof)> s_zero = new(() =>
    {
        Felt[][] trace = FibonacciAir.BuildTrace(32, Felt.Zero, Felt.Zero);
        var air = new FibonacciAir(32, Felt.Zero, Felt.Zero, trace[1][31], StarkTestKit.JobId, StarkTestKit.Executor);
        return (air, StarkTestKit.Prove(air, trace, StarkTestKit.Small(5)));
    });

    /// <summary>A valid proof with random-looking columns (every main column 32 bytes wide) and an interaction table.</summary>
    private static readonly Lazy<(PermutationAir Air, StarkProof Proof)> s_wide = new(() =>
    {
        var (air, trace) = StarkTestKit.Permutation(32);
        return (air, StarkTestKit.Prove(air, trace, StarkTestKit.Small(5, "keccak256_masked192_msb", steps: [0, 2, 1], lastBound: 4)));
    });

    [Fact]
    public void ConstantColumns_SentOneByteWide_RoundTripAndVerify()
    {
        (FibonacciAir air, StarkProof proof) = s_zero.Value;
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof);
        int rows = proof.MainOpening.Values.Length / 2;
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)));
        Assert.Equal((uint)rows, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4)));
        Assert.Equal(new byte[] { 1, 1 }, bytes.AsSpan(at + 8, 2).ToArray());
        Assert.All(bytes.AsSpan(at + 10, 2 * rows).ToArray(), b => Assert.Equal(0, b));

        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out ProofFormatError e, out string? msg), $"{e}: {msg}");
        AssertSameProof(proof, back!);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
        Assert.True(StarkVerifier.Verify(air, bytes, 0).IsValid);
    }

    [Fact]
    public void RandomColumns_SentFullWidth_RoundTripAndVerify()
    {
        (PermutationAir air, StarkProof proof) = s_wide.Value;
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof);
        int width = proof.MainOpening.Width;
        Assert.Equal((uint)width, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)));
        Assert.All(bytes.AsSpan(at + 8, width).ToArray(), b => Assert.Equal(32, b));

        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out ProofFormatError e, out string? msg), $"{e}: {msg}");
        AssertSameProof(proof, back!);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
        Assert.True(StarkVerifier.Verify(air, bytes, 0).IsValid);
    }

    [Fact]
    public void MixedWidths_RoundTrip_EachColumnAtItsMinimalWidth()
    {
        StarkProof proof = WithMain(s_wide.Value.Proof,
            [Felt.Zero, (Felt)0x80UL, (Felt)0x1_0000UL, Felt.Zero - Felt.One,
             Felt.Zero, (Felt)0x7fUL, (Felt)0xffffUL, (Felt)0x1234UL], 4);
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof);
        Assert.Equal(new byte[] { 1, 1, 3, 32 }, bytes.AsSpan(at + 8, 4).ToArray());
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out ProofFormatError e, out string? msg), $"{e}: {msg}");
        AssertSameProof(proof, back!);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
    }

    [Fact]
    public void ColumnWiderThanItsValues_RefusedAsNonMinimal()
    {
        // Column 1 (0x80, 0x7f) widened from 1 to 2 bytes: each of its values gets a leading zero byte.
        StarkProof proof = WithMain(s_wide.Value.Proof, [(Felt)1UL, (Felt)0x80UL, (Felt)2UL, (Felt)0x7fUL], 2);
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof), values = at + 10;
        Assert.Equal(new byte[] { 1, 1 }, bytes.AsSpan(at + 8, 2).ToArray());
        var widened = new List<byte>(bytes[..(at + 8)]) { 1, 2, bytes[values], 0, bytes[values + 1], bytes[values + 2], 0, bytes[values + 3] };
        widened.AddRange(bytes[(values + 4)..]);
        Assert.False(ProofSerializer.TryRead(widened.ToArray(), out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.NonMinimalEncoding, e);
        Assert.Contains("main opening", msg);
        Assert.Contains("column 1", msg);
    }

    [Fact]
    public void FullWidthColumnOfSmallValues_RefusedAsNonMinimal()
    {
        // The zero proof with its first column sent 32 bytes wide (leading zeros), the second left at one byte.
        StarkProof proof = s_zero.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof), rows = proof.MainOpening.Values.Length / 2;
        var wide = new List<byte>(bytes[..(at + 8)]) { 32, 1 };
        for (int r = 0; r < rows; r++) wide.AddRange(new byte[33]);
        wide.AddRange(bytes[(at + 10 + 2 * rows)..]);
        Assert.False(ProofSerializer.TryRead(wide.ToArray(), out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.NonMinimalEncoding, e);
        Assert.Contains("main opening: column 0 sent 32 bytes wide, its values fit in 1", msg);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void ColumnWidthOutOfRange_RefusedNamingTheColumn(byte width)
    {
        StarkProof proof = s_zero.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        bytes[MainTableOffset(proof) + 9] = width;
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.InvalidField, e);
        Assert.Contains($"main opening: column 1 width {width}", msg);
    }

    [Fact]
    public void ValueNotBelowP_RefusedNamingRowAndColumn()
    {
        StarkProof proof = s_wide.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof), width = proof.MainOpening.Width;
        // Row 1, column 0: every column is 32 bytes wide.
        bytes.AsSpan(at + 8 + width + 32 * width, 32).Fill(0xff);
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.NonCanonicalFelt, e);
        Assert.Contains("main opening: row 1, column 0 is not below p", msg);
    }

    [Fact]
    public void TruncatedMidValue_RefusedBeforeDecoding()
    {
        StarkProof proof = s_zero.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof);
        Assert.False(ProofSerializer.TryRead(bytes.AsSpan(0, at + 10 + 3), out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.LengthOutOfRange, e);
        Assert.Contains("main opening", msg);
    }

    [Theory]
    [InlineData(0u, 4u)]
    [InlineData(uint.MaxValue, 4u)]
    [InlineData(2u, uint.MaxValue)]
    [InlineData(2u, (uint)ProofSerializer.MaxTableRows + 1)]
    public void AbsurdWidthOrRowCount_RefusedWithoutAllocating(uint width, uint rows)
    {
        StarkProof proof = s_zero.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        int at = MainTableOffset(proof);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), width);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), rows);
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.LengthOutOfRange, e);
        Assert.Contains("main opening", msg);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void EarlierOrUnknownVersion_Refused(byte version)
    {
        byte[] bytes = ProofSerializer.Write(s_zero.Value.Proof);
        bytes[0] = version;
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.UnsupportedVersion, e);
        Assert.Contains($"version {version}, this reader knows 3", msg);
    }

    [Fact]
    public void ChangedValueThatStillParses_RejectedByMerkleCheck()
    {
        // A zero main value made 1: still a minimal one-byte column, so the bytes parse; the leaf no longer hashes to the root.
        (FibonacciAir air, StarkProof proof) = s_zero.Value;
        byte[] bytes = ProofSerializer.Write(proof);
        bytes[MainTableOffset(proof) + 10 + 3] = 1;
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? changed, out _, out string? msg), msg);
        Assert.Equal(Felt.One, changed!.MainOpening.Values[3]);
        Assert.Equal(VerifyError.MerkleMismatch, StarkVerifier.Verify(air, bytes, 0).Error);

        // The same through the objects: a wide value replaced by a small one changes its column's encoding, not the verdict.
        (PermutationAir wideAir, StarkProof wide) = s_wide.Value;
        Felt[] values = (Felt[])wide.MainOpening.Values.Clone();
        values[0] = (Felt)7UL;
        byte[] reencoded = ProofSerializer.Write(wide with { MainOpening = wide.MainOpening with { Values = values } });
        Assert.Equal(VerifyError.MerkleMismatch, StarkVerifier.Verify(wideAir, reencoded, 0).Error);
    }

    [Fact]
    public void WidthOtherThanTheAirs_RejectedAsShapeMismatch()
    {
        (FibonacciAir air, StarkProof proof) = s_zero.Value;
        Felt[] values = proof.MainOpening.Values;
        StarkProof regrouped = proof with { MainOpening = proof.MainOpening with { Width = 1 } };
        VerifyResult r = StarkVerifier.Verify(air, ProofSerializer.Write(regrouped), 0);
        Assert.Equal(VerifyError.ShapeMismatch, r.Error);
        Assert.Contains("expected 2 columns, got 1", r.Message);
        Assert.Equal(values.Length, regrouped.MainOpening.Values.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomTruncationsAndFlips_NeverThrow_AcceptedBytesReserializeToThemselves(int which)
    {
        int seed = 0x5eed + which;
        var rnd = new Random(seed);
        byte[] valid = ProofSerializer.Write(which == 1 ? s_zero.Value.Proof : s_wide.Value.Proof);
        int main = MainTableOffset(which == 1 ? s_zero.Value.Proof : s_wide.Value.Proof);
        for (int t = 0; t < 400; t++)
        {
            byte[] b = (byte[])valid.Clone();
            // Half the trials aim at the main table (its header, widths and first values), where the new encoding lives.
            int flips = 1 + rnd.Next(3);
            for (int f = 0; f < flips; f++)
            {
                int at = t % 2 == 0 ? main + rnd.Next(Math.Min(200, b.Length - main)) : rnd.Next(b.Length);
                b[at] ^= (byte)(1 << rnd.Next(8));
            }
            if (t % 5 == 0) b = b[..rnd.Next(b.Length)];
            bool ok = ProofSerializer.TryRead(b, out StarkProof? back, out ProofFormatError e, out string? msg);
            if (ok)
                Assert.True(b.AsSpan().SequenceEqual(ProofSerializer.Write(back!)), $"seed {seed}, trial {t}: accepted bytes re-serialize differently");
            else
                Assert.True(e != ProofFormatError.None && !string.IsNullOrEmpty(msg), $"seed {seed}, trial {t}: refused without a reason");
        }
    }

    /// <summary>Where the main table starts: after the header, the roots, the out-of-domain values, the FRI roots, the last layer and the nonce.</summary>
    private static int MainTableOffset(StarkProof p)
    {
        int digest = MerkleHashes.DigestWindow(p.Parameters.Hash).Length;
        int at = 1 + 24 + 4 * p.Parameters.FriStepList.Length + 1 + p.Parameters.Hash.Length;
        at += digest + 1 + (p.AuxRoot is null ? 0 : digest) + digest;
        at += 4 + 32 * p.OodTrace.Length + 4 + 32 * p.OodComposition.Length;
        at += 4 + digest * p.FriRoots.Length + 4 + 32 * p.FriLastLayer.Length + 8;
        return at;
    }

    private static StarkProof WithMain(StarkProof p, Felt[] values, int width) =>
        p with { MainOpening = new TableOpening(values, p.MainOpening.Siblings, width) };

    private static void AssertSameProof(StarkProof expected, StarkProof actual) =>
        Assert.Equal(ProofJson.Write(expected), ProofJson.Write(actual));
}
