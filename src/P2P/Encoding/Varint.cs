namespace Zetina.P2P.Encoding;

/// <summary>
/// Unsigned LEB128 varints as used by multiformats (unsigned-varint spec) and protobuf:
/// 7 bits per byte, least significant group first, high bit set on every byte but the last.
/// </summary>
/// <remarks>
/// Multiformats limits varints to 9 bytes (63 bits); protobuf allows 10. <see cref="TryRead"/>
/// accepts up to 10 bytes and rejects encodings whose value overflows 64 bits.
/// </remarks>
public static class Varint
{
    /// <summary>The most bytes a 64-bit varint can take.</summary>
    public const int MaxLength = 10;

    /// <summary>Number of bytes <paramref name="value"/> takes when encoded.</summary>
    public static int SizeOf(ulong value)
    {
        int n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="dst"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">when <paramref name="dst"/> is too short.</exception>
    public static int Write(Span<byte> dst, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            dst[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        dst[i++] = (byte)value;
        return i;
    }

    /// <summary>Encodes <paramref name="value"/> into a new array.</summary>
    public static byte[] Encode(ulong value)
    {
        var b = new byte[SizeOf(value)];
        Write(b, value);
        return b;
    }

    /// <summary>
    /// Reads a varint from the start of <paramref name="src"/>. Returns false when the input ends
    /// before the last byte (<paramref name="consumed"/> = 0) or the value overflows 64 bits
    /// (<paramref name="consumed"/> = -1).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> src, out ulong value, out int consumed)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < src.Length && i < MaxLength; i++)
        {
            byte b = src[i];
            if (i == 9 && b > 1) { consumed = -1; return false; }
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) { consumed = i + 1; return true; }
            shift += 7;
        }
        consumed = src.Length >= MaxLength ? -1 : 0;
        value = 0;
        return false;
    }

    /// <summary>Reads a varint or throws <see cref="FormatException"/> naming the problem.</summary>
    public static ulong Read(ReadOnlySpan<byte> src, out int consumed)
    {
        if (TryRead(src, out ulong v, out consumed)) return v;
        throw new FormatException(consumed < 0 ? "varint longer than 64 bits" : "truncated varint");
    }

    /// <summary>Reads one varint from <paramref name="stream"/>, byte by byte; throws <see cref="EndOfStreamException"/> at end of stream.</summary>
    public static async ValueTask<ulong> ReadAsync(Stream stream, CancellationToken ct)
    {
        byte[] one = System.Buffers.ArrayPool<byte>.Shared.Rent(1);
        try
        {
            ulong value = 0;
            int shift = 0;
            for (int i = 0; i < MaxLength; i++)
            {
                int n = await stream.ReadAsync(one.AsMemory(0, 1), ct).ConfigureAwait(false);
                if (n == 0) throw new EndOfStreamException(i == 0 ? "stream closed" : "stream closed inside a varint");
                byte b = one[0];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
                shift += 7;
            }
            throw new FormatException("varint longer than 64 bits");
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(one);
        }
    }
}
