using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class KeccakHintTests
{
    /// <summary>Keccak-f[1600] of the all-zero state, lane 0 and lane 24 (the Keccak team's KeccakF-1600 test vector).</summary>
    private static readonly BigInteger ZeroPermutedLane0 = new(0xF1258F7940E1DDE7UL);
    private static readonly BigInteger ZeroPermutedLane24 = new(0xEAF1FF7B5CECA249UL);



    [Fact]
    public void UnsafeKeccak_Abc_WritesKeccak256DigestHalves()
    {
        var r = HintHarness.Run(KeccakHints.UnsafeKeccak, [("data", "felt*"), ("length", "felt"), ("high", "felt"), ("low", "felt")], (m, b) =>
        {
            Relocatable data = m.AddSegment();
            m.Insert(data, F(0x616263));
            m.Insert(b, MaybeRelocatable.FromRelocatable(data));
            m.Insert(b.Add(1), F(3));
        });
        // Keccak-256("abc") = 4e03657aea45a94fc7d47ba826c8d667 c0d1e6e33a64a036ec44f58fa12d6c45.
        Assert.Equal(BigInteger.Parse("04e03657aea45a94fc7d47ba826c8d667", System.Globalization.NumberStyles.HexNumber), Read(r, 4));
        Assert.Equal(BigInteger.Parse("0c0d1e6e33a64a036ec44f58fa12d6c45", System.Globalization.NumberStyles.HexNumber), Read(r, 5));
    }

    [Fact]
    public void UnsafeKeccak_WordWiderThanItsBytes_FailsAtThePc()
    {
        var e = Assert.ThrowsAny<CairoException>(() =>
            HintHarness.Run(KeccakHints.UnsafeKeccak, [("data", "felt*"), ("length", "felt"), ("high", "felt"), ("low", "felt")], (m, b) =>
            {
                Relocatable data = m.AddSegment();
                m.Insert(data, F(0x1_000000));
                m.Insert(b, MaybeRelocatable.FromRelocatable(data));
                m.Insert(b.Add(1), F(3));
            }));
        Assert.Equal(CairoErrorKind.HintFailed, e.Kind);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void UnsafeKeccakFinalize_TwoWords_HashesThe32BigEndianBytes()
    {
        BigInteger w0 = (BigInteger.One << 127) + 5, w1 = 0x0102;
        var r = HintHarness.Run(KeccakHints.UnsafeKeccakFinalize, [("keccak_state", "starkware.cairo.common.keccak.KeccakState"), ("unused", "felt"), ("high", "felt"), ("low", "felt")], (m, b) =>
        {
            Relocatable data = m.AddSegment();
            m.Insert(data, F(w0));
            m.Insert(data.Add(1), F(w1));
            // keccak_state occupies [ap], [ap + 1] (start_ptr, end_ptr).
            m.Insert(b, MaybeRelocatable.FromRelocatable(data));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(data.Add(2)));
        });
        byte[] input = new byte[32];
        w0.TryWriteBytes(input.AsSpan(0, 16), out _, isUnsigned: true, isBigEndian: true);
        input[30] = 1; input[31] = 2;
        byte[] digest = Zetina.Stark.Hashing.Keccak256.Hash(input);
        Assert.Equal(new BigInteger(digest.AsSpan(0, 16), isUnsigned: true, isBigEndian: true), Read(r, 4));
        Assert.Equal(new BigInteger(digest.AsSpan(16, 16), isUnsigned: true, isBigEndian: true), Read(r, 5));
    }

    [Fact]
    public void BlockPermutation_ZeroState_WritesKeccakF1600AfterTheInput()
    {
        foreach (string code in new[] { KeccakHints.BlockPermutation, KeccakHints.BlockPermutationV010 })
        {
            Relocatable seg = default;
            var r = RunWithConstants(code, [("keccak_ptr", "felt*")], [("KECCAK_STATE_SIZE_FELTS", "25")], (m, b) =>
            {
                seg = m.AddSegment();
                for (int i = 0; i < 25; i++) m.Insert(seg.Add(i), F(0));
                m.Insert(b, MaybeRelocatable.FromRelocatable(seg.Add(25)));
            });
            Assert.Equal(ZeroPermutedLane0, r.Vm.Memory.GetFelt(seg.Add(25)).ToBigInteger());
            Assert.Equal(ZeroPermutedLane24, r.Vm.Memory.GetFelt(seg.Add(49)).ToBigInteger());
        }
    }

    [Fact]
    public void BlockPermutation_StateSizeNot25_Fails()
    {
        var e = Assert.ThrowsAny<CairoException>(() =>
            RunWithConstants(KeccakHints.BlockPermutation, [("keccak_ptr", "felt*")], [("KECCAK_STATE_SIZE_FELTS", "24")], (m, b) =>
            {
                Relocatable seg = m.AddSegment();
                for (int i = 0; i < 24; i++) m.Insert(seg.Add(i), F(0));
                m.Insert(b, MaybeRelocatable.FromRelocatable(seg.Add(24)));
            }));
        Assert.Contains("25 lanes", e.Message);
    }

    [Fact]
    public void FinalizeKeccak_BlockSize3_WritesThreeZeroInputOutputPairs()
    {
        Relocatable seg = default;
        var r = RunWithConstants(KeccakHints.FinalizeKeccak, [("keccak_ptr_end", "felt*")], [("KECCAK_STATE_SIZE_FELTS", "25"), ("BLOCK_SIZE", "3")], (m, b) =>
        {
            seg = m.AddSegment();
            m.Insert(b, MaybeRelocatable.FromRelocatable(seg));
        });
        Memory mem = r.Vm.Memory;
        Assert.Equal(150, mem.Segment(seg.Segment).UsedSize);
        Assert.Equal(BigInteger.Zero, mem.GetFelt(seg.Add(100)).ToBigInteger());
        Assert.Equal(ZeroPermutedLane0, mem.GetFelt(seg.Add(125)).ToBigInteger());
        Assert.Equal(ZeroPermutedLane24, mem.GetFelt(seg.Add(149)).ToBigInteger());
    }

    [Fact]
    public void FinalizeKeccak_BlockSizeOver10_FailsButLargeBlockVariantAcceptsIt()
    {
        Relocatable seg = default;
        Action<Memory, Relocatable> setup = (m, b) => m.Insert(b, MaybeRelocatable.FromRelocatable(seg = m.AddSegment()));
        Assert.ThrowsAny<CairoException>(() =>
            RunWithConstants(KeccakHints.FinalizeKeccak, [("keccak_ptr_end", "felt*")], [("KECCAK_STATE_SIZE_FELTS", "25"), ("BLOCK_SIZE", "12")], setup));
        var r = RunWithConstants(KeccakHints.FinalizeKeccakLargeBlock, [("keccak_ptr_end", "felt*")], [("KECCAK_STATE_SIZE_FELTS", "25"), ("BLOCK_SIZE", "12")], setup);
        Assert.Equal(600, r.Vm.Memory.Segment(seg.Segment).UsedSize);
    }

    [Fact]
    public void WriteArgs_SplitsLowAndHighInto64BitWords()
    {
        BigInteger low = (BigInteger.One << 64) * 5 + 7, high = (BigInteger.One << 64) * 9 + 11;
        Relocatable seg = default;
        var r = HintHarness.Run(KeccakHints.WriteArgs, [("inputs", "felt*"), ("low", "felt"), ("high", "felt")], (m, b) =>
        {
            seg = m.AddSegment();
            m.Insert(b, MaybeRelocatable.FromRelocatable(seg));
            m.Insert(b.Add(1), F(low));
            m.Insert(b.Add(2), F(high));
        });
        long[] expected = [7, 5, 11, 9];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], (long)r.Vm.Memory.GetFelt(seg.Add(i)).ToBigInteger());
    }

    [Fact]
    public void SplitInput_EveryWord_SplitsAtItsByteBoundary()
    {
        for (int k = 1; k <= 5; k++)
        {
            int index = 3 * k;
            BigInteger value = (BigInteger.Parse("123456789") << (8 * k)) + 0xAB;
            string code = KeccakHints.SplitInput("inputs", index);
            Assert.Contains(code, NativeHints.Registry.Keys);
            var r = HintHarness.Run(code, [("inputs", "felt*"), ($"high{index}", "felt"), ($"low{index}", "felt")], (m, b) =>
            {
                Relocatable seg = m.AddSegment();
                m.Insert(seg.Add(index), F(value));
                m.Insert(b, MaybeRelocatable.FromRelocatable(seg));
            });
            Assert.Equal(BigInteger.Parse("123456789"), Read(r, 3));
            Assert.Equal(0xAB, Read(r, 4));
        }
        Assert.Equal("ids.high3, ids.low3 = divmod(memory[ids.inputs + 3], 256)", KeccakHints.SplitInput("inputs", 3));
        Assert.Contains(KeccakHints.SplitInput("felt_array", 21), NativeHints.Registry.Keys);
    }

    [Fact]
    public void SplitOutputs_SplitAt128AndAt56Bits()
    {
        BigInteger v = (BigInteger.One << 200) + (BigInteger.One << 130) + 77;
        var r = HintHarness.Run(KeccakHints.SplitOutput0, [("output0", "felt"), ("output0_low", "felt"), ("output0_high", "felt")], (m, b) => m.Insert(b, F(v)));
        Assert.Equal(77 + (BigInteger.One << 130) - (BigInteger.One << 128) * 4, Read(r, 3));
        Assert.Equal(v >> 128, Read(r, 4));
        r = HintHarness.Run(KeccakHints.SplitOutputMidLowHigh, [("output1", "felt"), ("output1_low", "felt"), ("output1_mid", "felt"), ("output1_high", "felt")], (m, b) => m.Insert(b, F(v)));
        Assert.Equal(v % (BigInteger.One << 56), Read(r, 3));
        Assert.Equal((v >> 56) % (BigInteger.One << 128), Read(r, 4));
        Assert.Equal(v >> 184, Read(r, 5));
    }

    [Fact]
    public void SplitNBytesAndFullWord_DivideByTheWordSize()
    {
        var r = RunWithConstants(KeccakHints.SplitNBytes, [("n_bytes", "felt"), ("n_words_to_copy", "felt"), ("n_bytes_left", "felt")], [("BYTES_IN_WORD", "8")], (m, b) => m.Insert(b, F(45)));
        Assert.Equal(5, Read(r, 3));
        Assert.Equal(5, Read(r, 4));
        r = HintHarness.Run(KeccakHints.InputIsFullWord, [("n_bytes", "felt"), ("full_word", "felt")], (m, b) => m.Insert(b, F(8)));
        Assert.Equal(1, Read(r, 3));
        r = HintHarness.Run(KeccakHints.InputIsFullWord, [("n_bytes", "felt"), ("full_word", "felt")], (m, b) => m.Insert(b, F(7)));
        Assert.Equal(0, Read(r, 3));
    }
}
