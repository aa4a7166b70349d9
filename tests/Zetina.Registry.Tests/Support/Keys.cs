using System.Numerics;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Support;

/// <summary>A private key and its public key (the account id).</summary>
internal sealed record TestKey(BigInteger Private, Felt Public)
{
    private static int s_next = 1000;

    /// <summary>A deterministic key: private key = a fixed odd constant times a counter, so runs repeat.</summary>
    public static TestKey Next()
    {
        int n = Interlocked.Increment(ref s_next);
        BigInteger d = BigInteger.Parse("3f1c2b9e7a5d4c3b2a19081726354453627180a9b8c7d6e5f4a3", System.Globalization.NumberStyles.HexNumber) * n + 7;
        return new TestKey(d, RegistryCrypto.PublicKey(d));
    }
}
