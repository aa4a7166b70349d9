using System.Numerics;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Signing;

/// <summary>
/// The two primitives the registry's rules rest on: StarkNet Poseidon <c>hash_many</c> over a message's
/// felts, and Stark-curve ECDSA with x-only public keys (StarkWare's verification rules). Every signed
/// registry message goes through <see cref="HashMany"/> and <see cref="Verify"/>; nothing else in the
/// registry names a hash or a curve.
/// </summary>
public static class RegistryCrypto
{
    /// <summary>The hash of <paramref name="xs"/> that registry signatures cover: Poseidon <c>hash_many</c>.</summary>
    public static Felt HashMany(ReadOnlySpan<Felt> xs) => PoseidonHash.HashMany(xs);

    /// <summary>The public key (x coordinate of d·G) of <paramref name="privateKey"/> in [1, n).</summary>
    public static Felt PublicKey(BigInteger privateKey) => StarkEcdsa.PublicKey(privateKey);

    /// <summary>A fresh random private key in [1, n).</summary>
    public static BigInteger NewPrivateKey() => StarkEcdsa.NewPrivateKey();

    /// <summary>Signs <paramref name="messageHash"/> with <paramref name="privateKey"/> (RFC 6979 k, as cairo-lang).</summary>
    public static Signature Sign(BigInteger privateKey, Felt messageHash)
    {
        var (r, s) = StarkEcdsa.Sign(privateKey, messageHash);
        return new Signature(r, s);
    }

    /// <summary>
    /// True when (<paramref name="r"/>, <paramref name="s"/>) is a valid signature of <paramref name="messageHash"/>
    /// by the key whose x coordinate is <paramref name="publicKeyX"/> (either y). Out-of-range values are never valid.
    /// </summary>
    public static bool Verify(Felt publicKeyX, Felt messageHash, Felt r, Felt s) => StarkEcdsa.Verify(publicKeyX, messageHash, r, s);

    /// <summary>Reads a private key file written by <c>zetina key new</c> (<see cref="StarkKeyFile"/>).</summary>
    public static BigInteger LoadPrivateKey(string path) => StarkKeyFile.Load(path);
}
