using System.Buffers.Binary;

namespace Zetina.Cairo.Runner;

/// <summary>
/// cairo-run's <c>--memory_file</c>: one 40-byte record per written address, a little-endian u64 address then
/// the value as 32 little-endian bytes; sorted by address (as cairo-vm writes it), holes omitted.
/// </summary>
public static class MemoryFileWriter
{
    /// <summary>Writes <paramref name="memory"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, RelocatedMemory memory)
    {
        byte[] buf = new byte[40 * 2048];
        int n = 0;
        for (int a = 0; a < memory.Length; a++)
        {
            if (!memory.Present[a]) continue;
            BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(n), (ulong)a);
            memory.Values[a].WriteBytesLittleEndian(buf.AsSpan(n + 8, 32));
            n += 40;
            if (n == buf.Length)
            {
                stream.Write(buf, 0, n);
                n = 0;
            }
        }
        stream.Write(buf, 0, n);
    }

    /// <summary>Writes the memory file at <paramref name="path"/>.</summary>
    public static void WriteFile(string path, RelocatedMemory memory)
    {
        using FileStream f = File.Create(path);
        Write(f, memory);
    }
}
