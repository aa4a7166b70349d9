using System.Buffers.Binary;

namespace Zetina.Cairo.Run;

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

    /// <summary>Writes <paramref name="states"/> as records to <paramref name="stream"/> (what <c>--trace_file</c> holds).</summary>
    public static void Write(Stream stream, ReadOnlySpan<RegisterState> states)
    {
        byte[] buffer = new byte[RecordSize * 4096];
        int n = 0;
        foreach (RegisterState s in states)
        {
            Span<byte> r = buffer.AsSpan(n, RecordSize);
            BinaryPrimitives.WriteUInt64LittleEndian(r, s.Ap);
            BinaryPrimitives.WriteUInt64LittleEndian(r[8..], s.Fp);
            BinaryPrimitives.WriteUInt64LittleEndian(r[16..], s.Pc);
            n += RecordSize;
            if (n == buffer.Length)
            {
                stream.Write(buffer, 0, n);
                n = 0;
            }
        }
        stream.Write(buffer, 0, n);
    }

    /// <summary>Writes the trace file at <paramref name="path"/>.</summary>
    public static void WriteFile(string path, ReadOnlySpan<RegisterState> states)
    {
        using FileStream f = File.Create(path);
        Write(f, states);
    }

    /// <summary>The records as bytes.</summary>
    public static byte[] Serialize(ReadOnlySpan<RegisterState> states)
    {
        using var ms = new MemoryStream(states.Length * RecordSize);
        Write(ms, states);
        return ms.ToArray();
    }
}
