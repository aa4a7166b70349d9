namespace Zetina.P2P.Noise;

/// <summary>Constants of the libp2p Noise channel (libp2p specs, noise/README.md).</summary>
public static class NoiseProtocol
{
    /// <summary>The multistream-select id of the security protocol.</summary>
    public const string Id = "/noise";

    /// <summary>The Noise protocol name; 32 bytes, so it is the initial handshake hash as is.</summary>
    public const string Name = "Noise_XX_25519_ChaChaPoly_SHA256";

    /// <summary>Prefix of the bytes the identity key signs: <c>"noise-libp2p-static-key:" || static X25519 key</c>.</summary>
    public const string StaticKeyPrefix = "noise-libp2p-static-key:";

    /// <summary>Largest Noise message (2-byte length prefix).</summary>
    public const int MaxMessage = 65535;

    /// <summary>ChaCha20-Poly1305 tag length.</summary>
    public const int TagLength = 16;

    /// <summary>Largest plaintext per transport message.</summary>
    public const int MaxPlaintext = MaxMessage - TagLength;
}
