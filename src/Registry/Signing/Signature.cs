using Zetina.Stark.Field;

namespace Zetina.Registry.Signing;

/// <summary>A Stark-curve ECDSA signature (r, s), each a felt as StarkNet writes them.</summary>
public readonly record struct Signature(Felt R, Felt S);
