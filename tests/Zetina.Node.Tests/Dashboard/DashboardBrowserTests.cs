using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using Zetina.Cairo.Program;
using Zetina.Node.Cli;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: a registry, a delegator and an executor on loopback; headless Chromium (Debian's,
/// driven by playwright-core through <c>dashboard-check.mjs</c>) opens the executor's dashboard, the script posts a job
/// to the delegator, and the job's row must reach "settled" with the true output. The screenshots are kept in the
/// test's output folder. A machine without the browser fails here, naming the script that installs it.
/// </summary>
[Collection("processes")]
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Where the test writes its screenshots, under the test assembly's folder (README links it).</summary>
    public static readonly string ScreenshotPath = Path.Combine(AppContext.BaseDirectory, "dashboard", "dashboard.png");

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(300);
    private const ulong FibN = 300;

    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-dashboard-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _delegator = null!;
    private NodeHost _executor = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        var prover = new CairoJobProver(1);
        _delegator = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "delegator", Role = NodeRole.Delegator, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0), DataDir = Path.Combine(_dir, "delegator"),
        }, prover, TextWriter.Null, default);
        var funded = await _registry.DepositAsync(new DepositRequest(_delegator.Address, Amount.From(1_000_000), Felt.Zero, 0, null));
        Assert.True(funded.Ok, funded.Message);
        var boot = _delegator.Network.Host.ListenAddresses[0].WithPeerId(_delegator.Network.Host.Id);
        _executor = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "executor", Role = NodeRole.Executor, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Bootstrap = [boot], Api = new IPEndPoint(IPAddress.Loopback, 0),
        }, prover, TextWriter.Null, default);
        Assert.True(await _delegator.Network.WaitForMeshAsync(TimeSpan.FromSeconds(10), default), "the delegator and the executor formed no gossip mesh");
    }

    public async Task DisposeAsync()
    {
        await _executor.DisposeAsync();
        await _delegator.DisposeAsync();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Dashboard_JobPostedToDelegator_ExecutorsRowSettlesWithTrueOutput()
    {
        string? playwright = Environment.GetEnvironmentVariable("ZETINA_PLAYWRIGHT_DIR");
        string? chromium = Environment.GetEnvironmentVariable("ZETINA_CHROMIUM");
        if (string.IsNullOrEmpty(playwright) || string.IsNullOrEmpty(chromium) || !File.Exists(chromium)
            || !Directory.Exists(Path.Combine(playwright, "node_modules", "playwright-core")))
            Assert.Fail("the dashboard test needs Chromium and playwright-core: run scripts/install-browser and export the " +
                $"two lines it prints (ZETINA_CHROMIUM, ZETINA_PLAYWRIGHT_DIR); scripts/test does both. Got ZETINA_CHROMIUM='{chromium}', " +
                $"ZETINA_PLAYWRIGHT_DIR='{playwright}'.");

        string job = Path.Combine(_dir, "job.json");
        File.WriteAllText(job, "{\"program\": " + FibonacciProgram.Json(FibN) + ", \"reward\": \"1000\", \"deadline_seconds\": 600, \"max_steps\": 65536}");
        string expected = Felt.FromBigInteger(DemoCommand.Fibonacci(FibN)).ToHexString();
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        File.Delete(ScreenshotPath);

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "Dashboard", "dashboard-check.mjs"),
                _executor.ApiAddress!.ToString(), ScreenshotPath, new Uri(_delegator.ApiAddress!, "v1/jobs").ToString(), job, expected,
            },
        };
        start.Environment["ZETINA_PLAYWRIGHT_DIR"] = playwright;
        start.Environment["ZETINA_CHROMIUM"] = chromium;
        start.Environment["ZETINA_API_TOKEN"] = _delegator.ApiToken!.Value;
        using Process check = Process.Start(start)!;
        Task<string> stdout = check.StandardOutput.ReadToEndAsync();
        Task<string> stderr = check.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CheckTimeout);
        try
        {
            await check.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            check.Kill(entireProcessTree: true);
            Assert.Fail($"dashboard-check.mjs did not finish in {CheckTimeout.TotalSeconds} s\n{await stderr}");
        }
        string said = await stdout, complaints = await stderr;
        output.WriteLine(said);
        output.WriteLine(complaints);
        Assert.True(check.ExitCode == 0, $"dashboard-check.mjs exited {check.ExitCode}\n{said}\n{complaints}");

        using JsonDocument seen = JsonDocument.Parse(said.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        string jobId = seen.RootElement.GetProperty("job_id").GetString()!;
        // What the page showed agrees with the node and the registry, which the page did not compute.
        Assert.Equal(expected, seen.RootElement.GetProperty("output").GetString());
        Assert.Equal("settled · won", seen.RootElement.GetProperty("state").GetString());
        Assert.Equal(_executor.Address.ToHexString(), seen.RootElement.GetProperty("executor").GetString());
        JobEntry? entry = _executor.Record.Get(jobId);
        Assert.NotNull(entry);
        Assert.Equal(JobState.Won, entry.State);
        Assert.Equal([expected], entry.Output);

        byte[] png = File.ReadAllBytes(ScreenshotPath);
        Assert.True(png.Length > 10_000, $"the screenshot is {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Console.WriteLine($"dashboard screenshot: {ScreenshotPath}");
        output.WriteLine($"dashboard screenshot: {ScreenshotPath}");
    }
}
