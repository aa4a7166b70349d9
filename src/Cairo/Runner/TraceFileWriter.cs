using System.Buffers.Binary;

namespace Zetina.Cairo.Runner;

/// <summary>
/// cairo-run's <c>--trace_file</c>: one 24-byte record per step, three little-endian u64 words
/// <c>ap, fp, pc</c> (relocated), no header.
/// </summary>
public static class TraceFileWriter
{
    /// <summary>Writes the relocated trace to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<Vm.RelocatedTraceEntry> trace)
    {
        byte[] buf = new byte[24 * 4096];
        int n = 0;
        foreach (Vm.RelocatedTraceEntry e in trace)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(n), e.Ap);
            BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(n + 8), e.Fp);
            BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(n + 16), e.Pc);
            n += 24;
            if (n == buf.Length)
            {
                stream.Write(buf, 0, n);
                n = 0;
            }
        }
        stream.Write(buf, 0, n);
    }

    /// <summary>Writes the trace file at <paramref name="path"/>.</summary>
    public static void WriteFile(string path, ReadOnlySpan<Vm.RelocatedTraceEntry> trace)
    {
        using FileStream f = File.Create(path);
        Write(f, trace);
    }
}
