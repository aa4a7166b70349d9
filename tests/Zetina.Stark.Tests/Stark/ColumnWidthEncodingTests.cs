using System.Buffers.Binary;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// The binary format's trace tables by column widths (version 4, <see cref="ColumnWidths"/>): proofs round-trip with
/// narrow and full-width columns, rows on the trace domain at their own widths; every other encoding of a table (a
/// column wider than its values in either class, a width outside [1, 32], a mark past the last row, a value not below
/// p, bytes missing) is refused with its error kind and the table, row and column named; marks that disagree with the
/// rows' positions are rejected by the verifier; and bytes that parse always re-serialize to themselves.
/// </summary>
public class ColumnWidthEncodingTests
{
    /// <summary>
    /// A valid proof whose main columns are constant: the Fibonacci recurrence from (0, 0) is zero on every row, so
    /// its interpolants are zero on the whole evaluation domain too and both columns go one byte wide.
    /// </summary>
    private static readonly Lazy<(FibonacciAir Air, StarkProof Proof)> s_zero = new(() =>
    {
        Felt[][] trace = FibonacciAir.BuildTrace(32, Felt.Zero, Felt.Zero);
        var air = new FibonacciAir(32, Felt.Zero, Felt.Zero, trace[1][31], StarkTestKit.JobId, StarkTestKit.Executor);
        return (air, StarkTestKit.Prove(air, trace, StarkTestKit.Small(5)));
    });

    /// <summary>A valid proof with random-looking columns off the trace (32 bytes wide there) and an interaction table.</summary>
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
        TableAt t = MainTable(proof);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(t.Start)));
        Assert.Equal((uint)t.Rows, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(t.Start + 4)));
        Assert.Equal(Marks(proof.MainOpening.OnTrace), bytes.AsSpan(t.Marks, t.OffWidths - t.Marks).ToArray());
        Assert.Equal(new byte[] { 1, 1, 1, 1 }, bytes.AsSpan(t.OffWidths, 4).ToArray());
        Assert.All(bytes.AsSpan(t.Values, 2 * t.Rows).ToArray(), b => Assert.Equal(0, b));

        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out ProofFormatError e, out string? msg), $"{e}: {msg}");
        AssertSameProof(proof, back!);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
        Assert.True(StarkVerifier.Verify(air, bytes, 0).IsValid);
    }

    [Fact]
    public void RandomColumns_SentFullWidthOffTheTrace_RoundTripAndVerify()
    {
        (PermutationAir air, StarkProof proof) = s_wide.Value;
        byte[] bytes = ProofSerializer.Write(proof);
        TableAt t = MainTable(proof);
        Assert.Contains(false, proof.MainOpening.OnTrace);
        Assert.Equal((uint)t.Width, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(t.Start)));
        Assert.All(bytes.AsSpan(t.OffWidths, t.Width).ToArray(), b => Assert.Equal(32, b));
        Assert.Equal(ColumnWidths.Of(proof.MainOpening.Values, t.Width, proof.MainOpening.OnTrace, true), bytes.AsSpan(t.OnWidths, t.Width).ToArray());

        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out ProofFormatError e, out string? msg), $"{e}: {msg}");
        AssertSameProof(proof, back!);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
        Assert.True(StarkVerifier.Verify(air, bytes, 0).IsValid);
    }

    [Fact]
    public void MixedWidths_RoundTrip_EachColumnAtItsMinimalWidthPerClass()
    {
        // Row 0 off the trace, row 1 on it: each class's widths are its own rows' maxima.
        StarkProof proof = WithMain(s_wide.Value.Proof,
            [Felt.Zero, (Felt)0x80UL, (Felt)0x1_0000UL, Felt.Zero - Felt.One,
             Felt.Zero, (Felt)0x7fffUL, (Felt)0xffUL, (Felt)0x1234UL], 4, [false, true]);
        byte[] bytes = ProofSerializer.Write(proof);
        TableAt t = MainTable(proof);
        Assert.Equal(new byte[] { 0b10 }, bytes.AsSpan(t.Marks, 1).ToArray());
        Assert.Equal(new byte[] { 1, 1, 3, 32 }, bytes.AsSpan(t.OffWidths, 4).ToArray());
        Assert.Equal(new byte[] { 1, 2, 1, 2 }, bytes.AsSpan(t.OnWidths, 4).ToArray());
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out ProofFormatError e, out string? msg), $"{e}: {msg}");
        AssertSameProof(proof, back!);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
    }

    [Fact]
    public void ColumnWiderThanItsValues_RefusedAsNonMinimal()
    {
        // Column 1 (0x80, 0x7f) of two rows off the trace widened from 1 to 2 bytes: each value gets a leading zero byte.
        StarkProof proof = WithMain(s_wide.Value.Proof, [(Felt)1UL, (Felt)0x80UL, (Felt)2UL, (Felt)0x7fUL], 2, [false, false]);
        byte[] bytes = ProofSerializer.Write(proof);
        TableAt t = MainTable(proof);
        int v = t.Values;
        Assert.Equal(new byte[] { 1, 1, 1, 1 }, bytes.AsSpan(t.OffWidths, 4).ToArray());
        var widened = new List<byte>(bytes[..t.OffWidths]) { 1, 2, 1, 1, bytes[v], 0, bytes[v + 1], bytes[v + 2], 0, bytes[v + 3] };
        widened.AddRange(bytes[(v + 4)..]);
        Assert.False(ProofSerializer.TryRead(widened.ToArray(), out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.NonMinimalEncoding, e);
        Assert.Contains("main opening: column 1 sent 2 bytes wide off the trace", msg);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FullWidthColumnOfSmallValues_RefusedAsNonMinimal(bool traceClass)
    {
        // The zero proof with its first column sent 32 bytes wide (leading zeros) in one class of rows.
        StarkProof proof = s_zero.Value.Proof;
        bool[] onTrace = proof.MainOpening.OnTrace;
        Assert.Contains(traceClass, onTrace);
        byte[] bytes = ProofSerializer.Write(proof);
        TableAt t = MainTable(proof);
        var wide = new List<byte>(bytes[..t.OffWidths]);
        wide.AddRange(traceClass ? [1, 1, 32, 1] : [32, 1, 1, 1]);
        foreach (bool row in onTrace) wide.AddRange(new byte[row == traceClass ? 33 : 2]);
        wide.AddRange(bytes[(t.Values + 2 * t.Rows)..]);
        Assert.False(ProofSerializer.TryRead(wide.ToArray(), out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.NonMinimalEncoding, e);
        Assert.Contains($"main opening: column 0 sent 32 bytes wide {(traceClass ? "on" : "off")} the trace, its values there fit in 1", msg);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(33, false)]
    [InlineData(255, true)]
    public void ColumnWidthOutOfRange_RefusedNamingTheColumn(byte width, bool traceClass)
    {
        StarkProof proof = s_zero.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        TableAt t = MainTable(proof);
        bytes[(traceClass ? t.OnWidths : t.OffWidths) + 1] = width;
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.InvalidField, e);
        Assert.Contains(traceClass ? $"main opening: column 1 widths 1 (off the trace) and {width} (on it)" : $"main opening: column 1 widths {width} (off the trace)", msg);
    }

    [Fact]
    public void MarkPastTheLastRow_Refused()
    {
        StarkProof proof = WithMain(s_wide.Value.Proof, [(Felt)1UL, (Felt)2UL], 1, [false, true]);
        byte[] bytes = ProofSerializer.Write(proof);
        bytes[MainTable(proof).Marks] |= 0b100;
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.InvalidField, e);
        Assert.Contains("main opening: trace-row mark bits set past row 1", msg);
    }

    [Fact]
    public void MarksOtherThanThePositions_RejectedAsShapeMismatch()
    {
        // Every value of the zero proof is zero, so a flipped mark still encodes (one byte either way) and only the
        // verifier, which knows the opened rows' positions, can tell.
        (FibonacciAir air, StarkProof proof) = s_zero.Value;
        bool[] flipped = (bool[])proof.MainOpening.OnTrace.Clone();
        flipped[0] = !flipped[0];
        byte[] bytes = ProofSerializer.Write(proof with { MainOpening = proof.MainOpening with { OnTrace = flipped } });
        VerifyResult r = StarkVerifier.Verify(air, bytes, 0);
        Assert.Equal(VerifyError.ShapeMismatch, r.Error);
        Assert.Contains("main opening: row", r.Message);
        Assert.Contains($"marked {(flipped[0] ? "on" : "off")} the trace domain", r.Message);
    }

    [Fact]
    public void ValueNotBelowP_RefusedNamingRowAndColumn()
    {
        StarkProof proof = s_wide.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        TableAt t = MainTable(proof);
        bool[] onTrace = proof.MainOpening.OnTrace;
        // The first row off the trace, column 0: 32 bytes wide there; the rows before it at their class's widths.
        int row = Array.IndexOf(onTrace, false), at = t.Values;
        int onRow = bytes.AsSpan(t.OnWidths, t.Width).ToArray().Sum(b => b);
        for (int r = 0; r < row; r++) at += onTrace[r] ? onRow : 32 * t.Width;
        bytes.AsSpan(at, 32).Fill(0xff);
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.NonCanonicalFelt, e);
        Assert.Contains($"main opening: row {row}, column 0 is not below p", msg);
    }

    [Fact]
    public void TruncatedMidValue_RefusedBeforeDecoding()
    {
        StarkProof proof = s_zero.Value.Proof;
        byte[] bytes = ProofSerializer.Write(proof);
        Assert.False(ProofSerializer.TryRead(bytes.AsSpan(0, MainTable(proof).Values + 3), out _, out ProofFormatError e, out string? msg));
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
    [InlineData(3)]
    [InlineData(6)]
    public void EarlierOrUnknownVersion_Refused(byte version)
    {
        byte[] bytes = ProofSerializer.Write(s_zero.Value.Proof);
        bytes[0] = version;
        Assert.False(ProofSerializer.TryRead(bytes, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.UnsupportedVersion, e);
        Assert.Contains($"version {version}, this reader knows 4", msg);
    }

    [Fact]
    public void ChangedValueThatStillParses_RejectedByMerkleCheck()
    {
        // A zero main value made 1: still a minimal one-byte column, so the bytes parse; the leaf no longer hashes to the root.
        (FibonacciAir air, StarkProof proof) = s_zero.Value;
        byte[] bytes = ProofSerializer.Write(proof);
        bytes[MainTable(proof).Values + 3] = 1;
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
        bool[] marks = [.. proof.MainOpening.OnTrace.SelectMany(m => new[] { m, m })];
        StarkProof regrouped = proof with { MainOpening = proof.MainOpening with { Width = 1, OnTrace = marks } };
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

    private static StarkProof WithMain(StarkProof p, Felt[] values, int width, bool[] onTrace) =>
        p with { MainOpening = new TableOpening(values, p.MainOpening.Siblings, width, onTrace) };

    /// <summary>Where a version-4 trace table's parts start: its marks, its widths off and on the trace, its values.</summary>
    private readonly record struct TableAt(int Start, int Rows, int Width)
    {
        public int Marks => Start + 8;
        public int OffWidths => Marks + (Rows + 7) / 8;
        public int OnWidths => OffWidths + Width;
        public int Values => OnWidths + Width;
    }

    private static TableAt MainTable(StarkProof p) => new(MainTableOffset(p), p.MainOpening.OnTrace.Length, p.MainOpening.Width);

    /// <summary>The marks' bytes: row r at bit r mod 8 of byte r / 8.</summary>
    private static byte[] Marks(bool[] onTrace)
    {
        var b = new byte[(onTrace.Length + 7) / 8];
        for (int r = 0; r < onTrace.Length; r++) if (onTrace[r]) b[r / 8] |= (byte)(1 << (r % 8));
        return b;
    }

    private static void AssertSameProof(StarkProof expected, StarkProof actual) =>
        Assert.Equal(ProofJson.Write(expected), ProofJson.Write(actual));
}
