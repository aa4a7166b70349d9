using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Tests.Reference;

/// <summary>Seeded random field elements and the edge values every kernel is checked on.</summary>
internal static class TestFelts
{
    /// <summary>0, 1, 2, p − 1, p − 2, 2^251 − 1 … values at the ends of the range and of the limbs.</summary>
    public static readonly Felt[] Edges =
    [
        Felt.Zero, Felt.One, Felt.FromUInt64(2), Felt.MinusOne, Felt.MinusOne - Felt.One,
        Felt.FromBigInteger((BigInteger.One << 251) - 1), Felt.FromBigInteger(BigInteger.One << 192),
        Felt.FromUInt64(ulong.MaxValue), Felt.FromBigInteger((BigInteger.One << 224) - 1),
    ];

    /// <summary><paramref name="count"/> uniformly random elements from <paramref name="seed"/>.</summary>
    public static Felt[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var result = new Felt[count];
        Span<byte> bytes = stackalloc byte[32];
        for (int i = 0; i < count; i++)
        {
            rng.NextBytes(bytes);
            bytes[0] &= 0x0F;  // below 2^252; reduction mod p leaves a near-uniform element
            result[i] = Felt.FromBytesBigEndianReduced(bytes);
        }
        return result;
    }
}
