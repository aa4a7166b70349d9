using BenchmarkDotNet.Attributes;
using Zetina.Stark.Hashing;

namespace Zetina.Bench.Hashing;

/// <summary>BLAKE2s-256 of 64 bytes (one compression), as in Merkle node hashing.</summary>
[ShortRunJob]
public class Blake2sBenchmarks
{
    private readonly byte[] _data = new byte[64];
    private readonly byte[] _digest = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _data.Length; i++) _data[i] = (byte)(i * 7 + 3);
    }

    [Benchmark]
    public byte Blake2s_64()
    {
        Blake2s256.Hash(_data, _digest);
        return _digest[0];
    }
}
