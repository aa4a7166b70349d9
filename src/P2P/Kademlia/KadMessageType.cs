namespace Zetina.P2P.Kademlia;

/// <summary><c>Message.MessageType</c>.</summary>
public enum KadMessageType
{
    /// <summary>Store a record.</summary>
    PutValue = 0,

    /// <summary>Fetch a record and closer peers.</summary>
    GetValue = 1,

    /// <summary>Provider records (not served: answered with closer peers only).</summary>
    AddProvider = 2,

    /// <summary>Provider lookup (answered with closer peers only).</summary>
    GetProviders = 3,

    /// <summary>The K closest peers to a key.</summary>
    FindNode = 4,

    /// <summary>Liveness check.</summary>
    Ping = 5,
}
