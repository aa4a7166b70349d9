using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Merkle;

/// <summary>
/// The constant buffer of the Poseidon kernels: the 273 Hades round constants (constant j of round i at
/// 3i + j), then an element whose Montgomery limbs are R² mod p, then one.
/// </summary>
/// <remarks>
/// The constants are derived as StarkWare's reference derives them and as <c>PoseidonHash</c> does:
/// int(SHA-256(ascii("Hades" + idx))) mod p. The tests check every GPU digest against <c>PoseidonHash</c>,
/// which is checked against cairo-lang's vectors, so a wrong constant cannot pass unnoticed.
/// </remarks>
public static class PoseidonConstants
{
    /// <summary>Rounds of the permutation (8 full + 83 partial).</summary>
    public const int Rounds = 91;

    /// <summary>The buffer's elements: 273 constants, R², one.</summary>
    public static Felt[] Build()
    {
        var result = new Felt[3 * Rounds + 2];
        Span<byte> digest = stackalloc byte[32];
        for (int idx = 0; idx < 3 * Rounds; idx++)
        {
            SHA256.HashData(Encoding.ASCII.GetBytes("Hades" + idx.ToString(System.Globalization.CultureInfo.InvariantCulture)), digest);
            result[idx] = Felt.FromBytesBigEndianReduced(digest);
        }
        // The element R = 2^256 mod p is stored as R·R mod p: limbs of R² mod p.
        result[3 * Rounds] = Felt.FromBigInteger((BigInteger.One << 256) % Felt.Modulus);
        result[3 * Rounds + 1] = Felt.One;
        return result;
    }
}
