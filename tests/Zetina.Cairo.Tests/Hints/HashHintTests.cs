using System.Buffers.Binary;
using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class HashHintTests
{
    private static uint[] ReadWords(CairoRunner r, Relocatable at, int n)
    {
        var w = new uint[n];
        for (int i = 0; i < n; i++) w[i] = (uint)r.Vm.Memory.GetFelt(at.Add(i)).ToBigInteger();
        return w;
    }

    private static byte[] LittleEndianBytes(uint[] words)
    {
        var b = new byte[4 * words.Length];
        for (int i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4 * i), words[i]);
        return b;
    }

    private static uint[] BigEndianWords(string hex)
    {
        byte[] b = Convert.FromHexString(hex);
        var w = new uint[b.Length / 4];
        for (int i = 0; i < w.Length; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(4 * i));
        return w;
    }

    [Fact]
    public void Sha256Main_AbcBlock_GivesTheFips180Digest()
    {
        Relocatable output = default;
        var r = RunWithConstants(Sha256Hints.Sha256MainConstantInputLength, [("sha256_start", "felt*"), ("output", "felt*")], [("SHA256_INPUT_CHUNK_SIZE_FELTS", "16")], (m, b) =>
        {
            Relocatable block = m.AddSegment();
            output = m.AddSegment();
            // "abc" padded: 0x61626380, zeros, bit length 24.
            m.Insert(block, F(0x61626380));
            for (int i = 1; i < 15; i++) m.Insert(block.Add(i), F(0));
            m.Insert(block.Add(15), F(24));
            m.Insert(b, MaybeRelocatable.FromRelocatable(block));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(output));
        });
        Assert.Equal(BigEndianWords("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"), ReadWords(r, output, 8));
    }

    [Fact]
    public void Sha256Main_WordOver32Bits_FailsAtThePc()
    {
        var e = Assert.ThrowsAny<CairoException>(() =>
            RunWithConstants(Sha256Hints.Sha256MainConstantInputLength, [("sha256_start", "felt*"), ("output", "felt*")], [("SHA256_INPUT_CHUNK_SIZE_FELTS", "16")], (m, b) =>
            {
                Relocatable block = m.AddSegment();
                for (int i = 0; i < 16; i++) m.Insert(block.Add(i), F(i == 3 ? BigInteger.One << 32 : 0));
                m.Insert(b, MaybeRelocatable.FromRelocatable(block));
                m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(m.AddSegment()));
            }));
        Assert.Equal(CairoErrorKind.HintFailed, e.Kind);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void Sha256ArbitraryLength_FromTheIv_EqualsTheConstantLengthVariant()
    {
        Relocatable output = default;
        var r = RunAll([Sha256Hints.Sha256MainArbitraryInputLength], [("sha256_start", "felt*"), ("state", "felt*"), ("output", "felt*")], (m, b) =>
        {
            Relocatable block = m.AddSegment(), state = m.AddSegment();
            output = m.AddSegment();
            m.Insert(block, F(0x61626380));
            for (int i = 1; i < 15; i++) m.Insert(block.Add(i), F(0));
            m.Insert(block.Add(15), F(24));
            uint[] iv = [0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u];
            for (int i = 0; i < 8; i++) m.Insert(state.Add(i), F(iv[i]));
            m.Insert(b, MaybeRelocatable.FromRelocatable(block));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(state));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(output));
        }, null, ",\"__main__.main.SHA256_INPUT_CHUNK_SIZE_FELTS\": {\"type\": \"const\", \"value\": 16},\"__main__.main.SHA256_STATE_SIZE_FELTS\": {\"type\": \"const\", \"value\": 8}");
        Assert.Equal(BigEndianWords("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"), ReadWords(r, output, 8));
    }

    [Fact]
    public void Sha256FinalizeBatch_PadsTheMissingBlocksWithZeroMessageIvAndOutput()
    {
        Relocatable end = default;
        // n = 5, BATCH_SIZE = 7: two dummy blocks of 16 + 8 + 8 cells.
        var r = RunAll([Sha256Hints.Sha256FinalizeBatch], [("n", "felt"), ("sha256_ptr_end", "felt*")], (m, b) =>
        {
            end = m.AddSegment();
            m.Insert(b, F(5));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(end));
        }, null, ",\"__main__.main.SHA256_INPUT_CHUNK_SIZE_FELTS\": {\"type\": \"const\", \"value\": 16},\"__main__.main.BATCH_SIZE\": {\"type\": \"const\", \"value\": 7}");
        Assert.Equal(64, r.Vm.Memory.Segment(end.Segment).UsedSize);
        Assert.Equal(0x6A09E667u, ReadWords(r, end.Add(16), 1)[0]);
        Assert.Equal(ReadWords(r, end.Add(24), 8), ReadWords(r, end.Add(56), 8));
        Assert.Equal(0u, ReadWords(r, end.Add(32), 1)[0]);
    }

    [Fact]
    public void Blake2sCompress_Abc_GivesTheRfc7693Digest()
    {
        Relocatable output = default;
        var r = RunWithConstants(Blake2sHints.Blake2sCompress, [("blake2s_start", "felt*"), ("n_bytes", "felt"), ("output", "felt*")], [("BLAKE2S_INPUT_CHUNK_SIZE_FELTS", "16")], (m, b) =>
        {
            Relocatable block = m.AddSegment();
            output = m.AddSegment();
            m.Insert(block, F(0x00636261));
            for (int i = 1; i < 16; i++) m.Insert(block.Add(i), F(0));
            m.Insert(b, MaybeRelocatable.FromRelocatable(block));
            m.Insert(b.Add(1), F(3));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(output));
        });
        Assert.Equal(Convert.FromHexString("508C5E8C327C14E2E1A72BA34EEB452F37458B209ED63A294D999B4C86675982"), LittleEndianBytes(ReadWords(r, output, 8)));
    }

    [Fact]
    public void Blake2sCompute_ReadsStateMessageCounterAndFlagBeforeOutput()
    {
        Relocatable seg = default;
        var r = HintHarness.Run(Blake2sHints.Blake2sCompute, [("output", "felt*")], (m, b) =>
        {
            seg = m.AddSegment();
            uint[] iv = [0x6A09E667u ^ 0x01010020u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u];
            for (int i = 0; i < 8; i++) m.Insert(seg.Add(i), F(iv[i]));
            m.Insert(seg.Add(8), F(0x00636261));
            for (int i = 1; i < 16; i++) m.Insert(seg.Add(8 + i), F(0));
            m.Insert(seg.Add(24), F(3));
            m.Insert(seg.Add(25), F(0xFFFFFFFF));
            m.Insert(b, MaybeRelocatable.FromRelocatable(seg.Add(26)));
        });
        Assert.Equal(Convert.FromHexString("508C5E8C327C14E2E1A72BA34EEB452F37458B209ED63A294D999B4C86675982"), LittleEndianBytes(ReadWords(r, seg.Add(26), 8)));
    }

    [Fact]
    public void Blake2sFinalize_DummyInstancesHashTheEmptyMessage()
    {
        Relocatable end = default;
        var r = RunAll([Blake2sHints.Blake2sFinalize], [("blake2s_ptr_end", "felt*")], (m, b) =>
        {
            end = m.AddSegment();
            m.Insert(b, MaybeRelocatable.FromRelocatable(end));
        }, null, ",\"__main__.main.N_PACKED_INSTANCES\": {\"type\": \"const\", \"value\": 3},\"__main__.main.INPUT_BLOCK_FELTS\": {\"type\": \"const\", \"value\": 16}");
        // Two instances of iv (8) + message (16) + [0, 0xffffffff] + output (8) = 34 cells.
        Assert.Equal(68, r.Vm.Memory.Segment(end.Segment).UsedSize);
        Assert.Equal(0xFFFFFFFFu, ReadWords(r, end.Add(25), 1)[0]);
        Assert.Equal(Convert.FromHexString("69217A3079908094E11121D042354A7C1F55B6482CA1A51E1B250DFD1ED0EEF9"), LittleEndianBytes(ReadWords(r, end.Add(60), 8)));
    }

    [Fact]
    public void Blake2sAddUint256_AndBigend_SplitInto32BitWords()
    {
        BigInteger low = BigInteger.Parse("0112233445566778899AABBCCDDEEFF00", System.Globalization.NumberStyles.HexNumber);
        BigInteger high = 5;
        Relocatable data = default;
        Action<Memory, Relocatable> setup = (m, b) =>
        {
            data = m.AddSegment();
            m.Insert(b, MaybeRelocatable.FromRelocatable(data));
            m.Insert(b.Add(1), F(low));
            m.Insert(b.Add(2), F(high));
        };
        var r = HintHarness.Run(Blake2sHints.Blake2sAddUint256, [("data", "felt*"), ("low", "felt"), ("high", "felt")], setup);
        Assert.Equal([0xDDEEFF00u, 0x99AABBCCu, 0x55667788u, 0x11223344u, 5u, 0u, 0u, 0u], ReadWords(r, data, 8));
        r = HintHarness.Run(Blake2sHints.Blake2sAddUint256Bigend, [("data", "felt*"), ("low", "felt"), ("high", "felt")], setup);
        Assert.Equal([0u, 0u, 0u, 5u, 0x11223344u, 0x55667788u, 0x99AABBCCu, 0xDDEEFF00u], ReadWords(r, data, 8));
    }

    [Fact]
    public void Blake2sUnpackFelts_SmallValuesTakeTwoWords_LargeEightWithTheTopBit()
    {
        Relocatable unpacked = default;
        var r = HintHarness.Run(Blake2sHints.Blake2sUnpackFelts, [("packed_values_len", "felt"), ("packed_values", "felt*"), ("unpacked_u32s", "felt*")], (m, b) =>
        {
            Relocatable packed = m.AddSegment();
            unpacked = m.AddSegment();
            m.Insert(packed, F(5));
            m.Insert(packed.Add(1), F((BigInteger.One << 63) + 7));
            m.Insert(b, F(2));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(packed));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(unpacked));
        });
        Assert.Equal([0u, 5u, 0x80000000u, 0u, 0u, 0u, 0u, 0u, 0x80000000u, 7u], ReadWords(r, unpacked, 10));
    }

    [Fact]
    public void InputIsFullWord32_ComparesWithFourBytes()
    {
        var r = HintHarness.Run(Sha256Hints.InputIsFullWord32, [("n_bytes", "felt"), ("full_word", "felt")], (m, b) => m.Insert(b, F(4)));
        Assert.Equal(1, Read(r, 3));
    }
}
