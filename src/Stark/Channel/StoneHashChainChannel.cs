using System.Buffers.Binary;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

/// <summary>
/// Stone's byte channel (<c>NoninteractiveVerifierChannel</c> over <c>PrngImpl&lt;HashT&gt;</c>): a 32-byte digest d and
/// a counter. Receiving bytes m sets d ← H((d + 1) ‖ m) (d read as a big-endian integer) and resets the counter;
/// random bytes come from H(d ‖ 0²⁴ ‖ counter₈) blocks, counter big-endian, spare bytes kept for the next draw
/// (<c>randomness/hash_chain.cc</c>).
/// </summary>
/// <remarks>
/// Field elements travel as Montgomery bytes; a drawn element is a 32-byte big-endian integer below 31·p
/// (rejection sampled), reduced mod p, taken as a Montgomery representation (<c>PrimeFieldElement::RandomElement</c>).
/// </remarks>
internal sealed class StoneHashChainChannel : IStoneChannel
{
    private readonly StoneMaskedHash _hash;
    private byte[] _digest = new byte[32];
    private ulong _counter;
    private readonly byte[] _spare = new byte[64];
    private int _spareCount;

    // 31·p, the largest multiple of p below 2^256 (GetMaxDivisible).
    private static readonly System.Numerics.BigInteger s_maxDivisible = Felt.Modulus * 31;

    /// <summary>A channel over the byte hash <paramref name="hash"/> (used unmasked) whose digest starts as <paramref name="initialDigest"/>.</summary>
    public StoneHashChainChannel(StoneMaskedHash hash, ReadOnlySpan<byte> initialDigest)
    {
        _hash = hash;
        initialDigest.CopyTo(_digest);
    }

    /// <inheritdoc />
    public int ProofOfWorkNonceBytes => 8;

    /// <inheritdoc />
    public bool TryDecodeFelt(ReadOnlySpan<byte> bytes32, out Felt value) => Felt.TryFromMontgomeryBytesBigEndian(bytes32, out value);

    /// <inheritdoc />
    public void EncodeFelt(in Felt value, Span<byte> bytes32) => value.WriteMontgomeryBytesBigEndian(bytes32);

    /// <inheritdoc />
    public bool TryAbsorb(ReadOnlySpan<byte> message)
    {
        var mixed = new byte[32 + message.Length];
        var d = new System.Numerics.BigInteger(_digest, isUnsigned: true, isBigEndian: true) + 1;
        d &= (System.Numerics.BigInteger.One << 256) - 1;
        byte[] dBytes = d.ToByteArray(isUnsigned: true, isBigEndian: true);
        dBytes.CopyTo(mixed, 32 - dBytes.Length);
        message.CopyTo(mixed.AsSpan(32));
        _hash.HashUnmasked(mixed, _digest);
        _counter = 0;
        _spareCount = 0;
        return true;
    }

    /// <inheritdoc />
    public Felt DrawFelt()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomBytes(bytes);
            var x = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (x >= s_maxDivisible) continue;
            x %= Felt.Modulus;
            byte[] m = x.ToByteArray(isUnsigned: true, isBigEndian: true);
            Span<byte> m32 = stackalloc byte[32];
            m.CopyTo(m32[(32 - m.Length)..]);
            Felt.TryFromMontgomeryBytesBigEndian(m32, out Felt f);
            return f;
        }
    }

    /// <inheritdoc />
    public ulong DrawNumber(ulong bound)
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomBytes(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes) % bound;
    }

    /// <inheritdoc />
    public byte[] ProofOfWorkSeed() => (byte[])_digest.Clone();

    private void RandomBytes(Span<byte> output)
    {
        int full = output.Length / 32;
        for (int i = 0; i < full; i++) Block(output.Slice(i * 32, 32));
        int tail = output.Length % 32;
        if (tail == 0) return;
        Span<byte> rest = output[(full * 32)..];
        if (tail <= _spareCount)
        {
            _spare.AsSpan(0, tail).CopyTo(rest);
            _spare.AsSpan(tail, _spareCount - tail).CopyTo(_spare);
            _spareCount -= tail;
        }
        else
        {
            Span<byte> block = stackalloc byte[32];
            Block(block);
            block[..tail].CopyTo(rest);
            block[tail..].CopyTo(_spare.AsSpan(_spareCount));
            _spareCount += 32 - tail;
        }
    }

    private void Block(Span<byte> destination32)
    {
        Span<byte> data = stackalloc byte[64];
        _digest.CopyTo(data);
        BinaryPrimitives.WriteUInt64BigEndian(data[56..], _counter++);
        _hash.HashUnmasked(data, destination32);
    }
}
