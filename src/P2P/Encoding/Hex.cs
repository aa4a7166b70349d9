namespace Zetina.P2P.Encoding;

/// <summary>Lowercase hex helpers; <see cref="Decode"/> accepts an optional 0x prefix.</summary>
public static class Hex
{
    /// <summary>Lowercase hex without prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(data);

    /// <summary>Decodes hex (either case, optional 0x); throws <see cref="FormatException"/> on odd length or a bad digit.</summary>
    public static byte[] Decode(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        if (s.Length % 2 != 0) throw new FormatException($"hex string has odd length {s.Length}");
        return Convert.FromHexString(s);
    }
}
