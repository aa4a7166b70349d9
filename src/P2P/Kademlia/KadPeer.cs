namespace Zetina.P2P.Kademlia;

/// <summary><c>Peer { bytes id = 1; repeated bytes addrs = 2; ConnectionType connection = 3; }</c>.</summary>
public sealed record KadPeer(byte[] Id, IReadOnlyList<byte[]> Addrs, int Connection);
