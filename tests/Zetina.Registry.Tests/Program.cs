using System.Net;
using Zetina.Registry.Http;
using Zetina.Registry.Store;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

/// <summary>
/// The test assembly's entry point, used only as a child process by the durability test:
/// <c>dotnet Zetina.Registry.Tests.dll registry-child DB_PATH</c> serves a registry (dev faucet on,
/// 1% fee, the commitment verifier) on a free loopback port, prints "listening URL" and runs until killed.
/// The test runner loads the assembly as a library and never calls this.
/// </summary>
public static class Program
{
    /// <summary>The fee account of the child registry.</summary>
    public static readonly Felt ChildFeeAccount = Felt.FromUInt64(0xfee);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "registry-child")
        {
            Console.Error.WriteLine("usage: Zetina.Registry.Tests registry-child DB_PATH");
            return 2;
        }
        var options = new RegistryOptions { DatabasePath = args[1], DevFaucet = true, FeeBasisPoints = 100, FeeAccount = ChildFeeAccount };
        using SqliteRegistry registry = SqliteRegistry.Open(options, new CommitmentProofVerifier());
        await using RegistryServer server = await RegistryServer.StartAsync(registry, new IPEndPoint(IPAddress.Loopback, 0));
        Console.Out.WriteLine($"listening {server.BaseAddress}");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
