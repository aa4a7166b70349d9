using System.Buffers.Binary;
using System.Numerics;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The signature Stone writes into every unused ecdsa instance (Stone's
/// <c>SignatureBuiltinProverContext::GetDummySignature</c>): private key 1 (so the public key is the generator G),
/// message 1, signed by <c>EcdsaComponent::Sign</c> with a nonce k from a Keccak-256 <c>Prng</c> seeded with no bytes.
/// </summary>
/// <remarks>
/// The PRNG is Stone's <c>HashChain</c>: state h = keccak(seed); the j-th 32 random bytes are
/// keccak(h ‖ 0^24 ‖ j as 8 big-endian bytes). <c>UniformBigInt(1, n − 1)</c> draws 32 bytes as a big-endian number,
/// masks it to the bit length of n − 2, and redraws while it exceeds n − 2; k = 1 + that. Then r = (k·G).x and
/// w = s⁻¹ with s = (r·1 + 1)/k mod n, redrawing k when r ∉ (0, n), s = 0 or w ≥ p — deterministic, so the trace is.
/// </remarks>
internal static class StoneDummySignature
{
    private static readonly Lazy<(Felt R, Felt W)> s_signature = new(Sign);

    /// <summary>The public key: G (private key 1).</summary>
    public static EcPoint PublicKey => StarkCurve.Generator;

    /// <summary>The message: 1.</summary>
    public static Felt Message => Felt.One;

    /// <summary>r of the dummy signature.</summary>
    public static Felt R => s_signature.Value.R;

    /// <summary>w = s⁻¹ of the dummy signature.</summary>
    public static Felt W => s_signature.Value.W;

    private static (Felt, Felt) Sign()
    {
        BigInteger n = StarkCurve.Order;
        BigInteger privateKey = BigInteger.One, message = BigInteger.One;
        byte[] state = Keccak256.Hash([]);
        ulong counter = 0;
        BigInteger range = n - 2;
        BigInteger mask = (BigInteger.One << (int)range.GetBitLength()) - 1;
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            BigInteger draw;
            do draw = NextBigInt(state, ref counter) & mask;
            while (draw > range);
            BigInteger k = 1 + draw;
            BigInteger r = StarkCurve.Multiply(StarkCurve.Generator, k).X.ToBigInteger();
            if (r >= n || r.IsZero) continue;
            BigInteger s = (r * privateKey + message) % n * ModInverse(k, n) % n;
            if (s.IsZero) continue;
            BigInteger w = ModInverse(s, n);
            if (w >= Felt.Modulus) continue;
            return (Felt.FromBigInteger(r), Felt.FromBigInteger(w));
        }
        throw new InvalidOperationException("the dummy signature's nonce search did not end");
    }

    /// <summary>32 bytes keccak(state ‖ 0^24 ‖ counter, big-endian) as a big-endian unsigned number.</summary>
    private static BigInteger NextBigInt(byte[] state, ref ulong counter)
    {
        Span<byte> data = stackalloc byte[64];
        state.CopyTo(data);
        BinaryPrimitives.WriteUInt64BigEndian(data[56..], counter++);
        byte[] digest = Keccak256.Hash(data);
        return new BigInteger(digest, isUnsigned: true, isBigEndian: true);
    }

    private static BigInteger ModInverse(BigInteger a, BigInteger m) => BigInteger.ModPow(a, m - 2, m);
}
