using System.Numerics;
using Zetina.Cairo.Air;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Vm;

/// <summary>
/// The opcode extensions (instruction bits 63 and up): Blake2s compression and QM31 arithmetic, checked against
/// values computed independently of the VM (RFC 7693's vector, the byte-level BLAKE2s hash, a polynomial QM31).
/// </summary>
public sealed class OpcodeExtensionTests
{
    private const ulong M31 = (1UL << 31) - 1;

    // dst = [fp − 1], op0 = [fp − 3], op1 = [fp − 2]: offsets biased by 2^15.
    private const ulong Offsets = 0x7fffUL | 0x7ffdUL << 16 | 0x7ffeUL << 32;

    /// <summary>nop, dst and op0 fp-relative, op1 from fp, res = op1, ap += 0.</summary>
    private const ulong BlakeFlags = 0b1011;

    /// <summary>assert_eq, dst and op0 fp-relative, op1 from fp, res = op0 + op1 (or · with <see cref="MulFlag"/>).</summary>
    private const ulong Qm31AddFlags = 0x4000 | 0b10_1011;
    private const ulong MulFlag = 0b110_0000; // XOR turns res_logic 1 (add) into 2 (mul)

    [Fact]
    public void Decode_ReadsTheExtensionFromBits63And64()
    {
        for (int ext = 0; ext < 4; ext++)
        {
            Felt word = Felt.FromBigInteger(new BigInteger(Offsets | BlakeFlags << 48) + (new BigInteger(ext) << 63));
            ulong low = InstructionDecoder.WordFromFelt(word, out OpcodeExtension e);
            Assert.Equal((OpcodeExtension)ext, e);
            Assert.Equal(Offsets | BlakeFlags << 48, low);
        }
    }

    [Theory]
    [InlineData(OpcodeExtension.Blake, 0x4000 | BlakeFlags)]          // assert_eq is not a Blake form
    [InlineData(OpcodeExtension.Blake, 0b0011)]                        // op1 through op0
    [InlineData(OpcodeExtension.BlakeFinalize, BlakeFlags | 0x20)]     // res = op0 + op1
    [InlineData(OpcodeExtension.Qm31Operation, BlakeFlags)]            // a nop
    [InlineData(OpcodeExtension.Qm31Operation, 0x4000 | 0b10_0011)]    // op1 through op0
    [InlineData(OpcodeExtension.Qm31Operation, Qm31AddFlags | 0x80)]   // an absolute jump
    public void Decode_FlagsTheExtensionDoesNotAllow_AreRejected(OpcodeExtension extension, ulong flags)
    {
        var e = Assert.Throws<CairoException>(() => InstructionDecoder.Decode(Offsets | flags << 48, extension, default));
        Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
    }

    [Fact]
    public void BlakeFinalize_OnAbc_GivesRfc7693Digest()
    {
        // RFC 7693 Appendix B: BLAKE2s-256("abc").
        byte[] expected = Convert.FromHexString("508C5E8C327C14E2E1A72BA34EEB452F37458B209ED63A294D999B4C86675982");
        uint[] state = Iv();
        uint[] block = new uint[16];
        block[0] = 'a' | 'b' << 8 | 'c' << 16;
        uint[] output = RunBlake(state, block, counter: 3, OpcodeExtension.BlakeFinalize);
        Assert.Equal(expected, Bytes(output));
    }

    [Fact]
    public void BlakeThenFinalize_OnTwoBlocks_GivesTheByteLevelHash()
    {
        var rng = new Random(20261206);
        byte[] data = new byte[100];
        rng.NextBytes(data);
        uint[] first = Words(data.AsSpan(0, 64));
        byte[] tail = new byte[64];
        data.AsSpan(64).CopyTo(tail);
        uint[] middle = RunBlake(Iv(), first, counter: 64, OpcodeExtension.Blake);
        uint[] final = RunBlake(middle, Words(tail), counter: 100, OpcodeExtension.BlakeFinalize);
        Assert.Equal(Blake2s256.Hash(data), Bytes(final));
    }

    [Fact]
    public void Blake_WithACounterAbove32Bits_IsRefusedNamingIt()
    {
        var e = Assert.Throws<CairoException>(() => RunBlake(Iv(), new uint[16], counter: 1L << 32, OpcodeExtension.Blake));
        Assert.Equal(CairoErrorKind.InvalidOperands, e.Kind);
        Assert.Contains("counter", e.Message);
    }

    [Fact]
    public void Qm31_PackUnpack_RoundTripsAndRefusesNonCanonicalSlots()
    {
        var rng = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var q = Random(rng);
            Assert.True(Qm31.TryUnpack(q.Pack(), out Qm31 back));
            Assert.Equal(q, back);
        }
        // A coordinate equal to 2^31 − 1, and a value above 2^144, are not packed QM31s.
        Assert.False(Qm31.TryUnpack(Felt.FromUInt64(M31), out _));
        Assert.False(Qm31.TryUnpack(Felt.FromBigInteger(BigInteger.One << 144), out _));
    }

    [Fact]
    public void Qm31_ProductAndInverse_MatchAPolynomialReference()
    {
        var rng = new Random(11);
        for (int i = 0; i < 200; i++)
        {
            Qm31 x = Random(rng), y = Random(rng);
            Assert.Equal(SlowProduct(x, y), x * y);
            if (!x.IsZero) Assert.Equal(new Qm31(1, 0, 0, 0), x * x.Inverse());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Qm31Instruction_ComputesDst_AndDeducesAnUnknownOperand(bool multiply)
    {
        var rng = new Random(multiply ? 3 : 4);
        Qm31 x = Random(rng), y = Random(rng);
        Qm31 expected = multiply ? x * y : x + y;
        ulong flags = multiply ? Qm31AddFlags ^ MulFlag : Qm31AddFlags;

        // dst unknown: the VM writes op0 ∘ op1.
        VirtualMachine vm = Machine(Qm31Word(flags), 3, out Relocatable fp);
        vm.Memory.Insert(fp.Add(-3), MaybeRelocatable.FromFelt(x.Pack()));
        vm.Memory.Insert(fp.Add(-2), MaybeRelocatable.FromFelt(y.Pack()));
        vm.Step();
        Assert.Equal(expected.Pack(), vm.Memory.GetFelt(fp.Add(-1)));

        // op0 unknown: the VM solves dst = op0 ∘ op1 for op0.
        vm = Machine(Qm31Word(flags), 3, out fp);
        vm.Memory.Insert(fp.Add(-1), MaybeRelocatable.FromFelt(expected.Pack()));
        vm.Memory.Insert(fp.Add(-2), MaybeRelocatable.FromFelt(y.Pack()));
        vm.Step();
        Assert.Equal(x.Pack(), vm.Memory.GetFelt(fp.Add(-3)));
    }

    [Fact]
    public void Qm31Instruction_OnAFeltThatIsNotAPackedQm31_IsRefused()
    {
        VirtualMachine vm = Machine(Qm31Word(Qm31AddFlags), 3, out Relocatable fp);
        vm.Memory.Insert(fp.Add(-3), MaybeRelocatable.FromFelt(Felt.MinusOne));
        vm.Memory.Insert(fp.Add(-2), MaybeRelocatable.FromFelt(Felt.One));
        var e = Assert.Throws<CairoException>(vm.Step);
        Assert.Contains("not a packed QM31", e.Message);
    }

    [Fact]
    public void StwoOpcodeExtensionsProgram_RunsToItsEnd_AndItsTraceHasBlake2sAndQm31Lanes()
    {
        CairoProgram program = ProgramLoader.Load(TestData.Read("c0_stwo_opcode_extensions_program", "program.json"));
        var runner = new CairoRunner(program, new RunOptions { ProofMode = true, Layout = CairoLayout.AllCairo });
        runner.Run(); // the program asserts its own results: reaching the end means every opcode computed as expected
        CairoRun run = runner.Result;

        var executed = new Dictionary<OpcodeExtension, int>();
        foreach (RegisterState step in run.Trace)
        {
            Assert.True(run.Memory.TryGet(step.Pc, out Felt word));
            InstructionDecoder.WordFromFelt(word, out OpcodeExtension extension);
            executed[extension] = executed.GetValueOrDefault(extension) + 1;
        }
        Assert.True(executed.GetValueOrDefault(OpcodeExtension.Blake) > 0, "no Blake instruction executed");
        Assert.True(executed.GetValueOrDefault(OpcodeExtension.BlakeFinalize) > 0, "no Blake finalize instruction executed");
        Assert.True(executed.GetValueOrDefault(OpcodeExtension.Qm31Operation) > 0, "no QM31 instruction executed");

        // Both extensions are proved: the trace states QM31 and Blake2s lanes (the proof: Blake2sOperationTests).
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        Assert.True(t.Shape.Qm31Lanes > 0);
        Assert.True(t.Shape.Blake2sLanes > 0);
    }

    private static uint[] RunBlake(uint[] state, uint[] message, long counter, OpcodeExtension extension)
    {
        Felt word = Felt.FromBigInteger(new BigInteger(Offsets | BlakeFlags << 48) + (new BigInteger((int)extension) << 63));
        VirtualMachine vm = Machine(word, 4, out Relocatable fp);
        Relocatable stateAt = vm.Memory.AddSegment(), messageAt = vm.Memory.AddSegment(), outputAt = vm.Memory.AddSegment();
        for (int i = 0; i < 8; i++) vm.Memory.Insert(stateAt.Add(i), MaybeRelocatable.FromFelt(Felt.FromUInt64(state[i])));
        for (int i = 0; i < 16; i++) vm.Memory.Insert(messageAt.Add(i), MaybeRelocatable.FromFelt(Felt.FromUInt64(message[i])));
        vm.Memory.Insert(fp.Add(-3), MaybeRelocatable.FromRelocatable(stateAt));
        vm.Memory.Insert(fp.Add(-2), MaybeRelocatable.FromRelocatable(messageAt));
        vm.Memory.Insert(fp.Add(-1), MaybeRelocatable.FromFelt(Felt.FromUInt64((ulong)counter)));
        vm.Memory.Insert(fp, MaybeRelocatable.FromRelocatable(outputAt)); // [ap]: where the new state goes
        vm.Step();
        Assert.Equal(new Relocatable(0, 1), vm.Context.Pc);
        var output = new uint[8];
        for (int i = 0; i < 8; i++) { vm.Memory.GetFelt(outputAt.Add(i)).ToCanonical(out ulong w, out _, out _, out _); output[i] = (uint)w; }
        return output;
    }

    private static Felt Qm31Word(ulong flags) =>
        Felt.FromBigInteger(new BigInteger(Offsets | flags << 48) + (new BigInteger((int)OpcodeExtension.Qm31Operation) << 63));

    /// <summary>A machine with one instruction at 0:0 and ap = fp = <paramref name="frame"/> in the execution segment.</summary>
    private static VirtualMachine Machine(Felt word, int frame, out Relocatable fp)
    {
        var vm = new VirtualMachine();
        Relocatable program = vm.Memory.AddSegment();
        vm.Memory.AddSegment(); // execution
        vm.Memory.Insert(program, MaybeRelocatable.FromFelt(word));
        vm.Context.Pc = program;
        vm.Context.Ap = frame;
        vm.Context.Fp = frame;
        fp = vm.Context.FpAddress;
        return vm;
    }

    private static uint[] Iv() =>
        [0x6A09E667u ^ 0x01010020u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u];

    private static uint[] Words(ReadOnlySpan<byte> block)
    {
        var w = new uint[16];
        for (int i = 0; i < 16; i++) w[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        return w;
    }

    private static byte[] Bytes(uint[] words)
    {
        var b = new byte[32];
        for (int i = 0; i < 8; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4 * i), words[i]);
        return b;
    }

    private static Qm31 Random(Random rng) =>
        new((uint)rng.NextInt64((long)M31), (uint)rng.NextInt64((long)M31), (uint)rng.NextInt64((long)M31), (uint)rng.NextInt64((long)M31));

    /// <summary>
    /// The product computed on the basis {1, i, u, iu} with big integers: expand, then reduce with i² = −1 and
    /// u² = 2 + i — no CM31 structure shared with <see cref="Qm31"/>.
    /// </summary>
    private static Qm31 SlowProduct(Qm31 x, Qm31 y)
    {
        // Coefficients of i^a · u^b for a, b in {0, 1, 2}.
        var c = new BigInteger[3, 3];
        BigInteger[,] xs = { { x.A, x.C }, { x.B, x.D } }, ys = { { y.A, y.C }, { y.B, y.D } };
        for (int a1 = 0; a1 < 2; a1++) for (int b1 = 0; b1 < 2; b1++)
        for (int a2 = 0; a2 < 2; a2++) for (int b2 = 0; b2 < 2; b2++)
            c[a1 + a2, b1 + b2] += xs[a1, b1] * ys[a2, b2];
        // u² = 2 + i: move the u² column into u⁰.
        for (int a = 0; a < 3; a++)
        {
            c[a, 0] += 2 * c[a, 2];
            if (a + 1 < 3) c[a + 1, 0] += c[a, 2]; else c[a - 1, 0] -= c[a, 2]; // i·i² = −i
            c[a, 2] = 0;
        }
        // i² = −1.
        for (int b = 0; b < 2; b++) { c[0, b] -= c[2, b]; c[2, b] = 0; }
        uint R(BigInteger v) => (uint)(((v % M31) + M31) % M31);
        return new Qm31(R(c[0, 0]), R(c[1, 0]), R(c[0, 1]), R(c[1, 1]));
    }
}
