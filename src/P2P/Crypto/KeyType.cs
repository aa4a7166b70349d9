namespace Zetina.P2P.Crypto;

/// <summary>The libp2p <c>KeyType</c> enum (libp2p specs, peer-ids/peer-ids.md). Only the two this stack signs with are accepted.</summary>
public enum KeyType
{
    /// <summary>Ed25519 (RFC 8032); public key data is the 32-byte key.</summary>
    Ed25519 = 1,

    /// <summary>secp256k1 ECDSA over SHA-256; public key data is the 33-byte compressed point.</summary>
    Secp256k1 = 2,
}
