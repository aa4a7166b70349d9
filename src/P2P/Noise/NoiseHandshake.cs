using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Zetina.P2P.Crypto;

namespace Zetina.P2P.Noise;

/// <summary>
/// The <c>Noise_XX_25519_ChaChaPoly_SHA256</c> handshake with the libp2p payload (libp2p specs, noise/README.md):
/// <code>
///   -> e
///   &lt;- e, ee, s, es      payload: responder's identity key + signature over its static key
///   -> s, se              payload: initiator's identity key + signature
/// </code>
/// Every handshake message is framed as a 2-byte big-endian length + body. The prologue is empty.
/// </summary>
public static class NoiseHandshake
{
    private static readonly byte[] s_prefix = System.Text.Encoding.ASCII.GetBytes(NoiseProtocol.StaticKeyPrefix);

    /// <summary>
    /// Runs the handshake over <paramref name="stream"/>. Throws <see cref="P2PException"/> (Handshake) on a malformed or
    /// truncated message, a bad identity signature, or when <paramref name="expectedPeer"/> is given and does not match.
    /// </summary>
    public static async Task<NoiseResult> RunAsync(Stream stream, PrivateKey identity, bool initiator, PeerId? expectedPeer,
        IReadOnlyList<string> streamMuxers, CancellationToken ct)
    {
        var hs = new HandshakeState();
        byte[] staticPriv = RandomNumberGenerator.GetBytes(32);
        byte[] staticPub = new byte[32];
        X25519.ScalarMultBase(staticPriv, 0, staticPub, 0);
        byte[] ephPriv = RandomNumberGenerator.GetBytes(32);
        byte[] ephPub = new byte[32];
        X25519.ScalarMultBase(ephPriv, 0, ephPub, 0);
        byte[] payload = new NoiseHandshakePayload(identity.PublicKey.ToProtobuf(), identity.Sign([.. s_prefix, .. staticPub]), streamMuxers).Encode();

        byte[] re, rs;
        NoiseHandshakePayload remote;
        if (initiator)
        {
            // -> e
            hs.MixHash(ephPub);
            byte[] m1 = [.. ephPub, .. hs.EncryptAndHash([])];
            await WriteFrameAsync(stream, m1, ct).ConfigureAwait(false);

            // <- e, ee, s, es
            byte[] m2 = await ReadFrameAsync(stream, ct).ConfigureAwait(false);
            if (m2.Length < 32 + 48 + 16) throw Fail($"message 2 is {m2.Length} bytes, expected at least 96");
            re = m2[..32];
            hs.MixHash(re);
            hs.MixKey(Dh(ephPriv, re));
            rs = hs.DecryptAndHash(m2.AsSpan(32, 48));
            hs.MixKey(Dh(ephPriv, rs));
            remote = DecodePayload(hs.DecryptAndHash(m2.AsSpan(80)));

            // -> s, se
            byte[] encS = hs.EncryptAndHash(staticPub);
            hs.MixKey(Dh(staticPriv, re));
            byte[] encP = hs.EncryptAndHash(payload);
            await WriteFrameAsync(stream, [.. encS, .. encP], ct).ConfigureAwait(false);
        }
        else
        {
            // -> e
            byte[] m1 = await ReadFrameAsync(stream, ct).ConfigureAwait(false);
            if (m1.Length < 32) throw Fail($"message 1 is {m1.Length} bytes, expected at least 32");
            re = m1[..32];
            hs.MixHash(re);
            hs.DecryptAndHash(m1.AsSpan(32));

            // <- e, ee, s, es
            hs.MixHash(ephPub);
            hs.MixKey(Dh(ephPriv, re));
            byte[] encS = hs.EncryptAndHash(staticPub);
            hs.MixKey(Dh(staticPriv, re));
            byte[] encP = hs.EncryptAndHash(payload);
            await WriteFrameAsync(stream, [.. ephPub, .. encS, .. encP], ct).ConfigureAwait(false);

            // -> s, se
            byte[] m3 = await ReadFrameAsync(stream, ct).ConfigureAwait(false);
            if (m3.Length < 48 + 16) throw Fail($"message 3 is {m3.Length} bytes, expected at least 64");
            rs = hs.DecryptAndHash(m3.AsSpan(0, 48));
            hs.MixKey(Dh(ephPriv, rs));
            remote = DecodePayload(hs.DecryptAndHash(m3.AsSpan(48)));
        }

        PublicKey remoteKey;
        try
        {
            remoteKey = PublicKey.FromProtobuf(remote.IdentityKey);
        }
        catch (FormatException e)
        {
            throw Fail("remote identity key: " + e.Message);
        }
        if (!remoteKey.Verify([.. s_prefix, .. rs], remote.IdentitySignature))
            throw Fail("remote identity signature over its static key does not verify");
        var remotePeer = PeerId.FromPublicKey(remoteKey);
        if (expectedPeer is not null && !expectedPeer.Equals(remotePeer))
            throw Fail($"expected peer {expectedPeer}, the remote authenticated as {remotePeer}");

        var (k1, k2) = hs.Split();
        var transport = initiator ? new NoiseTransport(stream, k1, k2) : new NoiseTransport(stream, k2, k1);
        return new NoiseResult(transport, remotePeer, remoteKey, remote.StreamMuxers);
    }

    private static NoiseHandshakePayload DecodePayload(byte[] b)
    {
        try
        {
            return NoiseHandshakePayload.Decode(b);
        }
        catch (FormatException e)
        {
            throw Fail(e.Message);
        }
    }

    private static byte[] Dh(byte[] priv, byte[] pub)
    {
        var r = new byte[32];
        if (!X25519.CalculateAgreement(priv, 0, pub, 0, r, 0)) throw Fail("X25519 produced the all-zero shared secret (low-order point)");
        return r;
    }

    private static P2PException Fail(string why) => new(P2PErrorKind.Handshake, "noise handshake: " + why);

    private static async ValueTask WriteFrameAsync(Stream s, byte[] body, CancellationToken ct)
    {
        var frame = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
        body.CopyTo(frame, 2);
        await s.WriteAsync(frame, ct).ConfigureAwait(false);
        await s.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async ValueTask<byte[]> ReadFrameAsync(Stream s, CancellationToken ct)
    {
        var len = new byte[2];
        await ReadExactAsync(s, len, "length", ct).ConfigureAwait(false);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(len)];
        await ReadExactAsync(s, body, "body", ct).ConfigureAwait(false);
        return body;
    }

    private static async ValueTask ReadExactAsync(Stream s, byte[] buf, string what, CancellationToken ct)
    {
        int got = 0;
        while (got < buf.Length)
        {
            int n = await s.ReadAsync(buf.AsMemory(got), ct).ConfigureAwait(false);
            if (n == 0) throw Fail($"connection closed inside a handshake message {what} ({got} of {buf.Length} bytes)");
            got += n;
        }
    }

    /// <summary>Noise SymmetricState (spec §5.2) for SHA-256 and ChaChaPoly.</summary>
    private sealed class HandshakeState
    {
        private byte[] _h = System.Text.Encoding.ASCII.GetBytes(NoiseProtocol.Name);
        private byte[] _ck;
        private CipherState? _k;

        public HandshakeState()
        {
            _ck = (byte[])_h.Clone();
            MixHash([]); // empty prologue
        }

        public void MixHash(ReadOnlySpan<byte> data) => _h = SHA256.HashData([.. _h, .. data]);

        /// <summary>(ck, k) = HKDF(ck, ikm): HKDF-SHA256 with salt ck and empty info, two 32-byte outputs.</summary>
        public void MixKey(byte[] ikm)
        {
            byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 64, _ck, []);
            _ck = okm[..32];
            _k?.Dispose();
            _k = new CipherState(okm.AsSpan(32));
        }

        public byte[] EncryptAndHash(ReadOnlySpan<byte> plaintext)
        {
            byte[] ct;
            if (_k is null) ct = plaintext.ToArray();
            else
            {
                ct = new byte[plaintext.Length + NoiseProtocol.TagLength];
                _k.Encrypt(_h, plaintext, ct);
            }
            MixHash(ct);
            return ct;
        }

        public byte[] DecryptAndHash(ReadOnlySpan<byte> ciphertext)
        {
            byte[] pt;
            if (_k is null) pt = ciphertext.ToArray();
            else
            {
                if (ciphertext.Length < NoiseProtocol.TagLength) throw Fail("encrypted handshake field shorter than its tag");
                pt = new byte[ciphertext.Length - NoiseProtocol.TagLength];
                if (!_k.TryDecrypt(_h, ciphertext, pt)) throw Fail("handshake message does not authenticate");
            }
            MixHash(ciphertext);
            return pt;
        }

        public (byte[] K1, byte[] K2) Split()
        {
            byte[] okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, [], 64, _ck, []);
            _k?.Dispose();
            return (okm[..32], okm[32..]);
        }
    }
}
