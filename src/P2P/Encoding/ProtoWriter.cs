
namespace Zetina.P2P.Encoding;

/// <summary>
/// A minimal protobuf (proto2/proto3 wire format) writer: varint fields (wire type 0) and
/// length-delimited fields (wire type 2). Fields are written in the order the caller writes them,
/// which is what libp2p's signed structures need (they are signed over a canonical, field-ordered encoding).
/// </summary>
public sealed class ProtoWriter
{
    private byte[] _buf;
    private int _len;

    /// <summary>Creates a writer with <paramref name="capacity"/> bytes reserved.</summary>
    public ProtoWriter(int capacity = 64) => _buf = new byte[Math.Max(capacity, 16)];

    /// <summary>Bytes written so far.</summary>
    public int Length => _len;

    /// <summary>The encoded message so far (a view, valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, _len);

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => _len = 0;

    /// <summary>A copy of the encoded message.</summary>
    public byte[] ToArray() => _buf.AsSpan(0, _len).ToArray();

    private void Ensure(int extra)
    {
        if (_len + extra <= _buf.Length) return;
        Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + extra));
    }

    /// <summary>Writes a raw varint (no tag).</summary>
    public void WriteRawVarint(ulong v)
    {
        Ensure(Varint.MaxLength);
        _len += Varint.Write(_buf.AsSpan(_len), v);
    }

    /// <summary>Writes raw bytes (no tag, no length).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buf.AsSpan(_len));
        _len += bytes.Length;
    }

    /// <summary>Field <paramref name="field"/> as a varint (wire type 0): uint32/uint64/int32 (non-negative)/bool/enum.</summary>
    public void WriteVarint(int field, ulong value)
    {
        WriteRawVarint((ulong)(field << 3));
        WriteRawVarint(value);
    }

    /// <summary>Field <paramref name="field"/> as bytes (wire type 2).</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteRawVarint((ulong)((field << 3) | 2));
        WriteRawVarint((ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>Field <paramref name="field"/> as a UTF-8 string (wire type 2).</summary>
    public void WriteString(int field, string value)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        WriteRawVarint((ulong)((field << 3) | 2));
        int n = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteRawVarint((ulong)n);
        Ensure(Math.Min(max, n));
        _len += System.Text.Encoding.UTF8.GetBytes(value, _buf.AsSpan(_len));
    }

    /// <summary>Field <paramref name="field"/> as an embedded message already encoded by <paramref name="inner"/>.</summary>
    public void WriteMessage(int field, ProtoWriter inner) => WriteBytes(field, inner.WrittenSpan);
}
