using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Node.Tests.Cli;
using Zetina.Node.Tests.Support;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Api;

/// <summary>
/// PIE jobs through a delegator node's API (<c>"pie"</c>: the zip in base64) and <c>zetina delegate --pie</c>: a bad
/// PIE is refused with its defect before anything is signed, the node keeps serving, and a good one is published as
/// a PIE job naming the bootloader and the task.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class PieJobApiTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-pie-api-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _node = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        _node = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "pie-node", Role = NodeRole.Delegator, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0), DataDir = Path.Combine(_dir, "node"),
        }, new CairoJobProver(1, bootloader: PieFixtures.Bootloader), TextWriter.Null, default);
        Assert.True((await _registry.DepositAsync(new DepositRequest(_node.Address, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        _api = new HttpClient { BaseAddress = _node.ApiAddress, Timeout = TimeSpan.FromSeconds(120) };
        _api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", File.ReadAllText(Path.Combine(_dir, "node", Zetina.Node.Api.ApiToken.FileName)).Trim());
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _node.DisposeAsync();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The shared fibonacci PIE with its member <paramref name="name"/> replaced by <paramref name="text"/>, or removed (null).</summary>
    private static byte[] PieWith(string name, string? text)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(PieFixtures.PieZip(PieFixtures.FibonacciPie)), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry e in source.Entries)
            {
                if (e.FullName == name && text is null) continue;
                using Stream to = target.CreateEntry(e.FullName).Open();
                if (e.FullName == name) to.Write(Encoding.UTF8.GetBytes(text!));
                else { using Stream from = e.Open(); from.CopyTo(to); }
            }
        }
        return output.ToArray();
    }

    private async Task<(HttpStatusCode Status, string Text)> PostAsync(string json)
    {
        using HttpResponseMessage r = await _api.PostAsync("v1/jobs", new StringContent(json, Encoding.UTF8, "application/json"));
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    private static string PieRequest(byte[] zip) => $"{{\"pie\": \"{Convert.ToBase64String(zip)}\", \"reward\": \"1000\", \"deadline_seconds\": 600}}";

    public static TheoryData<string, string> BadPies => new()
    {
        { "{\"pie\": \"%%% not base64\", \"reward\": \"1000\"}", "not base64" },
        { PieRequest(Encoding.UTF8.GetBytes("not a zip at all")), "(BadFormat)" },
        { PieRequest(PieWith("version.json", null)), "(MissingMember)" },
        { PieRequest(PieWith("version.json", "{\"cairo_pie\": \"9.9\"}")), "(UnsupportedVersion)" },
        { PieRequest(PieWith("metadata.json", "{\"program\": 1}")), "(BadFormat)" },
        { "{\"pie\": \"AA==\", \"program\": {}, \"reward\": \"1000\"}", "not both" },
        { "{\"pie\": \"AA==\", \"program_input\": {\"n\": 1}, \"reward\": \"1000\"}", "no program_input" },
    };

    [Theory]
    [MemberData(nameof(BadPies))]
    public async Task PostPieJob_BadPie_400NamingTheDefectAndTheNodeKeepsServing(string json, string reason)
    {
        var (status, text) = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("bad-pie", text);
        Assert.Contains(reason, text);
        Assert.Contains("\"ok\"", await _api.GetStringAsync("health"));
        Assert.Empty(_node.Events.AllAfter(0));
    }

    [Fact]
    public async Task PostPieJob_GoodPie_PublishedNamingTheBootloaderAndTheTask()
    {
        byte[] zip = PieFixtures.PieZip(PieFixtures.FibonacciPie);
        var (status, text) = await PostAsync(PieRequest(zip));
        Assert.True(status == HttpStatusCode.Created, text);
        using JsonDocument doc = JsonDocument.Parse(text);
        Assert.Equal(PieFixtures.Bootloader.Hash.ToHexString(), doc.RootElement.GetProperty("program_hash").GetString());
        Assert.Equal(PieJob.Read(zip).TaskProgramHash.ToHexString(), doc.RootElement.GetProperty("task_program_hash").GetString());
        Assert.Equal((ulong)PieFixtures.RecordedOutput(zip).Length, doc.RootElement.GetProperty("input_length").GetUInt64());
    }

    [Fact]
    public void DelegatePie_MalformedPie_OneLineAndExit2()
    {
        string pie = Path.Combine(_dir, "bad.zip");
        File.WriteAllBytes(pie, PieWith("version.json", null));
        string key = Path.Combine(_dir, "me.key");
        StarkKeyFile.Save(key, RegistryCrypto.NewPrivateKey());
        var r = ConsoleCapture.Run("delegate", "--pie", pie, "--bootloader", PieFixtures.BootloaderPath, "--reward", "100", "--key", key,
            "--registry", _server.BaseAddress.ToString(), "--bootstrap", "/ip4/127.0.0.1/tcp/1");
        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bad.zip", line);
        Assert.Contains("MissingMember", line);
    }
}
