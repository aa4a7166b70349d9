namespace Zetina.P2P.Encoding;

/// <summary>Base58btc (the Bitcoin alphabet), as used for peer ids and the multibase prefix 'z'.</summary>
/// <remarks>Quadratic in the input length; used only for short identifiers.</remarks>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] s_index = BuildIndex();

    private static sbyte[] BuildIndex()
    {
        var t = new sbyte[128];
        Array.Fill(t, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++) t[Alphabet[i]] = (sbyte)i;
        return t;
    }

    /// <summary>Encodes bytes; each leading zero byte becomes a leading '1'.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;
        // log(256)/log(58) ≈ 1.366 digits per byte.
        var digits = new byte[(data.Length - zeros) * 138 / 100 + 1];
        int len = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (int j = 0; j < len; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0) { digits[len++] = (byte)(carry % 58); carry /= 58; }
        }
        var chars = new char[zeros + len];
        for (int i = 0; i < zeros; i++) chars[i] = '1';
        for (int i = 0; i < len; i++) chars[zeros + i] = Alphabet[digits[len - 1 - i]];
        return new string(chars);
    }

    /// <summary>Decodes a base58btc string; throws <see cref="FormatException"/> on a character outside the alphabet.</summary>
    public static byte[] Decode(string text)
    {
        int zeros = 0;
        while (zeros < text.Length && text[zeros] == '1') zeros++;
        var bytes = new byte[(text.Length - zeros) * 733 / 1000 + 1];
        int len = 0;
        for (int i = zeros; i < text.Length; i++)
        {
            char c = text[i];
            int carry = c < 128 ? s_index[c] : -1;
            if (carry < 0) throw new FormatException($"invalid base58 character '{c}' at position {i}");
            for (int j = 0; j < len; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0) { bytes[len++] = (byte)carry; carry >>= 8; }
        }
        var result = new byte[zeros + len];
        for (int i = 0; i < len; i++) result[zeros + i] = bytes[len - 1 - i];
        return result;
    }
}
