using System.Buffers.Binary;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Run;

/// <summary>
/// The written cells of a relocated Cairo memory: parallel arrays of addresses (strictly increasing) and
/// values. Read from the 40-byte records of <c>cairo-run --memory_file</c> (u64 LE address, 32-byte LE felt),
/// whose record order is not guaranteed; they are sorted here.
/// </summary>
public sealed class MemoryImage
{
    /// <summary>Bytes per memory-file record.</summary>
    public const int RecordSize = 40;

    private readonly ulong[] _addresses;
    private readonly Felt[] _values;

    private MemoryImage(ulong[] addresses, Felt[] values)
    {
        _addresses = addresses;
        _values = values;
    }

    /// <summary>Written addresses in increasing order.</summary>
    public ReadOnlySpan<ulong> Addresses => _addresses;

    /// <summary>Values, parallel to <see cref="Addresses"/>.</summary>
    public ReadOnlySpan<Felt> Values => _values;

    /// <summary>Number of written cells.</summary>
    public int Count => _addresses.Length;

    /// <summary>The largest written address (0 when empty).</summary>
    public ulong MaxAddress => _addresses.Length == 0 ? 0 : _addresses[^1];

    /// <summary>Looks up a cell by binary search.</summary>
    public bool TryGet(ulong address, out Felt value)
    {
        int i = Array.BinarySearch(_addresses, address);
        if (i >= 0) { value = _values[i]; return true; }
        value = default;
        return false;
    }

    /// <summary>Reads <paramref name="path"/> (or <c>path.gz</c>).</summary>
    public static MemoryImage Read(string path) => Parse(DataFile.ReadAllBytes(path));

    /// <summary>
    /// Parses memory-file records. Throws <see cref="CairoFileFormatException"/> when the length is not a multiple
    /// of 40, a value is not below p, or one address is written twice with different values.
    /// </summary>
    public static MemoryImage Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % RecordSize != 0)
            throw new CairoFileFormatException($"memory file length {bytes.Length} is not a multiple of {RecordSize}");
        int n = bytes.Length / RecordSize;
        var addresses = new ulong[n];
        var values = new Felt[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> r = bytes.Slice(i * RecordSize, RecordSize);
            addresses[i] = BinaryPrimitives.ReadUInt64LittleEndian(r);
            if (!Felt.TryFromBytesLittleEndian(r.Slice(8, 32), out values[i]))
                throw new CairoFileFormatException($"memory file record {i} (address {addresses[i]}): value is not below p");
        }
        return FromCells(addresses, values);
    }

    /// <summary>
    /// Takes over cells already in strictly increasing address order (the runner's relocated memory is scanned in
    /// address order), without sorting again.
    /// </summary>
    internal static MemoryImage FromOrderedCells(ulong[] addresses, Felt[] values) => new(addresses, values);

    /// <summary>Builds an image from unsorted cells (the arrays are taken over and sorted in place).</summary>
    public static MemoryImage FromCells(ulong[] addresses, Felt[] values)
    {
        if (addresses.Length != values.Length) throw new ArgumentException("addresses and values differ in length");
        Array.Sort(addresses, values);
        int w = 0;
        for (int i = 0; i < addresses.Length; i++)
        {
            if (w > 0 && addresses[w - 1] == addresses[i])
            {
                if (values[w - 1] != values[i])
                    throw new CairoFileFormatException($"memory address {addresses[i]} written twice with different values");
                continue;
            }
            addresses[w] = addresses[i];
            values[w] = values[i];
            w++;
        }
        if (w != addresses.Length)
        {
            Array.Resize(ref addresses, w);
            Array.Resize(ref values, w);
        }
        return new MemoryImage(addresses, values);
    }

    /// <summary>
    /// Writes the cells as memory-file records in address order to <paramref name="stream"/> (what
    /// <c>--memory_file</c> holds: cairo-vm writes them sorted, holes omitted).
    /// </summary>
    public void Write(Stream stream)
    {
        byte[] buffer = new byte[RecordSize * 2048];
        int n = 0;
        for (int i = 0; i < Count; i++)
        {
            Span<byte> r = buffer.AsSpan(n, RecordSize);
            BinaryPrimitives.WriteUInt64LittleEndian(r, _addresses[i]);
            _values[i].WriteBytesLittleEndian(r.Slice(8, 32));
            n += RecordSize;
            if (n == buffer.Length)
            {
                stream.Write(buffer, 0, n);
                n = 0;
            }
        }
        stream.Write(buffer, 0, n);
    }

    /// <summary>Writes the memory file at <paramref name="path"/>.</summary>
    public void WriteFile(string path)
    {
        using FileStream f = File.Create(path);
        Write(f);
    }

    /// <summary>The memory-file records as bytes.</summary>
    public byte[] Serialize()
    {
        using var ms = new MemoryStream(Count * RecordSize);
        Write(ms);
        return ms.ToArray();
    }

    /// <summary>A copy with one cell's value replaced (for tests and tooling).</summary>
    public MemoryImage With(ulong address, Felt value)
    {
        var a = (ulong[])_addresses.Clone();
        var v = (Felt[])_values.Clone();
        int i = Array.BinarySearch(a, address);
        if (i < 0) throw new ArgumentException($"address {address} is not written");
        v[i] = value;
        return new MemoryImage(a, v);
    }
}
