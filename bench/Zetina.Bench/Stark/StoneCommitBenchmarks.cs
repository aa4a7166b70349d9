using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Bench.Stark;

/// <summary>
/// A Stone table commitment's hashing on one thread: the leaves of 2^14 rows of 7 columns and the tree over them, as
/// Stone's keccak256_masked160_lsb or with every leaf and node Poseidon (n_verifier_friendly_commitment_layers ≥
/// height + 1). <c>RowByRow</c> hashes one row and one node at a time, the way the commitment did before the lane
/// forms (<see cref="StoneTableLeaf.Digest"/> per row, one scalar hash per node); <c>Batched</c> is what it does now.
/// </summary>
[ShortRunJob]
public class StoneCommitBenchmarks
{
    private const int Height = 14, Width = 7;
    private readonly Felt[] _rows = new Felt[Width << Height];
    private readonly byte[] _leaves = new byte[32 << Height];
    private StoneMaskedHash _hash = null!;

    [Params(false, true)]
    public bool Poseidon { get; set; }

    private long FriendlyLayers => Poseidon ? 9999 : 0;

    [GlobalSetup]
    public void Setup()
    {
        _hash = StoneMaskedHash.TryCreate("keccak256_masked160_lsb")!;
        FeltSpan.Powers(Felt.FromUInt64(3), Felt.FromUInt64(5), _rows);
    }

    [Benchmark(Baseline = true)]
    public byte[] RowByRow()
    {
        for (int r = 0; r < 1 << Height; r++)
            StoneTableLeaf.Digest(_rows.AsSpan(r * Width, Width), Poseidon, _hash).CopyTo(_leaves, 32 * r);
        byte[] level = _leaves;
        for (int depth = Height - 1; depth >= 0; depth--)
        {
            var parents = new byte[32 << depth];
            for (int i = 0; i < 1 << depth; i++)
            {
                if (Poseidon)
                    PoseidonHash.Hash(Felt.FromBytesBigEndian(level.AsSpan(64 * i, 32)), Felt.FromBytesBigEndian(level.AsSpan(64 * i + 32, 32)))
                        .WriteBytesBigEndian(parents.AsSpan(32 * i, 32));
                else _hash.HashPair(level.AsSpan(64 * i, 32), level.AsSpan(64 * i + 32, 32), parents.AsSpan(32 * i, 32));
            }
            level = parents;
        }
        return level;
    }

    [Benchmark]
    public byte[] Batched()
    {
        StoneTableLeaf.DigestRows(_rows, Width, Poseidon, _hash, _leaves);
        return StoneMerkleTree.Build(Height, _leaves, FriendlyLayers, _hash, maxThreads: 1).Root;
    }
}
