using System.Numerics;
using CsCheck;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Crypto;

/// <summary>Seeded random sign/verify round trips and tampering (CsCheck prints the seed on failure).</summary>
public class EcdsaPropertyTests
{
    private static readonly Gen<BigInteger> GenKey =
        Gen.Byte.Array[32].Select(b => BigInteger.Remainder(new BigInteger(b, isUnsigned: true, isBigEndian: true), StarkCurve.Order - 1) + 1);

    private static readonly Gen<Felt> GenMessage =
        Gen.Byte.Array[32].Select(b => { b[0] &= 0x07; return Felt.FromBytesBigEndian(b); });

    [Fact]
    public void SignVerify_RandomKeyAndMessage_RoundTrips() =>
        Gen.Select(GenKey, GenMessage).Sample((d, z) =>
        {
            (Felt r, Felt s) = StarkEcdsa.Sign(d, z);
            EcPoint q = StarkEcdsa.PublicKeyPoint(d);
            return StarkEcdsa.Verify(q.X, z, r, s) && StarkEcdsa.Verify(q, z, r, s)
                && q == StarkCurve.Multiply(StarkCurve.Generator, d);
        }, iter: 25);

    [Fact]
    public void Verify_TamperedSignatureMessageOrKey_Fails() =>
        Gen.Select(GenKey, GenMessage, Gen.Int[0, 3], Gen.Int[1, 1000]).Sample((d, z, what, delta) =>
        {
            (Felt r, Felt s) = StarkEcdsa.Sign(d, z);
            Felt q = StarkEcdsa.PublicKey(d);
            Felt e = Felt.FromUInt64((ulong)delta);
            return what switch
            {
                0 => !StarkEcdsa.Verify(q, z, r + e, s),
                1 => !StarkEcdsa.Verify(q, z, r, s + e),
                2 => !StarkEcdsa.Verify(q, z + e, r, s),
                _ => !StarkEcdsa.Verify(StarkEcdsa.PublicKey(ScalarMath.Mod(d + delta) is { IsZero: false } d2 ? d2 : BigInteger.One), z, r, s),
            };
        }, iter: 40);
}
