using System.Numerics;
using System.Security.Cryptography;

namespace Zetina.Stark.Crypto;

/// <summary>
/// Deterministic ECDSA nonces (RFC 6979 §3.2, HMAC-SHA256) in cairo-lang's convention
/// (<c>starkware/crypto/signature/signature.py</c>, <c>generate_k_rfc6979</c> over python-ecdsa's <c>rfc6979.generate_k</c>).
/// </summary>
/// <remarks>
/// With qlen = 252 and rlen = 32 bytes: the DRBG is seeded with int2octets(d) ‖ bits2octets(h) ‖ extra, where
/// bits2octets(h) is h itself in 32 bytes (cairo-lang first multiplies a hash of 249–252 bits by 16 so that
/// bits2int's 4-bit truncation of a 32-byte string gives h back), and each 32-byte candidate T becomes
/// k = int(T) >> 4. @scure/starknet differs in about 1 case in 128, when T starts with a zero byte (it strips zero
/// bytes first); we follow cairo-lang and starknet-rs. <c>extra</c> is empty on the first attempt; when the signer
/// must retry, attempt i ≥ 1 uses the minimal big-endian bytes of i as extra entropy, as cairo-lang's <c>seed</c>.
/// The HMAC runs on the secret key in constant time; the BigInteger comparisons on the candidate do not.
/// </remarks>
internal static class Rfc6979
{
    private const int Len = 32;

    /// <summary>The nonce k in [1, n) for <paramref name="messageHash"/> &lt; 2^251 and key 1 ≤ d &lt; n.</summary>
    public static BigInteger GenerateK(BigInteger messageHash, BigInteger privateKey, BigInteger? extraSeed)
    {
        BigInteger n = StarkCurve.Order;
        Span<byte> seedMaterial = stackalloc byte[2 * Len + Len];
        Write32(privateKey, seedMaterial[..Len]);
        Write32(messageHash % n, seedMaterial.Slice(Len, Len));
        int extraLength = 0;
        if (extraSeed is { } e && !e.IsZero)
        {
            extraLength = e.GetByteCount(isUnsigned: true);
            if (extraLength > Len) throw new ArgumentOutOfRangeException(nameof(extraSeed), "extra seed is longer than 32 bytes");
            e.TryWriteBytes(seedMaterial.Slice(2 * Len, extraLength), out _, isUnsigned: true, isBigEndian: true);
        }
        ReadOnlySpan<byte> provided = seedMaterial[..(2 * Len + extraLength)];

        Span<byte> v = stackalloc byte[Len];
        Span<byte> k = stackalloc byte[Len];
        Span<byte> buf = stackalloc byte[Len + 1 + provided.Length];
        v.Fill(0x01);
        k.Clear();

        // K = HMAC_K(V ‖ 0x00 ‖ material); V = HMAC_K(V); K = HMAC_K(V ‖ 0x01 ‖ material); V = HMAC_K(V).
        for (byte round = 0; round < 2; round++)
        {
            v.CopyTo(buf);
            buf[Len] = round;
            provided.CopyTo(buf[(Len + 1)..]);
            HMACSHA256.HashData(k, buf, k);
            HMACSHA256.HashData(k, v, v);
        }

        try
        {
            while (true)
            {
                // T = V = HMAC_K(V) (one block: hlen = rlen = 32); k = int(T) >> 4.
                HMACSHA256.HashData(k, v, v);
                BigInteger candidate = new BigInteger(v, isUnsigned: true, isBigEndian: true) >> 4;
                if (!candidate.IsZero && candidate < n) return candidate;
                v.CopyTo(buf);
                buf[Len] = 0x00;
                HMACSHA256.HashData(k, buf[..(Len + 1)], k);
                HMACSHA256.HashData(k, v, v);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedMaterial);
            CryptographicOperations.ZeroMemory(buf);
            CryptographicOperations.ZeroMemory(k);
        }
    }

    private static void Write32(BigInteger x, Span<byte> destination)
    {
        destination.Clear();
        int count = x.GetByteCount(isUnsigned: true);
        x.TryWriteBytes(destination[(Len - count)..], out _, isUnsigned: true, isBigEndian: true);
    }
}
