using System.Security.Cryptography;
using System.Text;

namespace Zetina.Node.Api;

/// <summary>
/// The bearer token that guards the node API's state-changing routes: whoever holds it spends the
/// node's money (<c>POST /v1/jobs</c> publishes a job paid from the node's account). 32 random bytes
/// written as 64 hex characters, kept in a file only its owner can read (mode 0600).
/// </summary>
/// <remarks>
/// Compared in constant time over SHA-256 digests of both sides, so neither the token's bytes nor its
/// length leak through the time a refusal takes (RFC 6750 §5.2 asks bearer tokens to resist guessing;
/// 256 random bits do).
/// </remarks>
internal sealed class ApiToken
{
    /// <summary>The token's file name inside a node's data dir.</summary>
    public const string FileName = "api-token";

    /// <summary>Random bytes in a generated token.</summary>
    public const int RandomBytes = 32;

    /// <summary>The shortest token accepted from a file the operator wrote (128 bits as hex).</summary>
    public const int MinLength = 32;

    private readonly byte[] _digest;

    private ApiToken(string value, string? path)
    {
        Value = value;
        Path = path;
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The token text, as a client sends it after <c>Authorization: Bearer</c>.</summary>
    public string Value { get; }

    /// <summary>The file it was read from or written to; null for a token kept in memory only.</summary>
    public string? Path { get; }

    /// <summary>A fresh token kept in memory only (a node without a data dir).</summary>
    public static ApiToken Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomBytes)), null);

    /// <summary>
    /// Reads <c>dataDir/api-token</c>, creating it on first start with a fresh token and mode 0600.
    /// Throws <see cref="InvalidDataException"/> when an existing file holds no usable token.
    /// </summary>
    public static ApiToken LoadOrCreate(string dataDir)
    {
        string path = System.IO.Path.Combine(dataDir, FileName);
        if (File.Exists(path)) return Load(path);
        Directory.CreateDirectory(dataDir);
        string value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomBytes));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(value + "\n"));
            stream.Flush(flushToDisk: true);
        }
        return new ApiToken(value, path);
    }

    /// <summary>
    /// Reads a token file (surrounding whitespace ignored). Throws <see cref="InvalidDataException"/> naming
    /// the file when it is shorter than <see cref="MinLength"/> characters or holds whitespace inside.
    /// </summary>
    public static ApiToken Load(string path)
    {
        string value = File.ReadAllText(path).Trim();
        if (value.Length < MinLength)
            throw new InvalidDataException($"API token file {path} holds {value.Length} characters, at least {MinLength} are needed " +
                "(e.g. `openssl rand -hex 32`)");
        foreach (char c in value)
            if (char.IsWhiteSpace(c) || char.IsControl(c)) throw new InvalidDataException($"API token file {path} holds more than one word");
        return new ApiToken(value, path);
    }

    /// <summary>True when <paramref name="presented"/> is this token; constant time in the token's content.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(presented)];
        Encoding.UTF8.GetBytes(presented, bytes);
        SHA256.HashData(bytes, digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }

    /// <summary>
    /// The token a client sends: <paramref name="token"/> when given, else the content of
    /// <paramref name="tokenFile"/> (a node's <c>DATA_DIR/api-token</c> works as it is), else null.
    /// Throws <see cref="InvalidDataException"/> or <see cref="IOException"/> for an unreadable file.
    /// </summary>
    public static string? ForClient(string? token, string? tokenFile) =>
        token ?? (tokenFile is null ? null : Load(tokenFile).Value);
}
