using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zetina.P2P.Noise;

/// <summary>
/// Noise CipherState with ChaChaPoly (Noise spec §5.1, §12.3): key k and 64-bit nonce n; the AEAD nonce is
/// 4 zero bytes followed by n little-endian. Not thread-safe: one writer or one reader at a time.
/// </summary>
internal sealed class CipherState : IDisposable
{
    private readonly ChaCha20Poly1305 _aead;
    private ulong _n;

    public CipherState(ReadOnlySpan<byte> key) => _aead = new ChaCha20Poly1305(key);

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="output"/> (length plaintext + 16: ciphertext || tag).</summary>
    public void Encrypt(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        Span<byte> nonce = stackalloc byte[12];
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _n++);
        _aead.Encrypt(nonce, plaintext, output[..plaintext.Length], output.Slice(plaintext.Length, NoiseProtocol.TagLength), ad);
    }

    /// <summary>Decrypts <paramref name="ciphertext"/> (ciphertext || tag) into <paramref name="output"/>; false when the tag does not match.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> output)
    {
        if (ciphertext.Length < NoiseProtocol.TagLength) return false;
        Span<byte> nonce = stackalloc byte[12];
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _n);
        int len = ciphertext.Length - NoiseProtocol.TagLength;
        try
        {
            _aead.Decrypt(nonce, ciphertext[..len], ciphertext[len..], output[..len], ad);
        }
        catch (CryptographicException)
        {
            return false;
        }
        _n++;
        return true;
    }

    public void Dispose() => _aead.Dispose();
}
