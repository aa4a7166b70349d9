using System.Text;
using Zetina.Stark.Field;

namespace Zetina.Registry.Signing;

/// <summary>Cairo short strings: up to 31 ASCII bytes read as one big-endian integer felt ("ab" = 0x6162).</summary>
public static class ShortString
{
    /// <summary>The felt of <paramref name="text"/>; throws <see cref="ArgumentException"/> beyond 31 bytes or for non-ASCII.</summary>
    public static Felt Encode(string text)
    {
        if (text.Length > 31) throw new ArgumentException("a short string holds at most 31 characters", nameof(text));
        Span<byte> b = stackalloc byte[32];
        b.Clear();
        int n = Encoding.ASCII.GetBytes(text, b[(32 - text.Length)..]);
        if (n != text.Length) throw new ArgumentException("a short string is ASCII", nameof(text));
        foreach (char c in text) if (c > 0x7f) throw new ArgumentException("a short string is ASCII", nameof(text));
        return Felt.FromBytesBigEndian(b);
    }
}
