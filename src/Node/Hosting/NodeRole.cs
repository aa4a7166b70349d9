namespace Zetina.Node.Hosting;

/// <summary>What a node does on the network (<c>--role</c>).</summary>
[Flags]
internal enum NodeRole
{
    /// <summary>Proves jobs for rewards.</summary>
    Executor = 1,

    /// <summary>Publishes jobs (through its API or the delegate command).</summary>
    Delegator = 2,

    /// <summary>Both.</summary>
    Both = Executor | Delegator,
}
