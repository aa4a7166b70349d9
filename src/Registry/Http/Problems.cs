using System.Text;
using Microsoft.AspNetCore.Http;
using Zetina.Registry.Rules;

namespace Zetina.Registry.Http;

/// <summary>
/// RFC 9457 problem details for the registry's refusals: <c>type</c> is a stable URI per error,
/// <c>code</c> the <see cref="RegistryError"/> name (clients map it back), <c>detail</c> a sentence a
/// person can act on.
/// </summary>
public static class Problems
{
    /// <summary>The base of every problem type URI.</summary>
    public const string TypeBase = "https://zetina.dev/problems/";

    /// <summary>The media type of a problem document (RFC 9457 §3).</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>The HTTP status a refusal is answered with.</summary>
    public static int StatusFor(RegistryError e) => e switch
    {
        RegistryError.InvalidRequest => StatusCodes.Status400BadRequest,
        RegistryError.BadSignature or RegistryError.MintNotAllowed => StatusCodes.Status403Forbidden,
        RegistryError.NotFound => StatusCodes.Status404NotFound,
        RegistryError.NonceMismatch or RegistryError.JobAlreadySettled or RegistryError.EarlierCommitPending => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>A short title per error.</summary>
    public static string TitleFor(RegistryError e) => e switch
    {
        RegistryError.InvalidRequest => "The request is malformed",
        RegistryError.BadSignature => "The signature does not verify",
        RegistryError.NonceMismatch => "The nonce is not the account's next nonce",
        RegistryError.MintNotAllowed => "Minting is not allowed for this request",
        RegistryError.InsufficientFunds => "Insufficient funds",
        RegistryError.AmountOverflow => "The amount would overflow 2^256 - 1",
        RegistryError.WrongRegistry => "The job is for another registry",
        RegistryError.WrongJobId => "The job id does not match",
        RegistryError.JobExpired => "The job has expired",
        RegistryError.JobAlreadySettled => "The job is already settled",
        RegistryError.InvalidProof => "The proof does not verify",
        RegistryError.ProofBoundToAnotherExecutor => "The proof is bound to another executor",
        RegistryError.WrongProgram => "The proof proves another program",
        RegistryError.StepLimitExceeded => "The run exceeds the job's step limit",
        RegistryError.OutputMismatch => "The output differs from the proof's",
        RegistryError.NotFound => "Not found",
        RegistryError.FundsLocked => "The funds are locked by open jobs",
        RegistryError.OutputDoesNotBindInput => "The output does not begin with the bound input",
        RegistryError.BootloaderOutputMalformed => "The bootloader output is not the one task a PIE job pays for",
        RegistryError.WrongTaskProgram => "The bootloader ran another task program",
        RegistryError.ProofFormatMismatch => "The job asks for another proof format",
        RegistryError.NotCommitted => "The executor has no live commit for the job",
        RegistryError.CommitmentMismatch => "The revealed proof is not the committed one",
        RegistryError.EarlierCommitPending => "An earlier commit may still reveal",
        RegistryError.TooManyCommits => "Too many live commits",
        RegistryError.ProofSecurityTooLow => "The proof's security is below the registry's minimum",
        _ => "Error",
    };

    /// <summary>The problem type URI of <paramref name="e"/>: its name in kebab case under <see cref="TypeBase"/>.</summary>
    public static string TypeFor(RegistryError e) => TypeBase + Kebab(e.ToString());

    /// <summary>The problem document for a refusal.</summary>
    public static ProblemDto For(RegistryError e, string detail, string? instance) => new()
    {
        Type = TypeFor(e),
        Title = TitleFor(e),
        Status = StatusFor(e),
        Detail = detail,
        Instance = instance,
        Code = e.ToString(),
    };

    /// <summary>A problem document for a transport-level failure (too large, wrong media type, internal error).</summary>
    public static ProblemDto Transport(int status, string slug, string title, string detail, string? instance) => new()
    {
        Type = TypeBase + slug,
        Title = title,
        Status = status,
        Detail = detail,
        Instance = instance,
        Code = slug,
    };

    /// <summary>Writes <paramref name="problem"/> as the response.</summary>
    public static async Task WriteAsync(HttpContext ctx, ProblemDto problem)
    {
        ctx.Response.StatusCode = problem.Status;
        ctx.Response.ContentType = MediaType;
        await System.Text.Json.JsonSerializer.SerializeAsync(ctx.Response.Body, problem, RegistryJsonContext.Default.ProblemDto, ctx.RequestAborted)
            .ConfigureAwait(false);
    }

    /// <summary>The <see cref="RegistryError"/> named by a problem's code, or <see cref="RegistryError.InvalidRequest"/> when it names none.</summary>
    public static RegistryError ErrorFromCode(string? code) =>
        Enum.TryParse(code, ignoreCase: false, out RegistryError e) && e != RegistryError.None ? e : RegistryError.InvalidRequest;

    private static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
