using System.Numerics;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.cairo_sha256.sha256_utils</c> (<c>finalize_sha256</c>'s dummy blocks) and
/// of the <c>cairo_sha256</c> library StarkNet whitelists (one block's compression from the IV or from a given
/// state, the padding of a batch, the full-word test shared with blake2s).
/// </summary>
/// <remarks>
/// <c>compute_message_schedule</c> needs exactly 16 words and <c>sha2_compress_function</c> a state of 8; words must
/// be below 2^32. Computed by <see cref="Sha256Compression"/>.
/// </remarks>
public static class Sha256Hints
{
    /// <summary>(StarkNet whitelist cairo_blake2s.json, cairo_sha256.json).</summary>
    public const string InputIsFullWord32 = "ids.full_word = int(ids.n_bytes >= 4)";

    /// <summary>(StarkNet whitelist cairo_sha256.json).</summary>
    public const string Sha256MainConstantInputLength = """
        from starkware.cairo.common.cairo_sha256.sha256_utils import (
            IV, compute_message_schedule, sha2_compress_function)

        _sha256_input_chunk_size_felts = int(ids.SHA256_INPUT_CHUNK_SIZE_FELTS)
        assert 0 <= _sha256_input_chunk_size_felts < 100

        w = compute_message_schedule(memory.get_range(
            ids.sha256_start, _sha256_input_chunk_size_felts))
        new_state = sha2_compress_function(IV, w)
        segments.write_arg(ids.output, new_state)
        """;

    /// <summary>(StarkNet whitelist cairo_sha256_arbitrary_input_length.json).</summary>
    public const string Sha256MainArbitraryInputLength = """
        from starkware.cairo.common.cairo_sha256.sha256_utils import (
            compute_message_schedule, sha2_compress_function)

        _sha256_input_chunk_size_felts = int(ids.SHA256_INPUT_CHUNK_SIZE_FELTS)
        assert 0 <= _sha256_input_chunk_size_felts < 100
        _sha256_state_size_felts = int(ids.SHA256_STATE_SIZE_FELTS)
        assert 0 <= _sha256_state_size_felts < 100
        w = compute_message_schedule(memory.get_range(
            ids.sha256_start, _sha256_input_chunk_size_felts))
        new_state = sha2_compress_function(memory.get_range(ids.state, _sha256_state_size_felts), w)
        segments.write_arg(ids.output, new_state)
        """;

    /// <summary>(StarkNet whitelist cairo_sha256.json).</summary>
    public const string Sha256Finalize = """
        # Add dummy pairs of input and output.
        from starkware.cairo.common.cairo_sha256.sha256_utils import (
            IV, compute_message_schedule, sha2_compress_function)

        _block_size = int(ids.BLOCK_SIZE)
        assert 0 <= _block_size < 20
        _sha256_input_chunk_size_felts = int(ids.SHA256_INPUT_CHUNK_SIZE_FELTS)
        assert 0 <= _sha256_input_chunk_size_felts < 100

        message = [0] * _sha256_input_chunk_size_felts
        w = compute_message_schedule(message)
        output = sha2_compress_function(IV, w)
        padding = (message + IV + output) * (_block_size - 1)
        segments.write_arg(ids.sha256_ptr_end, padding)
        """;

    /// <summary>(cairo-lang cairo_sha256/sha256_utils.cairo).</summary>
    public const string Sha256FinalizeBatch = """
        # Add dummy pairs of input and output.
        from starkware.cairo.common.cairo_sha256.sha256_utils import (
            IV,
            compute_message_schedule,
            sha2_compress_function,
        )

        number_of_missing_blocks = (-ids.n) % ids.BATCH_SIZE
        assert 0 <= number_of_missing_blocks < 20
        _sha256_input_chunk_size_felts = ids.SHA256_INPUT_CHUNK_SIZE_FELTS
        assert 0 <= _sha256_input_chunk_size_felts < 100

        message = [0] * _sha256_input_chunk_size_felts
        w = compute_message_schedule(message)
        output = sha2_compress_function(IV, w)
        padding = (message + IV + output) * number_of_missing_blocks
        segments.write_arg(ids.sha256_ptr_end, padding)
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(InputIsFullWord32, ctx => ctx.Set("full_word", F(Int(ctx, "n_bytes") >= 4 ? 1 : 0))),
        new(Sha256MainConstantInputLength, ctx =>
        {
            int n = SmallConstant(ctx, "SHA256_INPUT_CHUNK_SIZE_FELTS", 100);
            uint[] state = Sha256Compression.IV.ToArray();
            Compress(ctx, state, ReadRange(ctx, ctx.GetPtr("sha256_start"), n));
            WriteWords(ctx, ctx.GetPtr("output"), state);
        }),
        new(Sha256MainArbitraryInputLength, ctx =>
        {
            int n = SmallConstant(ctx, "SHA256_INPUT_CHUNK_SIZE_FELTS", 100);
            int stateSize = SmallConstant(ctx, "SHA256_STATE_SIZE_FELTS", 100);
            BigInteger[] block = ReadRange(ctx, ctx.GetPtr("sha256_start"), n);
            uint[] state = Words(ctx, ReadRange(ctx, ctx.GetPtr("state"), stateSize), "state");
            if (state.Length != 8) throw ctx.Fail($"sha2_compress_function needs a state of 8 words, got {state.Length}");
            Compress(ctx, state, block);
            WriteWords(ctx, ctx.GetPtr("output"), state);
        }),
        new(Sha256Finalize, ctx =>
        {
            int blockSize = SmallConstant(ctx, "BLOCK_SIZE", 20);
            int n = SmallConstant(ctx, "SHA256_INPUT_CHUNK_SIZE_FELTS", 100);
            WritePadding(ctx, n, blockSize - 1);
        }),
        new(Sha256FinalizeBatch, ctx =>
        {
            BigInteger batch = ctx.Constant("BATCH_SIZE");
            if (batch.Sign <= 0) throw ctx.Fail($"BATCH_SIZE = {batch}");
            BigInteger missing = Mod(-Int(ctx, "n"), batch);
            if (missing >= 20) throw ctx.Fail($"assert 0 <= number_of_missing_blocks < 20 failed: {missing}");
            int n = SmallConstant(ctx, "SHA256_INPUT_CHUNK_SIZE_FELTS", 100);
            WritePadding(ctx, n, (int)missing);
        }),
    ];

    /// <summary><c>(message + IV + sha2_compress_function(IV, schedule(message))) * count</c> for the zero message.</summary>
    private static void WritePadding(HintContext ctx, int chunk, int count)
    {
        var message = new BigInteger[chunk];
        uint[] output = Sha256Compression.IV.ToArray();
        Compress(ctx, output, message);
        int size = chunk + 16;
        var padding = new BigInteger[size * Math.Max(0, count)];
        for (int k = 0; k < count; k++)
        {
            int at = k * size + chunk;
            for (int i = 0; i < 8; i++)
            {
                padding[at + i] = Sha256Compression.IV[i];
                padding[at + 8 + i] = output[i];
            }
        }
        WriteArg(ctx, ctx.GetPtr("sha256_ptr_end"), padding);
    }

    private static void Compress(HintContext ctx, Span<uint> state, BigInteger[] block)
    {
        if (block.Length != 16) throw ctx.Fail($"compute_message_schedule needs 16 words, got {block.Length}");
        Span<uint> w = stackalloc uint[64];
        Sha256Compression.MessageSchedule(Words(ctx, block, "message"), w);
        Sha256Compression.Compress(state, w);
    }

    private static uint[] Words(HintContext ctx, BigInteger[] values, string what)
    {
        var words = new uint[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > uint.MaxValue) throw ctx.Fail($"sha256: {what}[{i}] = {values[i]} is not a 32-bit word");
            words[i] = (uint)values[i];
        }
        return words;
    }

    private static void WriteWords(HintContext ctx, Relocatable at, ReadOnlySpan<uint> words)
    {
        for (int i = 0; i < words.Length; i++) ctx.Memory.Insert(at.Add(i), F(words[i]));
    }
}
