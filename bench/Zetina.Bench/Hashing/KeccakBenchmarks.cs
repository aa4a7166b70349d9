using BenchmarkDotNet.Attributes;
using Zetina.Stark.Hashing;

namespace Zetina.Bench.Hashing;

/// <summary>Keccak-256 of 64 bytes (one permutation), as in Merkle node hashing.</summary>
[ShortRunJob]
public class KeccakBenchmarks
{
    private readonly byte[] _data = new byte[64];
    private readonly byte[] _digest = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _data.Length; i++) _data[i] = (byte)(i * 7 + 3);
    }

    [Benchmark]
    public byte Keccak256_64()
    {
        Keccak256.Hash(_data, _digest);
        return _digest[0];
    }
}
