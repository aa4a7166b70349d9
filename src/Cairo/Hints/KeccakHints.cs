using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Hashing;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.keccak</c> (<c>unsafe_keccak</c>, <c>unsafe_keccak_finalize</c>),
/// <c>cairo_keccak.keccak</c> (block permutation, <c>finalize_keccak</c>), <c>keccak_utils</c>
/// (<c>keccak_add_uint256</c>) and <c>builtin_keccak.keccak</c> / <c>simulate_builtin_keccak_with_cairo</c>
/// (the input and output splits around the keccak builtin).
/// </summary>
/// <remarks>
/// <c>keccak_func</c> (cairo-lang <c>keccak_utils.py</c>) is Keccak-f[1600] on 25 lanes of 64 bits in x + 5y order,
/// computed by <see cref="KeccakF1600"/>; <c>eth_hash</c>'s <c>keccak</c> is Keccak-256 (<see cref="Keccak256"/>).
/// </remarks>
public static class KeccakHints
{
    public const string UnsafeKeccak = """
        from eth_hash.auto import keccak

        data, length = ids.data, ids.length

        if '__keccak_max_size' in globals():
            assert length <= __keccak_max_size, \
                f'unsafe_keccak() can only be used with length<={__keccak_max_size}. ' \
                f'Got: length={length}.'

        keccak_input = bytearray()
        for word_i, byte_i in enumerate(range(0, length, 16)):
            word = memory[data + word_i]
            n_bytes = min(16, length - byte_i)
            assert 0 <= word < 2 ** (8 * n_bytes)
            keccak_input += word.to_bytes(n_bytes, 'big')

        hashed = keccak(keccak_input)
        ids.high = int.from_bytes(hashed[:16], 'big')
        ids.low = int.from_bytes(hashed[16:32], 'big')
        """;

    public const string UnsafeKeccakFinalize = """
        from eth_hash.auto import keccak
        keccak_input = bytearray()
        n_elms = ids.keccak_state.end_ptr - ids.keccak_state.start_ptr
        for word in memory.get_range(ids.keccak_state.start_ptr, n_elms):
            keccak_input += word.to_bytes(16, 'big')
        hashed = keccak(keccak_input)
        ids.high = int.from_bytes(hashed[:16], 'big')
        ids.low = int.from_bytes(hashed[16:32], 'big')
        """;

    /// <summary><c>keccak_add_uint256</c> (keccak_utils and the older cairo_keccak copy).</summary>
    public const string WriteArgs = """
        segments.write_arg(ids.inputs, [ids.low % 2 ** 64, ids.low // 2 ** 64])
        segments.write_arg(ids.inputs + 2, [ids.high % 2 ** 64, ids.high // 2 ** 64])
        """;

    /// <summary><c>_block_permutation</c> since cairo-lang 0.11 (keccak_func from <c>keccak_utils</c>).</summary>
    public const string BlockPermutation = """
        from starkware.cairo.common.keccak_utils.keccak_utils import keccak_func
        _keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
        assert 0 <= _keccak_state_size_felts < 100

        output_values = keccak_func(memory.get_range(
            ids.keccak_ptr - _keccak_state_size_felts, _keccak_state_size_felts))
        segments.write_arg(ids.keccak_ptr, output_values)
        """;

    /// <summary><c>_block_permutation</c> of cairo-lang 0.10 (keccak_func from <c>cairo_keccak.keccak_utils</c>).</summary>
    public const string BlockPermutationV010 = """
        from starkware.cairo.common.cairo_keccak.keccak_utils import keccak_func
        _keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
        assert 0 <= _keccak_state_size_felts < 100

        output_values = keccak_func(memory.get_range(
            ids.keccak_ptr - _keccak_state_size_felts, _keccak_state_size_felts))
        segments.write_arg(ids.keccak_ptr, output_values)
        """;

    /// <summary>The block permutation of the StarkNet <c>cairo_keccak</c> whitelist (input at keccak_ptr_start, output at output).</summary>
    public const string BlockPermutationToOutput = """
        from starkware.cairo.common.cairo_keccak.keccak_utils import keccak_func
        _keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
        assert 0 <= _keccak_state_size_felts < 100
        output_values = keccak_func(memory.get_range(
            ids.keccak_ptr_start, _keccak_state_size_felts))
        segments.write_arg(ids.output, output_values)
        """;

    /// <summary><c>finalize_keccak</c>: pads the keccak segment with dummy (zero input, its permutation) pairs.</summary>
    public const string FinalizeKeccak = """
        # Add dummy pairs of input and output.
        _keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
        _block_size = int(ids.BLOCK_SIZE)
        assert 0 <= _keccak_state_size_felts < 100
        assert 0 <= _block_size < 10
        inp = [0] * _keccak_state_size_felts
        padding = (inp + keccak_func(inp)) * _block_size
        segments.write_arg(ids.keccak_ptr_end, padding)
        """;

    /// <summary><c>finalize_keccak</c> of the StarkNet <c>cairo_keccak</c> whitelist (block size below 1000).</summary>
    public const string FinalizeKeccakLargeBlock = """
        # Add dummy pairs of input and output.
        _keccak_state_size_felts = int(ids.KECCAK_STATE_SIZE_FELTS)
        _block_size = int(ids.BLOCK_SIZE)
        assert 0 <= _keccak_state_size_felts < 100
        assert 0 <= _block_size < 1000
        inp = [0] * _keccak_state_size_felts
        padding = (inp + keccak_func(inp)) * _block_size
        segments.write_arg(ids.keccak_ptr_end, padding)
        """;

    public const string InputIsFullWord = "ids.full_word = int(ids.n_bytes >= 8)";

    public const string SplitOutput0 = """
        ids.output0_low = ids.output0 & ((1 << 128) - 1)
        ids.output0_high = ids.output0 >> 128
        """;

    public const string SplitOutput1 = """
        ids.output1_low = ids.output1 & ((1 << 128) - 1)
        ids.output1_high = ids.output1 >> 128
        """;

    public const string SplitOutputMidLowHigh = """
        tmp, ids.output1_low = divmod(ids.output1, 256 ** 7)
        ids.output1_high, ids.output1_mid = divmod(tmp, 2 ** 128)
        """;

    public const string SplitNBytes = "ids.n_words_to_copy, ids.n_bytes_left = divmod(ids.n_bytes, ids.BYTES_IN_WORD)";

    public static readonly KeyValuePair<string, NativeHint>[] All = Build();

    private static KeyValuePair<string, NativeHint>[] Build()
    {
        var list = new List<KeyValuePair<string, NativeHint>>
        {
            new(UnsafeKeccak, RunUnsafeKeccak),
            new(UnsafeKeccakFinalize, RunUnsafeKeccakFinalize),
            new(WriteArgs, ctx =>
            {
                BigInteger low = Int(ctx, "low"), high = Int(ctx, "high");
                Relocatable inputs = ctx.GetPtr("inputs");
                WriteArg(ctx, inputs, [low & Mask64, low >> 64]);
                WriteArg(ctx, inputs.Add(2), [high & Mask64, high >> 64]);
            }),
            new(BlockPermutation, RunBlockPermutation),
            new(BlockPermutationV010, RunBlockPermutation),
            new(BlockPermutationToOutput, ctx =>
            {
                int n = SmallConstant(ctx, "KECCAK_STATE_SIZE_FELTS", 100);
                WriteArg(ctx, ctx.GetPtr("output"), KeccakFunc(ctx, ReadRange(ctx, ctx.GetPtr("keccak_ptr_start"), n)));
            }),
            new(FinalizeKeccak, ctx => RunFinalize(ctx, 10)),
            new(FinalizeKeccakLargeBlock, ctx => RunFinalize(ctx, 1000)),
            new(InputIsFullWord, ctx => ctx.Set("full_word", F(Int(ctx, "n_bytes") >= 8 ? 1 : 0))),
            new(SplitOutput0, ctx => SplitAt128(ctx, "output0")),
            new(SplitOutput1, ctx => SplitAt128(ctx, "output1")),
            new(SplitOutputMidLowHigh, ctx =>
            {
                var (tmp, low) = DivMod(Int(ctx, "output1"), BigInteger.Pow(256, 7));
                var (high, mid) = DivMod(tmp, BigInteger.One << 128);
                ctx.Set("output1_low", F(low));
                ctx.Set("output1_high", F(high));
                ctx.Set("output1_mid", F(mid));
            }),
            new(SplitNBytes, ctx =>
            {
                BigInteger word = ctx.Constant("BYTES_IN_WORD");
                if (word.Sign <= 0) throw ctx.Fail($"BYTES_IN_WORD = {word}");
                var (q, r) = DivMod(Int(ctx, "n_bytes"), word);
                ctx.Set("n_words_to_copy", F(q));
                ctx.Set("n_bytes_left", F(r));
            }),
        };
        // keccak (builtin_keccak, 0.11+): inputs[3k] split at byte k (k = 1..5); simulate_keccak (0.14): felt_array, k = 1..7.
        for (int k = 1; k <= 7; k++)
        {
            int index = 3 * k, bytes = k;
            string power = k == 1 ? "256" : $"256 ** {k}";
            foreach (string array in new[] { "inputs", "felt_array" })
            {
                if (array == "inputs" && k > 5) continue;
                string arrayName = array;
                list.Add(new($"ids.high{index}, ids.low{index} = divmod(memory[ids.{arrayName} + {index}], {power})", ctx =>
                {
                    var (high, low) = DivMod(Int(ctx, ctx.GetPtr(arrayName).Add(index)), BigInteger.Pow(256, bytes));
                    ctx.Set($"high{index}", F(high));
                    ctx.Set($"low{index}", F(low));
                }));
            }
        }
        return list.ToArray();
    }

    /// <summary>The source text of the input-split hint for word <paramref name="index"/> (3, 6, …) of <paramref name="array"/>.</summary>
    public static string SplitInput(string array, int index) =>
        $"ids.high{index}, ids.low{index} = divmod(memory[ids.{array} + {index}], {(index == 3 ? "256" : $"256 ** {index / 3}")})";

    private static readonly BigInteger Mask64 = (BigInteger.One << 64) - 1;

    private static void SplitAt128(HintContext ctx, string name)
    {
        BigInteger v = Int(ctx, name);
        ctx.Set(name + "_low", F(v & ((BigInteger.One << 128) - 1)));
        ctx.Set(name + "_high", F(v >> 128));
    }

    private static void RunUnsafeKeccak(HintContext ctx)
    {
        Relocatable data = ctx.GetPtr("data");
        BigInteger length = Int(ctx, "length");
        if (ctx.Processor.Scope.ContainsKey("__keccak_max_size"))
        {
            BigInteger max = ScopeInt(ctx, "__keccak_max_size");
            if (length > max) throw ctx.Fail($"unsafe_keccak() can only be used with length<={max}. Got: length={length}.");
        }
        if (length > int.MaxValue / 2) throw ctx.Fail($"unsafe_keccak(): length {length} is too large");
        int n = (int)length;
        var input = new byte[n];
        for (int byteI = 0, wordI = 0; byteI < n; byteI += 16, wordI++)
        {
            BigInteger word = Int(ctx, data.Add(wordI));
            int nBytes = Math.Min(16, n - byteI);
            if (word >= BigInteger.One << (8 * nBytes)) throw ctx.Fail($"unsafe_keccak(): word {wordI} = {word} does not fit in {nBytes} bytes");
            WriteBigEndian(word, input.AsSpan(byteI, nBytes));
        }
        SetDigest(ctx, Keccak256.Hash(input));
    }

    private static void RunUnsafeKeccakFinalize(HintContext ctx)
    {
        Relocatable start = ctx.Memory.GetRelocatable(ctx.MemberAddress("keccak_state", "start_ptr"));
        Relocatable end = ctx.Memory.GetRelocatable(ctx.MemberAddress("keccak_state", "end_ptr"));
        if (start.Segment != end.Segment || end.Offset < start.Offset)
            throw ctx.Fail($"unsafe_keccak_finalize(): end_ptr {end} does not follow start_ptr {start}");
        long n = end.Offset - start.Offset;
        if (n > int.MaxValue / 16) throw ctx.Fail($"unsafe_keccak_finalize(): {n} words are too many");
        var input = new byte[16 * n];
        for (int i = 0; i < n; i++)
        {
            BigInteger word = Int(ctx, start.Add(i));
            if (word >= BigInteger.One << 128) throw ctx.Fail($"unsafe_keccak_finalize(): word {i} = {word} does not fit in 16 bytes");
            WriteBigEndian(word, input.AsSpan(16 * i, 16));
        }
        SetDigest(ctx, Keccak256.Hash(input));
    }

    private static void SetDigest(HintContext ctx, byte[] hashed)
    {
        ctx.Set("high", F(new BigInteger(hashed.AsSpan(0, 16), isUnsigned: true, isBigEndian: true)));
        ctx.Set("low", F(new BigInteger(hashed.AsSpan(16, 16), isUnsigned: true, isBigEndian: true)));
    }

    private static void WriteBigEndian(BigInteger v, Span<byte> destination)
    {
        destination.Clear();
        int count = v.GetByteCount(isUnsigned: true);
        if (v.IsZero) return;
        v.TryWriteBytes(destination[(destination.Length - count)..], out _, isUnsigned: true, isBigEndian: true);
    }

    private static void RunBlockPermutation(HintContext ctx)
    {
        int n = SmallConstant(ctx, "KECCAK_STATE_SIZE_FELTS", 100);
        Relocatable ptr = ctx.GetPtr("keccak_ptr");
        if (ptr.Offset < n) throw ctx.Fail($"keccak_ptr {ptr} has fewer than {n} cells before it");
        WriteArg(ctx, ptr, KeccakFunc(ctx, ReadRange(ctx, ptr.Add(-n), n)));
    }

    private static void RunFinalize(HintContext ctx, int maxBlockSize)
    {
        int n = SmallConstant(ctx, "KECCAK_STATE_SIZE_FELTS", 100);
        int blockSize = SmallConstant(ctx, "BLOCK_SIZE", maxBlockSize);
        BigInteger[] input = new BigInteger[n];
        BigInteger[] output = KeccakFunc(ctx, input);
        var padding = new BigInteger[2 * n * blockSize];
        for (int b = 0; b < blockSize; b++) output.CopyTo(padding, 2 * n * b + n);
        WriteArg(ctx, ctx.GetPtr("keccak_ptr_end"), padding);
    }

    /// <summary>
    /// cairo-lang's <c>keccak_func</c>: Keccak-f[1600] on 25 lanes below 2^64 (a state of another size or a lane out
    /// of range fails: the Python function would index out of range or mix bits across lanes).
    /// </summary>
    internal static BigInteger[] KeccakFunc(HintContext ctx, ReadOnlySpan<BigInteger> values)
    {
        if (values.Length != 25) throw ctx.Fail($"keccak_func needs 25 lanes, got {values.Length}");
        Span<ulong> lanes = stackalloc ulong[25];
        for (int i = 0; i < 25; i++)
        {
            if (values[i].Sign < 0 || values[i] > Mask64) throw ctx.Fail($"keccak_func: lane {i} = {values[i]} is not a 64-bit value");
            lanes[i] = (ulong)values[i];
        }
        KeccakF1600.Permute(lanes);
        var result = new BigInteger[25];
        for (int i = 0; i < 25; i++) result[i] = lanes[i];
        return result;
    }
}
