using System.Net.Http.Headers;
using Zetina.Registry.Client;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

public sealed class EventStreamTests
{
    [Fact]
    public async Task Stream_LastEventIdHeader_ResumesAfterIt()
    {
        await using var h = await HttpFixture.StartAsync();
        for (ulong i = 1; i <= 10; i++) await h.Registry.FundAsync(Felt.One, i);
        using var req = new HttpRequestMessage(HttpMethod.Get, "v1/events/stream");
        req.Headers.TryAddWithoutValidation("Last-Event-ID", "4");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using HttpResponseMessage r = await h.Http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync(cts.Token));
        var ids = new List<long>();
        while (ids.Count < 6)
        {
            string? line = await reader.ReadLineAsync(cts.Token);
            Assert.NotNull(line);
            if (line.StartsWith("id: ", StringComparison.Ordinal)) ids.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal([5L, 6L, 7L, 8L, 9L, 10L], ids);
    }

    [Fact]
    public async Task Subscribe_ServerRestartsMidStream_ResumesWithoutLossOrRepeat()
    {
        var f = new RegistryFixture();
        try
        {
            var server = await Http.RegistryServer.StartAsync(f.Registry, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            Uri address = server.BaseAddress;
            using var http = HttpFixture.NewHttpClient(address);
            var client = new RegistryClient(http);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var received = new List<long>();
            var reading = Task.Run(async () =>
            {
                await foreach (RegistryEvent e in client.SubscribeAsync(0, cts.Token))
                {
                    received.Add(e.Sequence);
                    if (received.Count == 40) return;
                }
            });
            for (ulong i = 0; i < 20; i++) await f.FundAsync(Felt.One, 1 + i);
            while (received.Count < 20) await Task.Delay(10, cts.Token);
            await server.DisposeAsync();
            for (ulong i = 0; i < 20; i++) await f.FundAsync(Felt.One, 1 + i);
            // The same port again, so the client's reconnect finds it.
            server = await Http.RegistryServer.StartAsync(f.Registry, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, address.Port));
            await reading.WaitAsync(cts.Token);
            await server.DisposeAsync();
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i).ToArray(), received.ToArray());
        }
        finally
        {
            f.Dispose();
        }
    }

    [Fact]
    public async Task Stream_FanOut20Subscribers_EveryEventOnceInOrder()
    {
        await using var h = await HttpFixture.StartAsync();
        const int Subscribers = 20, Events = 2_000;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var counts = new int[Subscribers];
        var subs = Enumerable.Range(0, Subscribers).Select(s => Task.Run(async () =>
        {
            using var http = HttpFixture.NewHttpClient(h.Server.BaseAddress);
            var client = new RegistryClient(http);
            long expected = 1;
            await foreach (RegistryEvent e in client.SubscribeAsync(0, cts.Token))
            {
                Assert.Equal(expected, e.Sequence);
                expected++;
                counts[s]++;
                if (e.Sequence == Events) return;
            }
        })).ToArray();
        // Producers race the subscribers: some events exist before a subscriber connects, most arrive live.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < Events / 8; i++)
            {
                var r = await h.Registry.Registry.DepositAsync(RequestSigner.FaucetDeposit(Felt.FromUInt64((ulong)p + 1), Amount.From(1)));
                Assert.True(r.Ok);
            }
        })));
        await Task.WhenAll(subs).WaitAsync(cts.Token);
        Assert.All(counts, c => Assert.Equal(Events, c));
    }
}
