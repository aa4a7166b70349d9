using System.Net;
using System.Numerics;
using Zetina.Node.Executor;
using Zetina.P2P.Multiformats;
using Zetina.Registry.Ledger;

namespace Zetina.Node.Hosting;

/// <summary>Everything <c>zetina node</c> is started with.</summary>
internal sealed record NodeOptions
{
    /// <summary>A name for log lines.</summary>
    public string Name { get; init; } = "node";

    public NodeRole Role { get; init; } = NodeRole.Both;

    /// <summary>libp2p listen addresses.</summary>
    public IReadOnlyList<Multiaddr> Listen { get; init; } = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")];

    /// <summary>Peers dialled at start.</summary>
    public IReadOnlyList<Multiaddr> Bootstrap { get; init; } = [];

    /// <summary>The registry's base URL.</summary>
    public required Uri Registry { get; init; }

    /// <summary>The node's Stark private key: its account as executor (paid into) and as delegator (pays).</summary>
    public required BigInteger StarkKey { get; init; }

    /// <summary>
    /// The executor's Stone-format prover; null uses the one this build has (<see cref="NodeHost.BuiltInStoneProver"/>).
    /// Without either, the executor refuses Stone-format jobs.
    /// </summary>
    public Proving.IStoneJobProver? StoneProver { get; init; }

    /// <summary>Where the libp2p identity and the job record are kept; null keeps both in memory.</summary>
    public string? DataDir { get; init; }

    /// <summary>The HTTP API endpoint; null serves no API.</summary>
    public IPEndPoint? Api { get; init; }

    /// <summary>
    /// The API's bearer token file (<c>--api-token-file</c>); null uses <c>DATA_DIR/api-token</c>, created on
    /// first start. See <see cref="Api.ApiAuthorization"/> for what it guards.
    /// </summary>
    public string? ApiTokenFile { get; init; }

    /// <summary>
    /// The largest reward a job published through the API may offer (<c>--max-reward</c>): the API spends
    /// the node's account, so a cap bounds what one request (or a leaked token) can promise away.
    /// </summary>
    public Amount MaxReward { get; init; } = DefaultMaxReward;

    /// <summary>The default of <see cref="MaxReward"/>: 10^9.</summary>
    public static readonly Amount DefaultMaxReward = Amount.From(1_000_000_000UL);

    public ExecutorOptions Executor { get; init; } = new();
}
