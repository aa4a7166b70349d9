using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Jobs;

/// <summary>
/// The names of <see cref="ProofFormat"/> on the wire, on the command line and in the node's API (<c>"native"</c>,
/// <c>"stone"</c>), and the felt a Stone-format header hashes for it.
/// </summary>
public static class ProofFormatNames
{
    /// <summary>The accepted names, as an error message lists them.</summary>
    public const string Accepted = "native, stone";

    /// <summary>The felt <see cref="JobHeader.Hash"/> appends for a Stone-format job: the short string "stone".</summary>
    public static readonly Felt StoneFelt = ShortString.Encode("stone");

    /// <summary>The format's wire name.</summary>
    public static string ToName(this ProofFormat format) => format switch
    {
        ProofFormat.Native => "native",
        ProofFormat.Stone => "stone",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a proof format"),
    };

    /// <summary>Reads a wire name (exact, lower case); false for anything else.</summary>
    public static bool TryParse(string? name, out ProofFormat format)
    {
        switch (name)
        {
            case "native": format = ProofFormat.Native; return true;
            case "stone": format = ProofFormat.Stone; return true;
            default: format = ProofFormat.Native; return false;
        }
    }
}
