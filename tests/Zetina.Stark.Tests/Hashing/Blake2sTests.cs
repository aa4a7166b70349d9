using Zetina.Stark.Hashing;

namespace Zetina.Stark.Tests.Hashing;

/// <summary>
/// BLAKE2s-256 known answers. "abc" is RFC 7693 Appendix B; the others were computed with CPython's
/// <c>hashlib.blake2s</c> (an independent implementation) over the pattern byte[i] = (7i + 3) mod 256, covering the
/// empty message and lengths around the 64-byte block boundary.
/// </summary>
public class Blake2sTests
{
    public static TheoryData<int, string> PatternCases => new()
    {
        { 0, "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9" },
        { 1, "a28ac19d6bcbe2cd1d7de183485768d598e996b07889b9b11f418cb1b4a4fb0d" },
        { 3, "ca943acca89a34cf4040cf8ea24147dd94ea62a49de8ef9a88af5272339927b3" },
        { 55, "691697264a9ff7f6f5605335fc509f137845246ce7169d30fbf71574102ffb63" },
        { 63, "de27df0e375d83c49f1af9ca8270f9f2fe7b70bf800fc01672db0e9746021ebf" },
        { 64, "5377e4ff957bda4d4535f4879876b71a61056c4cec31e78397c66ec47a86a130" },
        { 65, "19b1b26fba093f4a670d8913e1b71cbb2916dfa701018cc6b05785c966593374" },
        { 127, "6846f99493436241d0a6f289c9a911b1d0f4860db8f2b5df5295ffd37d03a3c4" },
        { 128, "83470c75afa23d90cd7659906e4b47daa278131fbb225241dd37a40fd5355ac7" },
        { 129, "26fd8892ab0a5f12d4acbff1efd7dcd92b99e2d377f888f07e3cb81b232b11cf" },
        { 200, "46c215f5ea995be7077ae5b9e0ef1c28b2111fc213d0867ddc8f1b339362f5fc" },
        { 1000, "02a016193469710efadf8fb005ca19b509331cb847df5598cc0794bded669681" },
    };

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void Hash_PatternMessage_MatchesHashlib(int length, string expected)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) data[i] = (byte)((i * 7 + 3) % 256);
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2s256.Hash(data)));
    }

    [Fact]
    public void Hash_Abc_MatchesRfc7693AppendixB() =>
        Assert.Equal("508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982",
            Convert.ToHexStringLower(Blake2s256.Hash("abc"u8)));

    [Fact]
    public void Hash_SpanOverload_WritesSameDigest()
    {
        byte[] data = [1, 2, 3, 4];
        Span<byte> dst = stackalloc byte[40];
        dst.Fill(0xAA);
        Blake2s256.Hash(data, dst);
        Assert.Equal(Blake2s256.Hash(data), dst[..32].ToArray());
        Assert.Equal(0xAA, dst[32]);
    }

    [Fact]
    public void Compress_AbcWordsWithCounterAndFinalFlag_EqualsHash()
    {
        uint[] h = [0x6A09E667u ^ 0x01010020u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u];
        var message = new uint[16];
        message[0] = 0x00636261;
        Blake2s256.Compress(h, message, t0: 3, t1: 0, f0: 0xFFFFFFFFu, f1: 0);
        var digest = new byte[32];
        for (int i = 0; i < 8; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(4 * i), h[i]);
        Assert.Equal(Blake2s256.Hash("abc"u8), digest);
        Assert.Throws<ArgumentException>(() => Blake2s256.Compress(h.AsSpan(0, 7), message, 0, 0, 0, 0));
    }
}
