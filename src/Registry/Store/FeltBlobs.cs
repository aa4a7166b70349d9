using Zetina.Stark.Field;

namespace Zetina.Registry.Store;

/// <summary>Felts as the database stores them: 32-byte big-endian BLOBs, and felt lists as their concatenation.</summary>
internal static class FeltBlobs
{
    /// <summary>The 32-byte big-endian encoding of <paramref name="x"/>.</summary>
    public static byte[] ToBlob(in Felt x) => x.ToBytesBigEndian();

    /// <summary>Reads a 32-byte BLOB; throws <see cref="InvalidDataException"/> for another length or a value not below p.</summary>
    public static Felt FromBlob(byte[] blob) =>
        blob.Length == 32 && Felt.TryFromBytesBigEndian(blob, out Felt f) ? f : throw new InvalidDataException("a stored felt is 32 bytes below p");

    /// <summary>The concatenated encodings of <paramref name="xs"/>.</summary>
    public static byte[] ToBlob(ReadOnlySpan<Felt> xs)
    {
        byte[] b = new byte[32 * xs.Length];
        for (int i = 0; i < xs.Length; i++) xs[i].WriteBytesBigEndian(b.AsSpan(32 * i, 32));
        return b;
    }

    /// <summary>Splits a concatenation of 32-byte felts.</summary>
    public static Felt[] ListFromBlob(byte[] blob)
    {
        if (blob.Length % 32 != 0) throw new InvalidDataException("a stored felt list is a multiple of 32 bytes");
        var xs = new Felt[blob.Length / 32];
        for (int i = 0; i < xs.Length; i++)
            xs[i] = Felt.TryFromBytesBigEndian(blob.AsSpan(32 * i, 32), out Felt f) ? f : throw new InvalidDataException("a stored felt is below p");
        return xs;
    }
}
