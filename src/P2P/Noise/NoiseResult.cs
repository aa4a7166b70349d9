using Zetina.P2P.Crypto;

namespace Zetina.P2P.Noise;

/// <summary>The outcome of a completed handshake: the secure channel and the authenticated remote identity.</summary>
public sealed record NoiseResult(NoiseTransport Transport, PeerId RemotePeer, PublicKey RemoteKey, IReadOnlyList<string> RemoteStreamMuxers);
