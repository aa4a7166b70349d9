namespace Zetina.P2P;

/// <summary>A failure caused by a remote peer or the network, typed by <see cref="Kind"/>.</summary>
public sealed class P2PException : Exception
{
    /// <summary>Creates an exception of <paramref name="kind"/>.</summary>
    public P2PException(P2PErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>What went wrong.</summary>
    public P2PErrorKind Kind { get; }
}
