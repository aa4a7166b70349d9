using System.Net;
using Zetina.P2P.Multiformats;
using Zetina.Registry.Ledger;

namespace Zetina.Node.Cli;

/// <summary>Parsing helpers shared by the node's commands; each failure is a <see cref="CliUsageException"/> naming the option.</summary>
internal static class CliParse
{
    public static Amount Amount(string option, string text) =>
        Registry.Ledger.Amount.TryParse(text, out Amount a, out string? error) ? a : throw new CliUsageException($"--{option}: {error}");

    public static Multiaddr Multiaddr(string option, string text) =>
        P2P.Multiformats.Multiaddr.TryParse(text, out Multiaddr? m) && m is not null ? m : throw new CliUsageException($"--{option}: '{text}' is not a multiaddr");

    public static IPEndPoint EndPoint(string option, string text) =>
        IPEndPoint.TryParse(text, out IPEndPoint? ep) ? ep : throw new CliUsageException($"--{option}: '{text}' is not HOST:PORT (e.g. 127.0.0.1:8080)");

    public static Uri Url(string option, string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out Uri? u) && (u.Scheme == "http" || u.Scheme == "https")
            ? u : throw new CliUsageException($"--{option}: '{text}' is not an http(s) URL");

    public static ulong ULong(string option, string text) =>
        ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong v)
            ? v : throw new CliUsageException($"--{option}: '{text}' is not a non-negative integer");
}
