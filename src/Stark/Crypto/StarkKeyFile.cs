using System.Globalization;
using System.Numerics;
using System.Text;

namespace Zetina.Stark.Crypto;

/// <summary>
/// A Stark private key on disk: one line, <c>0x</c> and 64 lowercase hex digits, in a file only its owner may read
/// or write (mode 0600 on Unix, set when the file is created).
/// </summary>
public sealed class StarkKeyFile
{
    private StarkKeyFile() { }

    /// <summary>
    /// Reads a private key. Throws <see cref="FileNotFoundException"/> when the file is missing,
    /// <see cref="IOException"/> when group or others may access it (on Unix) and <see cref="FormatException"/>
    /// when it does not hold a key in [1, n).
    /// </summary>
    public static BigInteger Load(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & others) != 0)
                throw new IOException($"key file {path} is accessible by group or others (mode {Convert.ToString((int)mode, 8)}); run chmod 600 on it");
        }
        string text = File.ReadAllText(path, Encoding.ASCII).Trim();
        return Parse(text, path);
    }

    /// <summary>
    /// Writes <paramref name="privateKey"/> (in [1, n)) to a new file created with owner-only permissions.
    /// Throws <see cref="IOException"/> when the file already exists (keys are never overwritten).
    /// </summary>
    public static void Save(string path, BigInteger privateKey)
    {
        if (privateKey.Sign <= 0 || privateKey >= StarkCurve.Order)
            throw new ArgumentOutOfRangeException(nameof(privateKey), "private key must be in [1, n)");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        byte[] line = Encoding.ASCII.GetBytes(ToHex(privateKey) + "\n");
        stream.Write(line);
    }

    /// <summary>Parses a private key in hex (with or without 0x); <paramref name="source"/> names it in errors.</summary>
    public static BigInteger Parse(string text, string source)
    {
        string s = text.Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        if (s.Length == 0 || s.Length > 64)
            throw new FormatException($"{source}: expected a private key of 1 to 64 hex digits");
        foreach (char c in s)
            if (!char.IsAsciiHexDigit(c)) throw new FormatException($"{source}: '{c}' is not a hex digit");
        BigInteger d = BigInteger.Parse("0" + s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (d.IsZero || d >= StarkCurve.Order)
            throw new FormatException($"{source}: private key must be in [1, n) for the Stark curve order n");
        return d;
    }

    /// <summary>0x and 64 lowercase hex digits.</summary>
    internal static string ToHex(BigInteger d)
    {
        Span<byte> b = stackalloc byte[32];
        b.Clear();
        int count = d.GetByteCount(isUnsigned: true);
        d.TryWriteBytes(b[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
        return "0x" + Convert.ToHexStringLower(b);
    }
}
