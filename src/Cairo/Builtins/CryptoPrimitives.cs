using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The hash and curve primitives the builtins need, bound to the crypto team's Zetina.Stark.Hashing /
/// Zetina.Stark.Crypto implementations.
/// </summary>
internal static class CryptoPrimitives
{
    /// <summary>Order of the STARK curve's generator.</summary>
    public static readonly BigInteger CurveOrder = BigInteger.Parse("3618502788666131213697322783095070105526743751716087489154079457884512865583", System.Globalization.CultureInfo.InvariantCulture);

    public static Felt Pedersen(in Felt x, in Felt y) => throw NotAvailable("pedersen");

    public static void PoseidonPermute(Span<Felt> state) => throw NotAvailable("poseidon");

    public static void KeccakF1600(Span<byte> state200) => throw NotAvailable("keccak");

    public static (Felt X, Felt Y) EcOp(in Felt px, in Felt py, in Felt qx, in Felt qy, in Felt m, Relocatable at) => throw NotAvailable("ec_op");

    public static bool EcdsaVerify(in Felt publicKey, in Felt message, in Felt r, in Felt s) => throw NotAvailable("ecdsa");

    private static CairoException NotAvailable(string what) =>
        new(CairoErrorKind.BuiltinError, $"the {what} primitive is not available in this build");
}
