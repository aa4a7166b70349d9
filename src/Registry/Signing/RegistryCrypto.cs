using System.Numerics;
using System.Security.Cryptography;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Signing;

/// <summary>
/// The two primitives the registry's rules rest on: hashing a list of felts for a signature, and
/// Stark-curve ECDSA (x-only public keys, StarkNet semantics). Every signed registry message goes
/// through <see cref="HashMany"/> and <see cref="Verify"/>; nothing else in the registry names a
/// hash or a curve.
/// </summary>
/// <remarks>
/// INTERIM for ECDSA only: the crypto team's <c>Zetina.Stark.Crypto.StarkEcdsa</c> had not landed when
/// this was written. Until it is merged, ECDSA is the Stark-curve scheme implemented here on <see cref="BigInteger"/> in Jacobian
/// coordinates (random k, not RFC 6979). Swapping in the crypto team's types changes this file only.
/// </remarks>
public static class RegistryCrypto
{
    private static readonly BigInteger P = Felt.Modulus;
    private static readonly BigInteger N = BigInteger.Parse("0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Beta = BigInteger.Parse("06f21413efbe40de150e596d72f7a8c5609ad26c15c915c1f4cdfcb99cee9e89", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Gx = BigInteger.Parse("01ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Gy = BigInteger.Parse("005668060aa49730b7be4801df46ec62de53ecd11abe43a32873000c36e8dc1f", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger Two251 = BigInteger.One << 251;

    /// <summary>The hash of <paramref name="xs"/> that registry signatures cover: StarkNet Poseidon <c>hash_many</c>.</summary>
    public static Felt HashMany(ReadOnlySpan<Felt> xs) => PoseidonHash.HashMany(xs);

    /// <summary>The public key (x coordinate of d·G) of private key <paramref name="privateKey"/> in [1, n).</summary>
    public static Felt PublicKey(BigInteger privateKey)
    {
        if (privateKey.Sign <= 0 || privateKey >= N) throw new ArgumentOutOfRangeException(nameof(privateKey), "a private key lies in [1, n)");
        var (x, _) = ToAffine(Multiply(Gx, Gy, privateKey));
        return Felt.FromBigInteger(x);
    }

    /// <summary>A fresh random private key in [1, n).</summary>
    public static BigInteger NewPrivateKey()
    {
        Span<byte> b = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(b);
            b[0] &= 0x07;
            var k = new BigInteger(b, isUnsigned: true, isBigEndian: true);
            if (k.Sign > 0 && k < N) return k;
        }
    }

    /// <summary>Signs <paramref name="messageHash"/> (must be below 2^251) with <paramref name="privateKey"/>.</summary>
    public static Signature Sign(BigInteger privateKey, Felt messageHash)
    {
        BigInteger z = messageHash.ToBigInteger();
        if (z >= Two251) throw new ArgumentOutOfRangeException(nameof(messageHash), "a signed message is below 2^251");
        while (true)
        {
            BigInteger k = NewPrivateKey();
            var (rx, _) = ToAffine(Multiply(Gx, Gy, k));
            BigInteger r = rx % N;
            if (r.IsZero || r >= Two251) continue;
            BigInteger s = Mod(BigInteger.ModPow(k, N - 2, N) * (z + r * privateKey), N);
            if (s.IsZero) continue;
            BigInteger w = BigInteger.ModPow(s, N - 2, N);
            if (w >= Two251) continue;
            return new Signature(Felt.FromBigInteger(r), Felt.FromBigInteger(s));
        }
    }

    /// <summary>
    /// True when (<paramref name="r"/>, <paramref name="s"/>) is a valid signature of
    /// <paramref name="messageHash"/> by the key whose x coordinate is <paramref name="publicKeyX"/>,
    /// trying both y (StarkWare's x-only semantics). Out-of-range values are never valid.
    /// </summary>
    public static bool Verify(Felt publicKeyX, Felt messageHash, Felt r, Felt s)
    {
        BigInteger z = messageHash.ToBigInteger(), rv = r.ToBigInteger(), sv = s.ToBigInteger();
        if (z >= Two251 || rv.IsZero || rv >= Two251 || sv.IsZero || sv >= N) return false;
        BigInteger w = BigInteger.ModPow(sv, N - 2, N);
        if (w.IsZero || w >= Two251) return false;
        BigInteger qx = publicKeyX.ToBigInteger();
        BigInteger rhs = Mod(qx * qx * qx + qx + Beta, P);
        BigInteger qy = SqrtModP(rhs);
        if (Mod(qy * qy, P) != rhs) return false;
        // z·w·G ± r·w·Q: x-only verification accepts either sign of y.
        var a = Multiply(Gx, Gy, Mod(z * w, N));
        var b = Multiply(qx, qy, Mod(rv * w, N));
        if (Matches(Add(a, b), rv)) return true;
        var bNeg = (b.X, Mod(-b.Y, P), b.Z);
        return Matches(Add(a, bNeg), rv);
    }

    private static bool Matches((BigInteger X, BigInteger Y, BigInteger Z) p, BigInteger r)
    {
        if (p.Z.IsZero) return false;
        return ToAffine(p).X == r;
    }

    private static BigInteger Mod(BigInteger a, BigInteger m)
    {
        BigInteger r = a % m;
        return r.Sign < 0 ? r + m : r;
    }

    // p ≡ 1 (mod 4) for the Stark prime, so square roots take Tonelli–Shanks; the field type has one.
    private static BigInteger SqrtModP(BigInteger a)
    {
        Felt f = Felt.FromBigInteger(a);
        return f.TrySqrt(out Felt root) ? root.ToBigInteger() : BigInteger.MinusOne;
    }

    private static (BigInteger X, BigInteger Y) ToAffine((BigInteger X, BigInteger Y, BigInteger Z) p)
    {
        BigInteger zi = BigInteger.ModPow(p.Z, P - 2, P);
        BigInteger zi2 = Mod(zi * zi, P);
        return (Mod(p.X * zi2, P), Mod(p.Y * zi2 * zi, P));
    }

    // Jacobian doubling for y^2 = x^3 + a·x + b with a = 1: M = 3X^2 + Z^4.
    private static (BigInteger X, BigInteger Y, BigInteger Z) Double((BigInteger X, BigInteger Y, BigInteger Z) p)
    {
        if (p.Z.IsZero || p.Y.IsZero) return (1, 1, 0);
        BigInteger y2 = Mod(p.Y * p.Y, P);
        BigInteger s = Mod(4 * p.X * y2, P);
        BigInteger z2 = Mod(p.Z * p.Z, P);
        BigInteger m = Mod(3 * p.X * p.X + z2 * z2, P);
        BigInteger x3 = Mod(m * m - 2 * s, P);
        BigInteger y3 = Mod(m * (s - x3) - 8 * y2 * y2, P);
        BigInteger z3 = Mod(2 * p.Y * p.Z, P);
        return (x3, y3, z3);
    }

    private static (BigInteger X, BigInteger Y, BigInteger Z) Add((BigInteger X, BigInteger Y, BigInteger Z) p, (BigInteger X, BigInteger Y, BigInteger Z) q)
    {
        if (p.Z.IsZero) return q;
        if (q.Z.IsZero) return p;
        BigInteger z1s = Mod(p.Z * p.Z, P), z2s = Mod(q.Z * q.Z, P);
        BigInteger u1 = Mod(p.X * z2s, P), u2 = Mod(q.X * z1s, P);
        BigInteger s1 = Mod(p.Y * z2s * q.Z, P), s2 = Mod(q.Y * z1s * p.Z, P);
        if (u1 == u2) return s1 == s2 ? Double(p) : (1, 1, 0);
        BigInteger h = Mod(u2 - u1, P), rr = Mod(s2 - s1, P);
        BigInteger h2 = Mod(h * h, P), h3 = Mod(h2 * h, P);
        BigInteger x3 = Mod(rr * rr - h3 - 2 * u1 * h2, P);
        BigInteger y3 = Mod(rr * (u1 * h2 - x3) - s1 * h3, P);
        BigInteger z3 = Mod(h * p.Z * q.Z, P);
        return (x3, y3, z3);
    }

    private static (BigInteger X, BigInteger Y, BigInteger Z) Multiply(BigInteger x, BigInteger y, BigInteger k)
    {
        (BigInteger X, BigInteger Y, BigInteger Z) acc = (1, 1, 0);
        (BigInteger X, BigInteger Y, BigInteger Z) pt = (x, y, 1);
        for (long bit = (long)k.GetBitLength() - 1; bit >= 0; bit--)
        {
            acc = Double(acc);
            if (!(k >> (int)bit).IsEven) acc = Add(acc, pt);
        }
        return acc;
    }
}
