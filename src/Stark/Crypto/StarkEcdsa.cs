using System.Numerics;
using System.Security.Cryptography;
using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// ECDSA over the Stark curve as StarkNet uses it (cairo-lang <c>starkware/crypto/signature/signature.py</c>):
/// message hashes below 2^251, r = (k·G).x, s = k⁻¹(z + r·d) mod n, RFC 6979 nonces in cairo-lang's convention
/// (<see cref="Rfc6979"/>), no low-S rule, public keys given by their x coordinate.
/// </summary>
/// <remarks>
/// Verification applies StarkWare's range checks before any curve arithmetic: 1 ≤ r &lt; 2^251, 1 ≤ s &lt; n,
/// 0 ≤ z &lt; 2^251 and 1 ≤ w = s⁻¹ mod n &lt; 2^251; anything outside is invalid. With only x known, both points
/// ±Q are tried, as cairo-lang's <c>verify</c> with an integer key and Cairo's <c>check_ecdsa_signature</c> do.
/// Signing multiplies G by the nonce, and the public key by the private key, with the constant-time comb of
/// <see cref="ProjectivePoint"/>; the scalar arithmetic mod n (BigInteger) is not constant-time.
/// </remarks>
public static class StarkEcdsa
{
    /// <summary>2^251: the bound on message hashes, r and w.</summary>
    private static readonly BigInteger s_bound = BigInteger.One << 251;

    /// <summary>The public key (its x coordinate) of 1 ≤ <paramref name="privateKey"/> &lt; n.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The private key is out of range.</exception>
    public static Felt PublicKey(BigInteger privateKey) => PublicKeyPoint(privateKey).X;

    /// <summary>The full public point d·G of 1 ≤ <paramref name="privateKey"/> &lt; n.</summary>
    public static EcPoint PublicKeyPoint(BigInteger privateKey)
    {
        CheckPrivateKey(privateKey);
        return ProjectivePoint.MultiplyGeneratorConstantTime(privateKey).ToAffine();
    }

    /// <summary>A fresh private key, uniform in [1, n), from the operating system's CSPRNG.</summary>
    public static BigInteger NewPrivateKey()
    {
        Span<byte> b = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(b);
                b[0] &= 0x0F; // 252 bits; n > 2^251, so at most about half the draws are rejected
                var d = new BigInteger(b, isUnsigned: true, isBigEndian: true);
                if (!d.IsZero && d < StarkCurve.Order) return d;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(b);
        }
    }

    /// <summary>
    /// Signs <paramref name="messageHash"/> (&lt; 2^251) with 1 ≤ <paramref name="privateKey"/> &lt; n, as cairo-lang's
    /// <c>sign</c> without a seed: retries with seed 1, 2, … while r ∉ [1, 2^251), z + r·d ≡ 0 or w ∉ [1, 2^251).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The key or the message hash is out of range.</exception>
    public static (Felt R, Felt S) Sign(BigInteger privateKey, Felt messageHash)
    {
        CheckPrivateKey(privateKey);
        BigInteger z = messageHash.ToBigInteger();
        if (z >= s_bound) throw new ArgumentOutOfRangeException(nameof(messageHash), "message hash must be below 2^251");
        BigInteger? seed = null;
        while (true)
        {
            BigInteger k = Rfc6979.GenerateK(z, privateKey, seed);
            seed = seed is null ? BigInteger.One : seed + 1;
            Felt rx = ProjectivePoint.MultiplyGeneratorConstantTime(k).ToAffine().X;
            BigInteger r = rx.ToBigInteger();
            if (r.IsZero || r >= s_bound) continue;
            BigInteger zrd = ScalarMath.Mod(z + r * privateKey);
            if (zrd.IsZero) continue;
            // w = k / (z + r·d) and s = 1/w = (z + r·d) / k, both from one inversion t = 1 / (k·(z + r·d)).
            BigInteger t = ScalarMath.Inverse(ScalarMath.Mod(k * zrd));
            BigInteger w = ScalarMath.Mod(k * k % StarkCurve.Order * t);
            if (w.IsZero || w >= s_bound) continue;
            BigInteger s = ScalarMath.Mod(zrd * zrd % StarkCurve.Order * t);
            return (rx, Felt.FromBigInteger(s));
        }
    }

    /// <summary>
    /// True when (r, s) is a valid signature of <paramref name="messageHash"/> under the public key with x
    /// coordinate <paramref name="publicKeyX"/> (either of its two points). False for out-of-range values and for
    /// an x that is not on the curve.
    /// </summary>
    public static bool Verify(Felt publicKeyX, Felt messageHash, Felt r, Felt s)
    {
        if (!StarkCurve.TryRecoverY(publicKeyX, out EcPoint q)) return false;
        return VerifyCore(q, messageHash, r, s, bothSigns: true);
    }

    /// <summary>As <see cref="Verify(Felt, Felt, Felt, Felt)"/> for a full public point (only that point, not its negation).</summary>
    public static bool Verify(EcPoint publicKey, Felt messageHash, Felt r, Felt s)
    {
        if (publicKey.IsInfinity || !StarkCurve.IsOnCurve(publicKey)) return false;
        return VerifyCore(publicKey, messageHash, r, s, bothSigns: false);
    }

    private static bool VerifyCore(EcPoint q, Felt messageHash, Felt r, Felt s, bool bothSigns)
    {
        BigInteger rInt = r.ToBigInteger();
        BigInteger sInt = s.ToBigInteger();
        BigInteger z = messageHash.ToBigInteger();
        if (rInt.IsZero || rInt >= s_bound) return false;
        if (sInt.IsZero || sInt >= StarkCurve.Order) return false;
        if (z >= s_bound) return false;
        BigInteger w = ScalarMath.Inverse(sInt);
        if (w.IsZero || w >= s_bound) return false;

        // w·(z·G + r·Q) = (z·w)·G + (r·w)·Q; its x must equal r.
        BigInteger u1 = ScalarMath.Mod(z * w);
        BigInteger u2 = ScalarMath.Mod(rInt * w);
        JacobianPoint a = StarkCurve.GeneratorTable.Value.Multiply(u1);
        JacobianPoint b = StarkCurve.MultiplyJacobian(q, u2);
        if (JacobianPoint.Add(a, b).HasAffineX(r)) return true;
        return bothSigns && JacobianPoint.Add(a, b.Negate()).HasAffineX(r);
    }

    private static void CheckPrivateKey(BigInteger d)
    {
        if (d.Sign <= 0 || d >= StarkCurve.Order)
            throw new ArgumentOutOfRangeException(nameof(d), "private key must be in [1, n) for the Stark curve order n");
    }
}
