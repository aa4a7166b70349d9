using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Hashing;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.cairo_blake2s.blake2s</c>: the compression of one instance
/// (<c>compute_blake2s_func</c>), <c>finalize_blake2s</c>'s dummy instances, the uint256 → u32 words helpers, the
/// felt unpacking of cairo-lang 0.14, and the compression of StarkNet's blake2s whitelist.
/// </summary>
/// <remarks>
/// cairo-lang's <c>blake2s_compress(h, message, t0, t1, f0, f1)</c> is RFC 7693's F, computed by
/// <see cref="Blake2s256.Compress(Span{uint}, ReadOnlySpan{uint}, uint, uint, uint, uint)"/>. Words must be below
/// 2^32 (the Python function would carry larger values into its output); the counter and flags enter modulo 2^32
/// as <c>(IV[i] ^ t) % 2**32</c> does.
/// </remarks>
public static class Blake2sHints
{
    /// <summary>(cairo-lang cairo_blake2s/blake2s.cairo).</summary>
    public const string Blake2sCompute = """
        from starkware.cairo.common.cairo_blake2s.blake2s_utils import compute_blake2s_func
        compute_blake2s_func(segments=segments, output_ptr=ids.output)
        """;

    /// <summary>(cairo-lang cairo_blake2s/blake2s.cairo).</summary>
    public const string Blake2sFinalize = """
        # Add dummy pairs of input and output.
        from starkware.cairo.common.cairo_blake2s.blake2s_utils import IV, blake2s_compress

        _n_packed_instances = int(ids.N_PACKED_INSTANCES)
        assert 0 <= _n_packed_instances < 20
        _blake2s_input_chunk_size_felts = int(ids.INPUT_BLOCK_FELTS)
        assert 0 <= _blake2s_input_chunk_size_felts < 100

        message = [0] * _blake2s_input_chunk_size_felts
        modified_iv = [IV[0] ^ 0x01010020] + IV[1:]
        output = blake2s_compress(
            message=message,
            h=modified_iv,
            t0=0,
            t1=0,
            f0=0xffffffff,
            f1=0,
        )
        padding = (modified_iv + message + [0, 0xffffffff] + output) * (_n_packed_instances - 1)
        segments.write_arg(ids.blake2s_ptr_end, padding)
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string Blake2sFinalizeV2 = """
        # Add dummy pairs of input and output.
        from starkware.cairo.common.cairo_blake2s.blake2s_utils import IV, blake2s_compress

        _n_packed_instances = int(ids.N_PACKED_INSTANCES)
        assert 0 <= _n_packed_instances < 20
        _blake2s_input_chunk_size_felts = int(ids.BLAKE2S_INPUT_CHUNK_SIZE_FELTS)
        assert 0 <= _blake2s_input_chunk_size_felts < 100

        message = [0] * _blake2s_input_chunk_size_felts
        modified_iv = [IV[0] ^ 0x01010020] + IV[1:]
        output = blake2s_compress(
            message=message,
            h=modified_iv,
            t0=0,
            t1=0,
            f0=0xffffffff,
            f1=0,
        )
        padding = (modified_iv + message + [0, 0xffffffff] + output) * (_n_packed_instances - 1)
        segments.write_arg(ids.blake2s_ptr_end, padding)
        """;

    /// <summary>(StarkNet whitelist cairo_blake2s.json).</summary>
    public const string Blake2sFinalizeV3 = """
        # Add dummy pairs of input and output.
        from starkware.cairo.common.cairo_blake2s.blake2s_utils import IV, blake2s_compress

        _n_packed_instances = int(ids.N_PACKED_INSTANCES)
        assert 0 <= _n_packed_instances < 20
        _blake2s_input_chunk_size_felts = int(ids.BLAKE2S_INPUT_CHUNK_SIZE_FELTS)
        assert 0 <= _blake2s_input_chunk_size_felts < 100

        message = [0] * _blake2s_input_chunk_size_felts
        modified_iv = [IV[0] ^ 0x01010020] + IV[1:]
        output = blake2s_compress(
            message=message,
            h=modified_iv,
            t0=0,
            t1=0,
            f0=0xffffffff,
            f1=0,
        )
        padding = (message + modified_iv + [0, 0xffffffff] + output) * (_n_packed_instances - 1)
        segments.write_arg(ids.blake2s_ptr_end, padding)
        """;

    /// <summary>(cairo-lang cairo_blake2s/blake2s.cairo).</summary>
    public const string Blake2sAddUint256 = """
        B = 32
        MASK = 2 ** 32 - 1
        segments.write_arg(ids.data, [(ids.low >> (B * i)) & MASK for i in range(4)])
        segments.write_arg(ids.data + 4, [(ids.high >> (B * i)) & MASK for i in range(4)])
        """;

    /// <summary>(cairo-lang cairo_blake2s/blake2s.cairo).</summary>
    public const string Blake2sAddUint256Bigend = """
        B = 32
        MASK = 2 ** 32 - 1
        segments.write_arg(ids.data, [(ids.high >> (B * (3 - i))) & MASK for i in range(4)])
        segments.write_arg(ids.data + 4, [(ids.low >> (B * (3 - i))) & MASK for i in range(4)])
        """;

    /// <summary>(StarkNet whitelist cairo_blake2s.json).</summary>
    public const string Blake2sCompress = """
        from starkware.cairo.common.cairo_blake2s.blake2s_utils import IV, blake2s_compress

        _blake2s_input_chunk_size_felts = int(ids.BLAKE2S_INPUT_CHUNK_SIZE_FELTS)
        assert 0 <= _blake2s_input_chunk_size_felts < 100

        new_state = blake2s_compress(
            message=memory.get_range(ids.blake2s_start, _blake2s_input_chunk_size_felts),
            h=[IV[0] ^ 0x01010020] + IV[1:],
            t0=ids.n_bytes,
            t1=0,
            f0=0xffffffff,
            f1=0,
        )

        segments.write_arg(ids.output, new_state)
        """;

    /// <summary>(cairo-lang cairo_blake2s/blake2s.cairo).</summary>
    public const string Blake2sUnpackFelts = """
        offset = 0
        for i in range(ids.packed_values_len):
            val = (memory[ids.packed_values + i] % PRIME)
            val_len = 2 if val < 2**63 else 8
            if val_len == 8:
                val += 2**255
            for i in range(val_len - 1, -1, -1):
                val, memory[ids.unpacked_u32s + offset + i] = divmod(val, 2**32)
            assert val == 0
            offset += val_len
        """;

    /// <summary>(cairo-lang cairo_blake2s/blake2s.cairo).</summary>
    public const string IsLessThan63BitsAndNotEnd = "memory[ap] = to_felt_or_relocatable((ids.end != ids.packed_values) and (memory[ids.packed_values] < 2**63))";

    /// <summary>BLAKE2s's IV with the parameter block of an unkeyed 32-byte digest: IV[0] ^ 0x01010020.</summary>
    private static readonly uint[] ModifiedIv = InitialState();

    private static uint[] InitialState()
    {
        var h = new uint[8];
        Blake2s256.InitialState(h);
        return h;
    }

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(Blake2sCompute, ctx =>
        {
            Relocatable output = ctx.GetPtr("output");
            if (output.Offset < 26) throw ctx.Fail($"compute_blake2s_func: output {output} has fewer than 26 cells before it");
            uint[] h = Words(ctx, ReadRange(ctx, output.Add(-26), 8), "h");
            uint[] message = Words(ctx, ReadRange(ctx, output.Add(-18), 16), "message");
            BigInteger t = Int(ctx, output.Add(-2)), f = Int(ctx, output.Add(-1));
            Blake2s256.Compress(h, message, Low32(t), 0, Low32(f), 0);
            WriteWords(ctx, output, h);
        }),
        new(Blake2sFinalize, ctx => Finalize(ctx, "INPUT_BLOCK_FELTS", ivFirst: true)),
        new(Blake2sFinalizeV2, ctx => Finalize(ctx, "BLAKE2S_INPUT_CHUNK_SIZE_FELTS", ivFirst: true)),
        new(Blake2sFinalizeV3, ctx => Finalize(ctx, "BLAKE2S_INPUT_CHUNK_SIZE_FELTS", ivFirst: false)),
        new(Blake2sAddUint256, ctx =>
        {
            BigInteger low = Int(ctx, "low"), high = Int(ctx, "high");
            Relocatable data = ctx.GetPtr("data");
            for (int i = 0; i < 4; i++)
            {
                ctx.Memory.Insert(data.Add(i), F((low >> (32 * i)) & uint.MaxValue));
                ctx.Memory.Insert(data.Add(4 + i), F((high >> (32 * i)) & uint.MaxValue));
            }
        }),
        new(Blake2sAddUint256Bigend, ctx =>
        {
            BigInteger low = Int(ctx, "low"), high = Int(ctx, "high");
            Relocatable data = ctx.GetPtr("data");
            for (int i = 0; i < 4; i++)
            {
                ctx.Memory.Insert(data.Add(i), F((high >> (32 * (3 - i))) & uint.MaxValue));
                ctx.Memory.Insert(data.Add(4 + i), F((low >> (32 * (3 - i))) & uint.MaxValue));
            }
        }),
        new(Blake2sCompress, ctx =>
        {
            int n = SmallConstant(ctx, "BLAKE2S_INPUT_CHUNK_SIZE_FELTS", 100);
            uint[] message = Message(ctx, ReadRange(ctx, ctx.GetPtr("blake2s_start"), n));
            uint[] h = (uint[])ModifiedIv.Clone();
            Blake2s256.Compress(h, message, Low32(Int(ctx, "n_bytes")), 0, 0xFFFFFFFFu, 0);
            WriteWords(ctx, ctx.GetPtr("output"), h);
        }),
        new(Blake2sUnpackFelts, ctx =>
        {
            BigInteger count = Int(ctx, "packed_values_len");
            if (count > int.MaxValue) throw ctx.Fail($"packed_values_len {count} is too large");
            Relocatable packed = ctx.GetPtr("packed_values"), unpacked = ctx.GetPtr("unpacked_u32s");
            long offset = 0;
            for (int i = 0; i < (int)count; i++)
            {
                BigInteger val = Int(ctx, packed.Add(i));
                int len = val < (BigInteger.One << 63) ? 2 : 8;
                if (len == 8) val += BigInteger.One << 255;
                for (int j = len - 1; j >= 0; j--)
                {
                    ctx.Memory.Insert(unpacked.Add(offset + j), F(val & uint.MaxValue));
                    val >>= 32;
                }
                if (!val.IsZero) throw ctx.Fail($"packed value {i} does not fit in {len} words");
                offset += len;
            }
        }),
        new(IsLessThan63BitsAndNotEnd, ctx =>
        {
            MaybeRelocatable end = ctx.Get("end"), packed = ctx.Get("packed_values");
            bool result = !end.Equals(packed) && Int(ctx, ctx.GetPtr("packed_values")) < (BigInteger.One << 63);
            WriteBoolAtAp(ctx, result);
        }),
    ];

    private static uint Low32(BigInteger v) => (uint)(v & uint.MaxValue);

    private static uint[] Words(HintContext ctx, BigInteger[] values, string what)
    {
        var words = new uint[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > uint.MaxValue) throw ctx.Fail($"blake2s_compress: {what}[{i}] = {values[i]} is not a 32-bit word");
            words[i] = (uint)values[i];
        }
        return words;
    }

    private static uint[] Message(HintContext ctx, BigInteger[] values)
    {
        if (values.Length < 16) throw ctx.Fail($"blake2s_compress needs a 16-word message, got {values.Length}");
        return Words(ctx, values[..16], "message");
    }

    private static void WriteWords(HintContext ctx, Relocatable at, ReadOnlySpan<uint> words)
    {
        for (int i = 0; i < words.Length; i++) ctx.Memory.Insert(at.Add(i), F(words[i]));
    }

    /// <summary>
    /// <c>finalize_blake2s</c>: (N_PACKED_INSTANCES − 1) dummy instances of the zero message compressed from the
    /// modified IV with t = 0 and the final flag, laid out as (iv, message) or (message, iv), then [0, 0xffffffff]
    /// and the output.
    /// </summary>
    private static void Finalize(HintContext ctx, string chunkConstant, bool ivFirst)
    {
        int instances = SmallConstant(ctx, "N_PACKED_INSTANCES", 20);
        int n = SmallConstant(ctx, chunkConstant, 100);
        var message = new BigInteger[n];
        uint[] output = (uint[])ModifiedIv.Clone();
        Blake2s256.Compress(output, Message(ctx, message), 0, 0, 0xFFFFFFFFu, 0);
        var one = new List<BigInteger>(n + 18);
        void AddIv() { foreach (uint w in ModifiedIv) one.Add(w); }
        if (ivFirst) { AddIv(); one.AddRange(message); }
        else { one.AddRange(message); AddIv(); }
        one.Add(0);
        one.Add(0xFFFFFFFFu);
        foreach (uint w in output) one.Add(w);
        var padding = new BigInteger[one.Count * Math.Max(0, instances - 1)];
        for (int k = 0; k < instances - 1; k++) one.CopyTo(padding, k * one.Count);
        WriteArg(ctx, ctx.GetPtr("blake2s_ptr_end"), padding);
    }
}
