using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Run;
using Zetina.Cairo.Program;
using Zetina.Node.Api;
using Zetina.Node.Hosting;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.Registry.Client;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina delegate</c>: publish a Cairo job with a reward — through a running node's API
/// (<c>--node</c>) or by joining the network for the job's lifetime (<c>--bootstrap</c>) — and, with
/// <c>--wait</c>, follow the registry until an executor is paid, then print the output.
/// </summary>
internal static class DelegateCommand
{
    public static readonly CliCommand[] Commands =
    [
        new(["delegate"], "publish a Cairo job with a reward and (with --wait) print its proved output", Usage, Run),
    ];

    private const string Usage = """
        usage: zetina delegate PROGRAM.json --reward R --key F --registry URL (--node API_URL | --bootstrap MULTIADDR…) [options]
               zetina delegate --pie PIE.zip [--bootloader PATH] --reward R --key F --registry URL (--node … | --bootstrap …) [options]
          PROGRAM.json          the program cairo-compile wrote (with or without --proof_mode)
          --pie F               a Cairo PIE (cairo-run --cairo_pie_output) in place of a program: executors run it
                                as the one task of the bootloader and the registry pays for the output the PIE
                                recorded, stated by the bootloader for this PIE's program (docs/node.md, "PIE jobs")
          --bootloader PATH     the compiled bootloader a --pie job names (with --bootstrap; through --node the
                                node's own --bootloader is used)
          --program_input F     its program input (JSON)
          --reward R            paid to the first executor whose proof verifies
          --deadline D          seconds from now until the job expires (default 3600)
          --layout L            proof layout (default auto: the smallest layout with the program's builtins,
                                printed to stderr; the job carries the chosen name)
          --max-steps N         step limit the reward covers (default 1048576)
          --key F               the delegator's Stark key file (pays the reward)
          --registry URL        the registry's base URL
          --node API_URL        publish through this node's API (the node signs with its own key)
          --api-token-file F    the node's API token file (its DATA_DIR/api-token); or --api-token T
          --bootstrap MULTIADDR join the network through this peer (repeatable) and publish directly
          --bind-input          bind the program input into the claim (needs --program_input)
          --proof-format F      native (default) or stone: the proof format executors must deliver; a Stone-format
                                job is settled by commit and reveal (docs/registry.md, "Stone-format jobs")
          --wait                wait for the settlement and print the output, executor and proof hash
          --json                print results as JSON

        What the reward pays for: "this program, run from its start to its end, produced this output".
        The program input reaches a Cairo program through hints and is NOT part of that claim: an executor
        could prove a run on another input. It becomes part of the claim only if the program writes its
        input to the start of its output and the job is published with --bind-input.

        --bind-input: the input felts are the values of the --program_input JSON object in document order;
        each a non-negative integer below the Stark252 prime, as a JSON number or a 0x-hex string; arrays
        (nested too) flattened in order; anything else is refused. The signed header then carries
        input_length n and input_hash = poseidon_hash_many(felts), and the registry pays only for a proven
        output whose first n felts hash to input_hash. Example: {"fibonacci_claim_index": 10} binds [10].
        """;

    private static int Run(CliArgs args)
    {
        if (args.Option("pie") is string piePath) return RunPie(args, piePath);
        if (args.Positionals.Count != 1) throw new CliUsageException("expected one PROGRAM.json");
        string programPath = args.Positionals[0];
        byte[] program = ReadFile(programPath, "program");
        try
        {
            using var doc = JsonDocument.Parse(program);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new CliUsageException($"{programPath}: not a compiled Cairo program (expected a JSON object)");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{programPath}: malformed JSON: {e.Message}");
        }
        byte[] input = args.Option("program_input") is string inPath ? ReadFile(inPath, "program_input") : [];
        Amount reward = CliParse.Amount("reward", args.Required("reward"));
        ulong deadlineSeconds = args.Option("deadline") is string d ? CliParse.ULong("deadline", d) : 3600;
        string? layoutOption = args.Option("layout");
        ulong maxSteps = args.Option("max-steps") is string ms ? CliParse.ULong("max-steps", ms) : 1UL << 20;
        Uri registryUrl = CliParse.Url("registry", args.Required("registry"));
        string? nodeApi = args.Option("node");
        string? apiToken = args.Option("api-token"), apiTokenFile = args.Option("api-token-file");
        var bootstrap = NodeCommands.ParseAddrs("bootstrap", args.Options("bootstrap"), null);
        string keyPath = args.Required("key");
        bool bindInput = args.Flag("bind-input");
        ProofFormat format = ProofFormatOption(args);
        bool wait = args.Flag("wait");
        bool json = args.Flag("json");
        args.RejectUnknown();
        if ((nodeApi is null) == (bootstrap.Count == 0)) throw new CliUsageException("give exactly one of --node API_URL or --bootstrap MULTIADDR");
        Felt[]? boundInput = null;
        if (bindInput)
        {
            if (input.Length == 0) throw new CliUsageException("--bind-input binds the program input: give --program_input F");
            try
            {
                boundInput = ProgramInputFelts.FromJson(input);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"--bind-input: {e.Message}");
            }
        }
        var body = new JobBody(LayoutOption.Resolve(layoutOption, DeclaredBuiltins(programPath, program)).Name, maxSteps, program, input);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(deadlineSeconds + 30));
        return nodeApi is not null
            ? ViaNodeAsync(CliParse.Url("node", nodeApi), NodeApiToken(apiToken, apiTokenFile), registryUrl, body, reward, deadlineSeconds, bindInput, format, wait, json, cts.Token).GetAwaiter().GetResult()
            : DirectAsync(bootstrap, registryUrl, NodeCommands.LoadKey(keyPath), body, reward, deadlineSeconds, boundInput, format, wait, json, cts.Token).GetAwaiter().GetResult();
    }

    /// <summary>
    /// <c>--pie F</c>: the PIE is read and checked here (a defect is one line, exit 2), then published as a PIE job
    /// through the node (which names its own bootloader) or directly under <c>--bootloader</c>.
    /// </summary>
    private static int RunPie(CliArgs args, string piePath)
    {
        if (args.Positionals.Count != 0) throw new CliUsageException("give a PROGRAM.json or --pie F, not both");
        if (args.Option("program_input") is not null || args.Flag("bind-input") || args.Option("layout") is not null)
            throw new CliUsageException("--pie: a PIE job takes no --program_input, --bind-input or --layout (its hints already ran; its layout holds the bootloader's builtins and the PIE's)");
        byte[] zip = ReadFile(piePath, "PIE");
        string? bootloaderPath = args.Option("bootloader");
        Amount reward = CliParse.Amount("reward", args.Required("reward"));
        ulong deadlineSeconds = args.Option("deadline") is string d ? CliParse.ULong("deadline", d) : 3600;
        ulong maxSteps = args.Option("max-steps") is string ms ? CliParse.ULong("max-steps", ms) : 1UL << 20;
        Uri registryUrl = CliParse.Url("registry", args.Required("registry"));
        string? nodeApi = args.Option("node");
        string? apiToken = args.Option("api-token"), apiTokenFile = args.Option("api-token-file");
        var bootstrap = NodeCommands.ParseAddrs("bootstrap", args.Options("bootstrap"), null);
        string keyPath = args.Required("key");
        ProofFormat format = ProofFormatOption(args);
        bool wait = args.Flag("wait");
        bool json = args.Flag("json");
        args.RejectUnknown();
        if ((nodeApi is null) == (bootstrap.Count == 0)) throw new CliUsageException("give exactly one of --node API_URL or --bootstrap MULTIADDR");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(deadlineSeconds + 30));
        try
        {
            if (nodeApi is not null)
            {
                PieJob.Read(zip); // checked here, so a bad PIE never leaves this machine
                return ViaNodeAsync(CliParse.Url("node", nodeApi), NodeApiToken(apiToken, apiTokenFile), registryUrl, JobBody.Pie(CairoLayout.Auto, maxSteps, zip),
                    reward, deadlineSeconds, bindInput: false, format, wait, json, cts.Token).GetAwaiter().GetResult();
            }
            if (bootloaderPath is null) throw new CliUsageException("--pie with --bootstrap needs --bootloader PATH (the compiled bootloader executors run it under)");
            BootloaderProgram bootloader = NodeCommands.LoadBootloader(bootloaderPath);
            JobBody body;
            try
            {
                body = PieJob.BodyFor(zip, bootloader, maxSteps).Body;
            }
            catch (InvalidOperationException e)
            {
                throw new CliUsageException($"{piePath}: {e.Message}");
            }
            return DirectAsync(bootstrap, registryUrl, NodeCommands.LoadKey(keyPath), body, reward, deadlineSeconds, null, format, wait, json, cts.Token,
                new CairoJobProver(bootloader: bootloader)).GetAwaiter().GetResult();
        }
        catch (MalformedPieException e)
        {
            throw new CliUsageException($"{piePath}: {e.Message} ({e.Defect})");
        }
    }

    /// <summary>The builtins the compiled program declares (what <c>--layout auto</c> chooses by).</summary>
    private static IReadOnlyList<string> DeclaredBuiltins(string programPath, byte[] program)
    {
        try
        {
            return ProgramLoader.Load(program).Builtins;
        }
        catch (CairoException e)
        {
            throw new CliUsageException($"{programPath}: {e.Message}");
        }
    }

    private static string? NodeApiToken(string? token, string? file)
    {
        try
        {
            return ApiToken.ForClient(token, file);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliUsageException("--api-token-file: " + e.Message);
        }
    }

    /// <summary><c>--proof-format native|stone</c> (native when absent); anything else is a usage error naming the accepted values.</summary>
    private static ProofFormat ProofFormatOption(CliArgs args)
    {
        string? text = args.Option("proof-format");
        if (text is null) return ProofFormat.Native;
        return ProofFormatNames.TryParse(text, out ProofFormat format)
            ? format
            : throw new CliUsageException($"--proof-format is '{text}'; accepted: {ProofFormatNames.Accepted}");
    }

    private static async Task<int> ViaNodeAsync(Uri node, string? apiToken, Uri registryUrl, JobBody body, Amount reward, ulong deadlineSeconds, bool bindInput,
        ProofFormat format, bool wait, bool json, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(5) };
        if (apiToken is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiToken);
        SubmitJobRequest req;
        if (body.Kind == JobBodyKind.Pie)
            req = new SubmitJobRequest(null, null, null, reward.ToString(), deadlineSeconds, body.MaxSteps, null, Convert.ToBase64String(body.Program), format.ToName());
        else
        {
            using var programDoc = JsonDocument.Parse(body.Program);
            using var inputDoc = body.ProgramInput.Length > 0 ? JsonDocument.Parse(body.ProgramInput) : null;
            req = new SubmitJobRequest(programDoc.RootElement.Clone(), inputDoc?.RootElement.Clone(), body.Layout, reward.ToString(), deadlineSeconds, body.MaxSteps,
                bindInput ? true : null, null, format.ToName());
        }
        using HttpResponseMessage resp = await http.PostAsJsonAsync("v1/jobs", req, NodeJsonContext.Default.SubmitJobRequest, ct).ConfigureAwait(false);
        string text = await resp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode) throw new CliUsageException($"the node refused the job ({(int)resp.StatusCode}): {text}");
        SubmitJobResponse sub = JsonSerializer.Deserialize(text, NodeJsonContext.Default.SubmitJobResponse)!;
        Console.Out.WriteLine(json ? text : $"job {sub.JobId}");
        if (!wait) return 0;
        using var registryHttp = new HttpClient { BaseAddress = registryUrl };
        var registry = new RegistryClient(registryHttp);
        await registry.ConnectAsync(ct).ConfigureAwait(false);
        Felt jobId = Felt.Parse(sub.JobId);
        await foreach (RegistryEvent ev in registry.SubscribeAsync(0, ct).ConfigureAwait(false))
            if (ev.Kind == RegistryEventKind.JobSettled && ev.JobId == jobId) return Print(ev, json);
        return 1;
    }

    private static async Task<int> DirectAsync(IReadOnlyList<P2P.Multiformats.Multiaddr> bootstrap, Uri registryUrl, System.Numerics.BigInteger key,
        JobBody body, Amount reward, ulong deadlineSeconds, Felt[]? boundInput, ProofFormat format, bool wait, bool json, CancellationToken ct, CairoJobProver? prover = null)
    {
        var options = new NodeOptions { Name = "delegate", Role = NodeRole.Delegator, Registry = registryUrl, StarkKey = key, Bootstrap = bootstrap };
        // Log lines go to stderr in every mode: with --json, stdout carries only the JSON results.
        await using NodeHost host = await NodeHost.StartAsync(options, prover ?? new CairoJobProver(), Console.Error, ct).ConfigureAwait(false);
        await host.Network.WaitForMeshAsync(TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        ulong deadline = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + deadlineSeconds;
        JobAnnouncement job;
        try
        {
            job = await host.Delegator!.PublishAsync(body, reward, deadline, ct, boundInput, format).ConfigureAwait(false);
        }
        catch (JobRejectedException e)
        {
            throw new CliUsageException(e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException(e.Message);
        }
        var h = job.Header;
        Console.Out.WriteLine(json
            ? JsonSerializer.Serialize(new SubmitJobResponse(h.JobId.ToHexString(), h.ProgramHash.ToHexString(), h.Reward.ToString(), h.Deadline, h.StepLimit, h.InputLength,
                    h.IsPieJob ? h.TaskProgramHash.ToHexString() : null, h.Format.ToName()),
                NodeJsonContext.Default.SubmitJobResponse)
            : $"job {h.JobId}");
        // Without --wait the delegator still stays until an executor has the body: the DHT copy lives on this host.
        using var announcing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task keep = host.Delegator.KeepAnnouncingAsync(job, TimeSpan.FromSeconds(2), announcing.Token);
        RegistryEvent ev = await host.Delegator.WaitForSettlementAsync(job.Header.JobId, 0, ct).ConfigureAwait(false);
        await announcing.CancelAsync().ConfigureAwait(false);
        await keep.ConfigureAwait(false);
        return wait ? Print(ev, json) : 0;
    }

    private static int Print(RegistryEvent ev, bool json)
    {
        string output = Delegator.DelegatorService.FormatOutput(ev.Output);
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(new SettlementDto(ev.JobId?.ToHexString() ?? "", ev.Executor?.ToHexString() ?? "",
                Array.ConvertAll(ev.Output ?? [], f => f.ToHexString()), ev.NSteps ?? 0, ev.ProofHash?.ToHexString() ?? "", ev.TaskProgramHash?.ToHexString()),
                NodeJsonContext.Default.SettlementDto));
        else
        {
            // A PIE job: the output is the task's, under the program hash the proven bootloader output states for it.
            if (ev.TaskProgramHash is Felt task) Console.Out.WriteLine($"task       {task.ToHexString()}");
            Console.Out.WriteLine($"output     {output.Replace(",", " ", StringComparison.Ordinal)}");
            Console.Out.WriteLine($"executor   {ev.Executor}");
            Console.Out.WriteLine($"proof hash {ev.ProofHash}");
        }
        return 0;
    }

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > JobBody.MaxEncodedBytes) throw new CliUsageException($"{what} {path} is {info.Length} bytes, more than a job body may hold");
            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new CliUsageException($"cannot read {what} {path}: {e.Message}");
        }
    }
}
