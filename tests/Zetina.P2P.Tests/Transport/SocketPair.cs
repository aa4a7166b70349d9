using System.Net;
using System.Net.Sockets;

namespace Zetina.P2P.Tests.Transport;

/// <summary>Two connected loopback TCP streams, for driving one protocol layer without the host.</summary>
internal static class SocketPair
{
    public static async Task<(NetworkStream A, NetworkStream B)> CreateAsync()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var a = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = l.AcceptSocketAsync();
        await a.ConnectAsync((IPEndPoint)l.LocalEndpoint);
        var b = await accept.WaitAsync(TestHosts.Timeout);
        b.NoDelay = true;
        return (new NetworkStream(a, ownsSocket: true), new NetworkStream(b, ownsSocket: true));
    }
}
