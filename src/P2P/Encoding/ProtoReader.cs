namespace Zetina.P2P.Encoding;

/// <summary>
/// A forward-only protobuf reader over a byte span. <see cref="Next"/> yields each field's number
/// and wire type; the caller reads the value with the matching method or <see cref="Skip"/>s it.
/// Malformed input throws <see cref="FormatException"/> with the offset; callers that read peer
/// messages turn that into a typed rejection.
/// </summary>
public ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _wireType;

    /// <summary>Reads <paramref name="data"/> from its start.</summary>
    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
        _wireType = -1;
    }

    /// <summary>Wire type of the current field (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public readonly int WireType => _wireType;

    /// <summary>Advances to the next field; false at the end of the message.</summary>
    public bool Next(out int field)
    {
        if (_pos >= _data.Length) { field = 0; return false; }
        ulong tag = ReadRawVarint();
        field = (int)(tag >> 3);
        _wireType = (int)(tag & 7);
        if (field == 0) throw new FormatException($"protobuf field number 0 at offset {_pos}");
        return true;
    }

    private ulong ReadRawVarint()
    {
        if (!Varint.TryRead(_data[_pos..], out ulong v, out int n))
            throw new FormatException(n < 0 ? $"protobuf varint overflows at offset {_pos}" : $"protobuf truncated at offset {_pos}");
        _pos += n;
        return v;
    }

    /// <summary>The current field as a varint.</summary>
    public ulong ReadVarint()
    {
        if (_wireType != 0) throw new FormatException($"expected varint wire type, got {_wireType} at offset {_pos}");
        return ReadRawVarint();
    }

    /// <summary>The current field as a length-delimited byte span (a view into the input).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        if (_wireType != 2) throw new FormatException($"expected length-delimited wire type, got {_wireType} at offset {_pos}");
        ulong len = ReadRawVarint();
        if (len > (ulong)(_data.Length - _pos)) throw new FormatException($"protobuf field of {len} bytes exceeds the {_data.Length - _pos} left at offset {_pos}");
        var s = _data.Slice(_pos, (int)len);
        _pos += (int)len;
        return s;
    }

    /// <summary>The current field as a UTF-8 string.</summary>
    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Skips the current field's value.</summary>
    public void Skip()
    {
        switch (_wireType)
        {
            case 0: ReadRawVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw new FormatException($"unsupported protobuf wire type {_wireType} at offset {_pos}");
        }
    }

    private void Advance(int n)
    {
        if (_data.Length - _pos < n) throw new FormatException($"protobuf truncated at offset {_pos}");
        _pos += n;
    }
}
