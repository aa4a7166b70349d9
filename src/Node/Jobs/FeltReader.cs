using System.Buffers.Binary;
using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>
/// Reads the fixed-width fields of the node's wire records (big-endian), recording the first problem
/// instead of throwing, so a decoder can report "field X: reason" for any malformed message.
/// </summary>
internal ref struct FeltReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    /// <summary>The first problem met, or null.</summary>
    public string? Error { get; private set; }

    public readonly int Remaining => _rest.Length;

    public Felt Felt(string field)
    {
        if (!Take(32, field, out ReadOnlySpan<byte> b)) return default;
        if (!Stark.Field.Felt.TryFromBytesBigEndian(b, out Felt f)) Fail($"{field}: value is not below the Stark252 prime");
        return f;
    }

    public ulong UInt64(string field) => Take(8, field, out ReadOnlySpan<byte> b) ? BinaryPrimitives.ReadUInt64BigEndian(b) : 0;

    public uint UInt32(string field) => Take(4, field, out ReadOnlySpan<byte> b) ? BinaryPrimitives.ReadUInt32BigEndian(b) : 0;

    public byte Byte(string field) => Take(1, field, out ReadOnlySpan<byte> b) ? b[0] : (byte)0;

    public ReadOnlySpan<byte> Bytes(int count, string field) => Take(count, field, out ReadOnlySpan<byte> b) ? b : default;

    public void Fail(string message) => Error ??= message;

    private bool Take(int n, string field, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (Error is not null) return false;
        if (n < 0 || _rest.Length < n)
        {
            Fail($"{field}: truncated ({_rest.Length} bytes left, {n} needed)");
            return false;
        }
        bytes = _rest[..n];
        _rest = _rest[n..];
        return true;
    }
}
