using System.Buffers.Binary;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Channel;

/// <summary>
/// The <see cref="IChannel"/> over a 32-byte hash H (Keccak-256 or Blake2s-256).
/// </summary>
/// <remarks>
/// State: a 32-byte digest s and a draw counter c. Absorb(m): s ← H(s ‖ m), c ← 0. A draw returns
/// H(s ‖ c as 8 bytes big-endian) and increments c. Felts are drawn by rejection: the draw's first byte
/// is masked to 4 bits (a 252-bit value), accepted when below p (about one draw in two).
/// Proof of work (<see cref="ProofOfWork"/>): prefix = H(0x0123456789abcded ‖ s ‖ bits), the smallest nonce whose
/// H(prefix ‖ nonce as 8 bytes big-endian) starts with <c>bits</c> zero bits; the nonce is then absorbed. The proof
/// of work always hashes with the unmasked H of the hasher's family, as Stone's <c>pow_hash</c> does.
/// </remarks>
public sealed class HashChannel : IChannel
{
    private readonly ByteMerkleHasher _hash;
    private readonly ProofOfWorkHash _powHash;
    private readonly byte[] _state = new byte[32];
    private ulong _counter;

    /// <summary>Starts a transcript: s = H(<paramref name="domain"/>).</summary>
    public HashChannel(ByteMerkleHasher hash, ReadOnlySpan<byte> domain)
    {
        _hash = hash;
        _powHash = hash.Name.StartsWith("blake2s", StringComparison.Ordinal) ? ProofOfWorkHash.Blake2s256 : ProofOfWorkHash.Keccak256;
        _hash.HashBytes(domain, _state);
    }

    /// <summary>The current state digest (for tests and diagnostics).</summary>
    public ReadOnlySpan<byte> State => _state;

    /// <inheritdoc/>
    public void Absorb(ReadOnlySpan<byte> data)
    {
        byte[] buffer = new byte[32 + data.Length];
        _state.CopyTo(buffer, 0);
        data.CopyTo(buffer.AsSpan(32));
        _hash.HashBytes(buffer, _state);
        _counter = 0;
    }

    /// <inheritdoc/>
    public void AbsorbFelts(ReadOnlySpan<Felt> values)
    {
        byte[] buffer = new byte[32 * values.Length];
        for (int i = 0; i < values.Length; i++) values[i].WriteBytesBigEndian(buffer.AsSpan(32 * i, 32));
        Absorb(buffer);
    }

    /// <inheritdoc/>
    public Felt DrawFelt()
    {
        Span<byte> draw = stackalloc byte[32];
        while (true)
        {
            DrawBytes(draw);
            draw[0] &= 0x0F;
            if (Felt.TryFromBytesBigEndian(draw, out Felt f)) return f;
        }
    }

    /// <inheritdoc/>
    public int DrawIndex(int bound)
    {
        if (bound <= 0 || (bound & (bound - 1)) != 0) throw new ArgumentException($"bound must be a power of two, got {bound}", nameof(bound));
        Span<byte> draw = stackalloc byte[32];
        DrawBytes(draw);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(draw) & (ulong)(bound - 1));
    }

    /// <inheritdoc/>
    public ulong Grind(int bits, int maxThreads)
    {
        Span<byte> prefix = stackalloc byte[ProofOfWork.PrefixBytes];
        ProofOfWork.Prefix(_powHash, _state, bits, prefix);
        ulong nonce = ProofOfWork.FindNonce(_powHash, prefix, bits, startNonce: 0, maxThreads);
        AbsorbNonce(nonce);
        return nonce;
    }

    /// <inheritdoc/>
    public bool TryAcceptProofOfWork(int bits, ulong nonce)
    {
        Span<byte> prefix = stackalloc byte[ProofOfWork.PrefixBytes];
        ProofOfWork.Prefix(_powHash, _state, bits, prefix);
        if (!ProofOfWork.Check(_powHash, prefix, bits, nonce)) return false;
        AbsorbNonce(nonce);
        return true;
    }

    private void AbsorbNonce(ulong nonce)
    {
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(n, nonce);
        Absorb(n);
    }

    private void DrawBytes(Span<byte> destination32)
    {
        Span<byte> buffer = stackalloc byte[40];
        _state.CopyTo(buffer);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[32..], _counter++);
        _hash.HashBytes(buffer, destination32);
    }
}
