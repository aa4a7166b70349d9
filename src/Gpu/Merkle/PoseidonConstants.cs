using System.Numerics;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Gpu.Merkle;

/// <summary>
/// The constant buffer of the Poseidon kernels: the 273 Hades round constants (constant j of round i at
/// 3i + j), then an element whose Montgomery limbs are R² mod p, then one.
/// </summary>
/// <remarks>
/// The round constants are <see cref="PoseidonHash.RoundConstants"/>, derived once in Zetina.Stark as StarkWare's
/// reference derives them. The tests check every GPU digest against <c>PoseidonHash</c>, which is checked against
/// cairo-lang's vectors, so a wrong buffer cannot pass unnoticed.
/// </remarks>
internal static class PoseidonConstants
{
    /// <summary>The buffer's elements: 273 constants, R², one.</summary>
    public static Felt[] Build()
    {
        ReadOnlySpan<Felt> constants = PoseidonHash.RoundConstants;
        var result = new Felt[constants.Length + 2];
        constants.CopyTo(result);
        // The element R = 2^256 mod p is stored as R·R mod p: limbs of R² mod p.
        result[constants.Length] = Felt.FromBigInteger((BigInteger.One << 256) % Felt.Modulus);
        result[constants.Length + 1] = Felt.One;
        return result;
    }
}
