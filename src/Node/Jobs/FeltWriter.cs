using System.Buffers.Binary;
using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>Appends the node's wire fields (big-endian) to a growing buffer.</summary>
internal sealed class FeltWriter
{
    private readonly MemoryStream _out = new();

    public FeltWriter Felt(in Felt f)
    {
        Span<byte> b = stackalloc byte[32];
        f.WriteBytesBigEndian(b);
        _out.Write(b);
        return this;
    }

    public FeltWriter UInt64(ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        _out.Write(b);
        return this;
    }

    public FeltWriter UInt32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        _out.Write(b);
        return this;
    }

    public FeltWriter Bytes(ReadOnlySpan<byte> b)
    {
        _out.Write(b);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();
}
