using System.Numerics;
using BenchmarkDotNet.Attributes;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Bench.Crypto;

/// <summary>Stark ECDSA: sign (RFC 6979 nonce, constant-time k·G) and verify with an x-only public key.</summary>
[ShortRunJob]
public class EcdsaBenchmarks
{
    private BigInteger _key;
    private Felt _publicKey, _message, _r, _s;

    [GlobalSetup]
    public void Setup()
    {
        _key = BigInteger.Parse("03c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc", System.Globalization.NumberStyles.HexNumber);
        _publicKey = StarkEcdsa.PublicKey(_key);
        _message = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");
        (_r, _s) = StarkEcdsa.Sign(_key, _message);
    }

    [Benchmark]
    public Felt Sign() => StarkEcdsa.Sign(_key, _message).S;

    [Benchmark]
    public bool Verify() => StarkEcdsa.Verify(_publicKey, _message, _r, _s);
}
