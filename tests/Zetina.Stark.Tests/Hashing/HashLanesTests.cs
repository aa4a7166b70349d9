using System.Runtime.Intrinsics;
using Xunit.Abstractions;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Tests.Hashing;

/// <summary>
/// The lane forms of Keccak-f[1600] and the BLAKE2s compression against their scalar forms, state by state, on
/// seeded random states (the seed is printed). The 512-bit forms run in software where AVX-512 is missing, so they
/// are checked everywhere.
/// </summary>
public class HashLanesTests(ITestOutputHelper output)
{
    private const int Rounds = 40;

    private Random Seeded()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        return new Random(seed);
    }

    [Fact]
    public void KeccakPermute_FourLanes_EqualsScalarPerState() => KeccakLanes(4, (words, lanes) =>
    {
        var v = new Vector256<ulong>[25];
        for (int i = 0; i < 25; i++) v[i] = Vector256.Create(words[i]);
        KeccakF1600.Permute(v);
        for (int i = 0; i < 25; i++) v[i].CopyTo(words[i]);
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(272)]
    [InlineData(1568)]
    public void Keccak256_FourMessages_EqualScalarPerMessage(int length)
    {
        Random rng = Seeded();
        var data = new byte[4 * length];
        rng.NextBytes(data);
        var digests = new byte[4 * 32];
        Keccak256.Hash4(data, length, digests);
        for (int j = 0; j < 4; j++)
            Assert.Equal(Keccak256.Hash(data.AsSpan(j * length, length)), digests.AsSpan(32 * j, 32).ToArray());
    }

    /// <summary>
    /// <see cref="Keccak256.HashMany"/> — the native AVX-512 kernel's eights where it runs, then AVX2 fours, then single
    /// messages — against the scalar sponge message by message, with the kernel on and off; every count up to 19
    /// (eights, fours and a tail) at lengths around the rate and the Merkle leaf and node sizes.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(224)]
    [InlineData(272)]
    [InlineData(1568)]
    public void Keccak256_ManyMessages_EqualScalarPerMessage(int length)
    {
        Random rng = Seeded();
        output.WriteLine($"native Keccak kernel: {NativeKeccak.IsSupported}");
        bool before = NativeKeccak.Enabled;
        try
        {
            foreach (bool native in NativeKeccak.IsSupported ? new[] { true, false } : [false])
            {
                NativeKeccak.Enabled = native;
                for (int count = 0; count <= 19; count++)
                {
                    var data = new byte[count * length];
                    rng.NextBytes(data);
                    var digests = new byte[count * 32];
                    Keccak256.HashMany(data, length, digests);
                    for (int j = 0; j < count; j++)
                        Assert.True(Keccak256.Hash(data.AsSpan(j * length, length)).AsSpan().SequenceEqual(digests.AsSpan(32 * j, 32)),
                            $"native {native}, {count} messages of {length} bytes: digest {j} differs");
                }
            }
        }
        finally
        {
            NativeKeccak.Enabled = before;
        }
    }

    [Fact]
    public void KeccakPermute_EightLanes_EqualsScalarPerState() => KeccakLanes(8, (words, lanes) =>
    {
        var v = new Vector512<ulong>[25];
        for (int i = 0; i < 25; i++) v[i] = Vector512.Create(words[i]);
        KeccakF1600.Permute(v);
        for (int i = 0; i < 25; i++) v[i].CopyTo(words[i]);
    });

    [Fact]
    public void Blake2sCompress_EightLanes_EqualsScalarPerState() => Blake2sLanes(8, (h, m, t0, t1, f0, f1) =>
    {
        var hv = new Vector256<uint>[8];
        var mv = new Vector256<uint>[16];
        for (int i = 0; i < 8; i++) hv[i] = Vector256.Create(h[i]);
        for (int i = 0; i < 16; i++) mv[i] = Vector256.Create(m[i]);
        Blake2s256.Compress(hv, mv, t0, t1, f0, f1);
        for (int i = 0; i < 8; i++) hv[i].CopyTo(h[i]);
    });

    [Fact]
    public void Blake2sCompress_SixteenLanes_EqualsScalarPerState() => Blake2sLanes(16, (h, m, t0, t1, f0, f1) =>
    {
        var hv = new Vector512<uint>[8];
        var mv = new Vector512<uint>[16];
        for (int i = 0; i < 8; i++) hv[i] = Vector512.Create(h[i]);
        for (int i = 0; i < 16; i++) mv[i] = Vector512.Create(m[i]);
        Blake2s256.Compress(hv, mv, t0, t1, f0, f1);
        for (int i = 0; i < 8; i++) hv[i].CopyTo(h[i]);
    });

    [Fact]
    public void KeccakPermute_WrongLaneCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => KeccakF1600.Permute(new Vector256<ulong>[24]));
        Assert.Throws<ArgumentException>(() => Blake2s256.Compress(new Vector256<uint>[7], new Vector256<uint>[16], 0, 0, 0, 0));
    }

    /// <summary>words[i][j] = lane i of state j; <paramref name="permute"/> permutes all states in place.</summary>
    private void KeccakLanes(int width, Action<ulong[][], int> permute)
    {
        Random rng = Seeded();
        for (int round = 0; round < Rounds; round++)
        {
            var words = new ulong[25][];
            for (int i = 0; i < 25; i++)
            {
                words[i] = new ulong[width];
                // Every few rounds, an all-zero or all-ones state in one lane as an edge value.
                for (int j = 0; j < width; j++) words[i][j] = round == 0 && j == 1 ? 0 : round == 0 && j == 2 ? ulong.MaxValue : (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            }
            var expected = new ulong[width][];
            for (int j = 0; j < width; j++)
            {
                expected[j] = new ulong[25];
                for (int i = 0; i < 25; i++) expected[j][i] = words[i][j];
                KeccakF1600.Permute(expected[j]);
            }
            permute(words, width);
            for (int j = 0; j < width; j++)
                for (int i = 0; i < 25; i++)
                    Assert.True(expected[j][i] == words[i][j], $"round {round}, state {j}, lane {i}: {words[i][j]:x16} != {expected[j][i]:x16}");
        }
    }

    private delegate void LaneCompress(uint[][] h, uint[][] m, uint t0, uint t1, uint f0, uint f1);

    private void Blake2sLanes(int width, LaneCompress compress)
    {
        Random rng = Seeded();
        for (int round = 0; round < Rounds; round++)
        {
            var h = new uint[8][];
            var m = new uint[16][];
            for (int i = 0; i < 8; i++) h[i] = Words(rng, width);
            for (int i = 0; i < 16; i++) m[i] = Words(rng, width);
            uint t0 = (uint)rng.Next(), t1 = (uint)rng.Next(), f0 = round % 2 == 0 ? uint.MaxValue : 0, f1 = (uint)rng.Next();
            var expected = new uint[width][];
            for (int j = 0; j < width; j++)
            {
                expected[j] = new uint[8];
                var mj = new uint[16];
                for (int i = 0; i < 8; i++) expected[j][i] = h[i][j];
                for (int i = 0; i < 16; i++) mj[i] = m[i][j];
                Blake2s256.Compress(expected[j], mj, t0, t1, f0, f1);
            }
            compress(h, m, t0, t1, f0, f1);
            for (int j = 0; j < width; j++)
                for (int i = 0; i < 8; i++)
                    Assert.True(expected[j][i] == h[i][j], $"round {round}, state {j}, word {i}: {h[i][j]:x8} != {expected[j][i]:x8}");
        }
    }

    private static uint[] Words(Random rng, int n)
    {
        var w = new uint[n];
        for (int j = 0; j < n; j++) w[j] = (uint)rng.NextInt64();
        return w;
    }
}
