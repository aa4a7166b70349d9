using System.Globalization;
using System.Net;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Zetina.Registry.Client;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina registry …</c>: serve the embedded registry, and the client commands that talk to one
/// (deposit, withdraw, balance, events), plus the registry's throughput figures.
/// </summary>
internal static class RegistryCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["registry", "serve"], "run the embedded registry (SQLite + HTTP API)",
            """
            usage: zetina registry serve --db FILE --listen 127.0.0.1:PORT [--operator-key F] [--dev-faucet] [--fee-bps N]
                                         [--fee-account FELT] [--registry-id FELT]
              --db FILE           the SQLite database (created and migrated as needed)
              --listen ADDR:PORT  where the HTTP API listens (PORT 0 picks a free port)
              --operator-key F    private key file of the operator: deposits it signs mint funds
              --dev-faucet        unsigned deposits mint funds (local networks only; each is logged as "faucet")
              --fee-bps N         fee on each reward in basis points, 0..10000 (default 0)
              --fee-account FELT  the account fees go to (default: the operator's public key, else 0x0)
              --registry-id FELT  this registry's id, named by job headers (default: the short string "zetina.registry")
              --stone-min-security-bits N  the fewest security bits a Stone-format proof is paid at (default 96)
              --stone-reveal-window S      commit–reveal window W in seconds: a commit blocks later ones for W and
                                           may be revealed for 2W (default 120)
            Witnesses are checked with the Cairo verifier (proof bound to the job and executor, program hash, output);
            Stone-format jobs are settled by commit and reveal, the proof checked with the Stone verifier (docs/registry.md).
            """, Serve),
        new(["registry", "deposit"], "mint funds into an account (operator key, or a dev-faucet registry)",
            """
            usage: zetina registry deposit --registry URL --amount N [--account FELT] [--key F] [--json]
              with --key F (the operator's key file) the deposit is signed; without it the registry must run --dev-faucet.
              --account defaults to the key's own account.
            """, Deposit),
        new(["registry", "withdraw"], "withdraw funds from your account",
            "usage: zetina registry withdraw --registry URL --key F --amount N [--json]", Withdraw),
        new(["registry", "balance"], "show an account's balance, promised funds and next nonce",
            "usage: zetina registry balance --registry URL (--key F | --account FELT) [--json]", Balance),
        new(["registry", "events"], "list the registry's events after a sequence number (or follow them)",
            "usage: zetina registry events --registry URL [--after N] [--limit N] [--follow] [--json]", Events),
    ];

    private static int Serve(CliArgs args)
    {
        string db = args.Required("db");
        IPEndPoint listen = ParseEndPoint(args.Required("listen"));
        string? operatorKeyFile = args.Option("operator-key");
        bool faucet = args.Flag("dev-faucet");
        int feeBps = args.Int("fee-bps", 0);
        string? feeAccount = args.Option("fee-account");
        string? registryId = args.Option("registry-id");
        int stoneBits = args.Int("stone-min-security-bits", CommitRevealTerms.Default.MinimumSecurityBits);
        int stoneWindow = args.Int("stone-reveal-window", (int)CommitRevealTerms.Default.WindowSeconds);
        args.RejectUnknown();
        if ((uint)feeBps > 10_000u) throw new CliUsageException($"--fee-bps is {feeBps}; it lies in 0..10000");
        if (stoneBits is < 1 or > 256) throw new CliUsageException($"--stone-min-security-bits is {stoneBits}; it lies in 1..256");
        if (stoneWindow is < 1 or > 86_400) throw new CliUsageException($"--stone-reveal-window is {stoneWindow}; it lies in 1..86400 seconds");

        Felt? operatorKey = operatorKeyFile is null ? null : RegistryCrypto.PublicKey(LoadKey(operatorKeyFile));
        var options = new RegistryOptions
        {
            DatabasePath = db,
            OperatorKey = operatorKey,
            DevFaucet = faucet,
            FeeBasisPoints = feeBps,
            FeeAccount = feeAccount is null ? null : ParseFelt(feeAccount, "--fee-account"),
            RegistryId = registryId is null ? new RegistryOptions { DatabasePath = db }.RegistryId : ParseFelt(registryId, "--registry-id"),
            StoneMinimumSecurityBits = stoneBits,
            StoneRevealWindow = TimeSpan.FromSeconds(stoneWindow),
        };
        return ServeAsync(options, listen).GetAwaiter().GetResult();
    }

    private static async Task<int> ServeAsync(RegistryOptions options, IPEndPoint listen)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using SqliteRegistry registry = SqliteRegistry.Open(options, new Proving.CairoProofVerifier(), new Proving.StoneJobProofVerifier());
        await using RegistryServer server = await RegistryServer.StartAsync(registry, listen, stop.Token);
        Console.Out.WriteLine($"registry {registry.RegistryId.ToHexString()} listening on {server.BaseAddress} " +
            $"(db {Path.GetFullPath(options.DatabasePath)}, events up to {registry.LastSequence}, fee {options.FeeBasisPoints} bps to {registry.FeeAccount.ToHexString()})");
        if (options.OperatorKey is { } op) Console.Out.WriteLine($"operator key {op.ToHexString()} mints signed deposits");
        if (options.DevFaucet) Console.Out.WriteLine("dev faucet ON: unsigned deposits mint funds (logged as source \"faucet\")");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Console.Out.WriteLine("registry stopping");
        return 0;
    }

    private static IPEndPoint ParseEndPoint(string text)
    {
        if (!IPEndPoint.TryParse(text, out IPEndPoint? ep) || ep.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal))
            throw new CliUsageException($"--listen is '{text}'; write ADDRESS:PORT, for example 127.0.0.1:7400");
        return ep;
    }

    private static int Deposit(CliArgs args)
    {
        string url = args.Required("registry");
        Amount amount = ParseAmount(args.Required("amount"));
        string? keyFile = args.Option("key");
        string? accountText = args.Option("account");
        bool json = args.Flag("json");
        args.RejectUnknown();
        return Run(url, async client =>
        {
            BigInteger? key = keyFile is null ? null : LoadKey(keyFile);
            Felt account = accountText is not null ? ParseFelt(accountText, "--account")
                : key is { } k ? RegistryCrypto.PublicKey(k)
                : throw new CliUsageException("give --account (and --key F to sign as the operator)");
            DepositRequest req;
            if (key is { } opKey)
            {
                AccountView op = await client.GetAccountAsync(RegistryCrypto.PublicKey(opKey));
                req = RequestSigner.OperatorDeposit(opKey, client.RegistryId, account, amount, op.NextNonce);
            }
            else
            {
                req = RequestSigner.FaucetDeposit(account, amount);
            }
            return Report(await client.DepositAsync(req), json);
        });
    }

    private static int Withdraw(CliArgs args)
    {
        string url = args.Required("registry");
        BigInteger key = LoadKey(args.Required("key"));
        Amount amount = ParseAmount(args.Required("amount"));
        bool json = args.Flag("json");
        args.RejectUnknown();
        return Run(url, async client =>
        {
            AccountView me = await client.GetAccountAsync(RegistryCrypto.PublicKey(key));
            return Report(await client.WithdrawAsync(RequestSigner.Withdraw(key, client.RegistryId, amount, me.NextNonce)), json);
        });
    }

    private static int Balance(CliArgs args)
    {
        string url = args.Required("registry");
        string? keyFile = args.Option("key");
        string? accountText = args.Option("account");
        bool json = args.Flag("json");
        args.RejectUnknown();
        Felt account = accountText is not null ? ParseFelt(accountText, "--account")
            : keyFile is not null ? RegistryCrypto.PublicKey(LoadKey(keyFile))
            : throw new CliUsageException("give --key F or --account FELT");
        return Run(url, async client =>
        {
            AccountView v = await client.GetAccountAsync(account);
            if (json) Console.Out.WriteLine(JsonSerializer.Serialize(WireMapping.ToDto(v), RegistryJsonContext.Default.AccountDto));
            else Console.Out.WriteLine($"account {v.Account.ToHexString()}: balance {v.Balance}, promised {v.Promised}, available {v.Available}, next nonce {v.NextNonce}");
            return 0;
        });
    }

    private static int Events(CliArgs args)
    {
        string url = args.Required("registry");
        long after = args.Int("after", 0);
        int limit = args.Int("limit", 100);
        bool follow = args.Flag("follow");
        bool json = args.Flag("json");
        args.RejectUnknown();
        if (after < 0) throw new CliUsageException("--after is a sequence number, 0 or more");
        return Run(url, async client =>
        {
            if (!follow)
            {
                foreach (RegistryEvent e in await client.GetEventsAsync(after, limit)) PrintEvent(e, json);
                return 0;
            }
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            try
            {
                await foreach (RegistryEvent e in client.SubscribeAsync(after, stop.Token)) PrintEvent(e, json);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
    }

    private static void PrintEvent(RegistryEvent e, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(WireMapping.ToDto(e), RegistryJsonContext.Default.EventDto));
            return;
        }
        string what = e.Kind switch
        {
            RegistryEventKind.Deposit => $"deposit {e.Amount} to {e.Account?.ToHexString()} ({e.Source})",
            RegistryEventKind.Withdraw => $"withdraw {e.Amount} from {e.Account?.ToHexString()}",
            _ => $"job {e.JobId?.ToHexString()} settled: {e.Reward} from {e.Delegator?.ToHexString()} to {e.Executor?.ToHexString()} " +
                 $"(fee {e.Fee}, {e.NSteps} steps, {e.Output?.Length} output felts, proof {e.ProofHash?.ToHexString()})",
        };
        Console.Out.WriteLine($"#{e.Sequence} {what}");
    }

    private static int Report(RegistryOutcome<TransferReceipt> r, bool json)
    {
        if (!r.Ok)
        {
            Console.Error.WriteLine($"refused ({r.Error}): {r.Message}");
            return 1;
        }
        TransferReceipt t = r.Value!;
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(WireMapping.ToDto(t), RegistryJsonContext.Default.TransferReceiptDto));
        else Console.Out.WriteLine($"ok: account {t.Account.ToHexString()} balance {t.Balance} (event #{t.Sequence})");
        return 0;
    }

    private static int Run(string url, Func<RegistryClient, Task<int>> action)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out Uri? baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--registry is '{url}'; write the registry's URL, for example http://127.0.0.1:7400");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var client = new RegistryClient(http);
        try
        {
            client.ConnectAsync().GetAwaiter().GetResult();
            return action(client).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"cannot reach the registry at {baseAddress}: {e.Message}");
            return 1;
        }
        catch (RegistryClientException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static BigInteger LoadKey(string path)
    {
        if (!File.Exists(path)) throw new CliUsageException($"key file {path} does not exist (zetina key new --out {path} makes one)");
        return RegistryCrypto.LoadPrivateKey(path);
    }

    private static Felt ParseFelt(string text, string option) =>
        Felt.TryParse(text, out Felt f, out string? error) ? f : throw new CliUsageException($"{option}: {error}");

    private static Amount ParseAmount(string text) =>
        Amount.TryParse(text, out Amount a, out string? error) ? a : throw new CliUsageException($"--amount: {error}");
}
