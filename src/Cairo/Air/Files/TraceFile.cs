using System.Buffers.Binary;

namespace Zetina.Cairo.Air.Files;

/// <summary>
/// The binary trace written by <c>cairo-run --trace_file</c>: a flat array of 24-byte records, each three
/// unsigned 64-bit little-endian words in the order ap, fp, pc, one record per executed step. No header.
/// </summary>
public static class TraceFile
{
    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 24;

    /// <summary>Reads <paramref name="path"/> (or <c>path.gz</c>).</summary>
    public static RegisterState[] Read(string path) => Parse(DataFile.ReadAllBytes(path));

    /// <summary>Parses the records; throws <see cref="CairoFileFormatException"/> when the length is not a multiple of 24 or is 0.</summary>
    public static RegisterState[] Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
            throw new CairoFileFormatException($"trace file length {bytes.Length} is not a positive multiple of {RecordSize}");
        var result = new RegisterState[bytes.Length / RecordSize];
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> r = bytes.Slice(i * RecordSize, RecordSize);
            result[i] = new RegisterState(
                BinaryPrimitives.ReadUInt64LittleEndian(r),
                BinaryPrimitives.ReadUInt64LittleEndian(r[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(r[16..]));
        }
        return result;
    }

    /// <summary>Writes records in the same format.</summary>
    public static byte[] Serialize(ReadOnlySpan<RegisterState> states)
    {
        var bytes = new byte[states.Length * RecordSize];
        for (int i = 0; i < states.Length; i++)
        {
            Span<byte> r = bytes.AsSpan(i * RecordSize, RecordSize);
            BinaryPrimitives.WriteUInt64LittleEndian(r, states[i].Ap);
            BinaryPrimitives.WriteUInt64LittleEndian(r[8..], states[i].Fp);
            BinaryPrimitives.WriteUInt64LittleEndian(r[16..], states[i].Pc);
        }
        return bytes;
    }
}
