using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of cairo-lang 0.14's builtin simulations in Cairo: <c>cairo_ec_op</c> (the bits of m, the failure
/// branch), <c>cairo_ecdsa</c> (w = s⁻¹, w·z, w·r modulo the curve order; 96-bit limbs) and
/// <c>simulate_builtin_keccak_with_cairo</c> (the 1600-bit state as 25 lanes).
/// </summary>
public static class SimulatedBuiltinHints
{
    /// <summary>(cairo-lang cairo_ec_op/ec_op.cairo).</summary>
    public const string EcOpMBitUnpacking = """
        curr_m = ids.m
        for i in range(ids.M_MAX_BITS):
            memory[ids.m_bit_unpacking + i] = curr_m % 2
            curr_m = curr_m >> 1
        """;

    /// <summary>(cairo-lang cairo_ec_op/ec_op.cairo).</summary>
    public const string EcOpFailed = """
        assert False, "ec_op failed."
        """;

    /// <summary>(cairo-lang cairo_ecdsa/ecdsa.cairo).</summary>
    public const string EcdsaWzWr = """
        # ids.StarkCurve.ORDER is parsed as a negative number.
        order = ids.StarkCurve.ORDER + PRIME
        ids.w = pow(ids.signature_s, -1, order)
        ids.wz = ids.w*ids.message % order
        ids.wr = ids.w*ids.signature_r % order
        """;

    /// <summary>(cairo-lang cairo_ecdsa/ecdsa.cairo).</summary>
    public const string EcdsaSplit96 = """
        num = ids.num
        memory[ids.res_96_felts] = num % (2**96)
        memory[ids.res_96_felts+1] = (num>>96) % (2**96)
        memory[ids.res_96_felts+2] = (num>>(2*96)) % (2**96)
        """;

    /// <summary>(cairo-lang simulate_builtin_keccak_with_cairo/simulate_keccak.cairo).</summary>
    public const string SimulateKeccakUnpackState = """
        full_num = ids.keccak_builtin_state.s0
        full_num += (2**200) * ids.keccak_builtin_state.s1
        full_num += (2**400) * ids.keccak_builtin_state.s2
        full_num += (2**600) * ids.keccak_builtin_state.s3
        full_num += (2**800) * ids.keccak_builtin_state.s4
        full_num += (2**1000) * ids.keccak_builtin_state.s5
        full_num += (2**1200) * ids.keccak_builtin_state.s6
        full_num += (2**1400) * ids.keccak_builtin_state.s7
        for i in range(25):
            memory[ids.felt_array + i] = full_num % (2**64)
            full_num = full_num >> 64
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(EcOpMBitUnpacking, ctx =>
        {
            BigInteger m = Int(ctx, "m"), bits = ctx.Constant("M_MAX_BITS");
            if (bits.Sign < 0 || bits > 1024) throw ctx.Fail($"M_MAX_BITS = {bits} is out of range");
            Relocatable unpacking = ctx.GetPtr("m_bit_unpacking");
            for (int i = 0; i < (int)bits; i++)
            {
                ctx.Memory.Insert(unpacking.Add(i), F(m & 1));
                m >>= 1;
            }
        }),
        new(EcOpFailed, ctx => throw ctx.Fail("ec_op failed.")),
        new(EcdsaWzWr, ctx =>
        {
            // StarkCurve.ORDER is stored as a negative constant (order − PRIME); either form gives the order here.
            BigInteger order = Mod(ctx.Constant("StarkCurve.ORDER"), Felt.Modulus);
            BigInteger w = SecpHints.DivModP(ctx, 1, Int(ctx, "signature_s"), order);
            ctx.Set("w", F(w));
            ctx.Set("wz", F(w * Int(ctx, "message") % order));
            ctx.Set("wr", F(w * Int(ctx, "signature_r") % order));
        }),
        new(EcdsaSplit96, ctx =>
        {
            BigInteger num = Int(ctx, "num"), mask = (BigInteger.One << 96) - 1;
            Relocatable res = ctx.GetPtr("res_96_felts");
            for (int i = 0; i < 3; i++) ctx.Memory.Insert(res.Add(i), F((num >> (96 * i)) & mask));
        }),
        new(SimulateKeccakUnpackState, ctx =>
        {
            BigInteger full = BigInteger.Zero;
            for (int i = 7; i >= 0; i--) full = (full << 200) + Int(ctx, ctx.MemberAddress("keccak_builtin_state", "s" + i));
            Relocatable array = ctx.GetPtr("felt_array");
            BigInteger mask = (BigInteger.One << 64) - 1;
            for (int i = 0; i < 25; i++)
            {
                ctx.Memory.Insert(array.Add(i), F(full & mask));
                full >>= 64;
            }
        }),
    ];
}
