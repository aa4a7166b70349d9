using System.Runtime.CompilerServices;
using Zetina.Cairo.Errors;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Vm;

/// <summary>
/// The VM's write-once segmented memory. A cell is written at most once; writing a different value to a written
/// cell is a <see cref="WriteConflictException"/>, writing the same value is a no-op (Cairo's non-deterministic
/// read-only memory).
/// </summary>
public sealed class Memory
{
    private MemorySegment[] _segments = new MemorySegment[8];
    private int _count;

    /// <summary>Number of segments.</summary>
    public int SegmentCount => _count;

    /// <summary>The segment with index <paramref name="index"/>.</summary>
    public MemorySegment Segment(int index)
    {
        if ((uint)index >= (uint)_count) throw new CairoException(CairoErrorKind.InvalidOperands, $"segment {index} does not exist");
        return _segments[index];
    }

    internal MemorySegment[] SegmentsArray => _segments;

    /// <summary>Adds an empty segment and returns its base address.</summary>
    public Relocatable AddSegment(int capacity = 16)
    {
        if (_count == _segments.Length) Array.Resize(ref _segments, _count * 2);
        _segments[_count] = new MemorySegment(_count, capacity);
        return new Relocatable(_count++, 0);
    }

    /// <summary>The value at <paramref name="address"/>; empty when never written (or the segment does not exist).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MaybeRelocatable Get(Relocatable address)
    {
        if ((uint)address.Segment >= (uint)_count) return default;
        return _segments[address.Segment].Get(address.Offset);
    }

    /// <summary>The felt at <paramref name="address"/>; throws when the cell is empty or holds an address.</summary>
    public Felt GetFelt(Relocatable address)
    {
        MaybeRelocatable v = Get(address);
        if (!v.IsFelt)
            throw new CairoException(CairoErrorKind.InvalidOperands, v.IsEmpty ? $"memory cell {address} is empty" : $"memory cell {address} holds an address ({v}), expected a felt");
        return v.Felt;
    }

    /// <summary>The address at <paramref name="address"/>; throws when the cell is empty or holds a felt.</summary>
    public Relocatable GetRelocatable(Relocatable address)
    {
        MaybeRelocatable v = Get(address);
        if (!v.IsRelocatable)
            throw new CairoException(CairoErrorKind.InvalidOperands, v.IsEmpty ? $"memory cell {address} is empty" : $"memory cell {address} holds a felt ({v}), expected an address");
        return v.Relocatable;
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="address"/> (write-once; builtin validation applies).</summary>
    public void Insert(Relocatable address, MaybeRelocatable value)
    {
        if ((uint)address.Segment >= (uint)_count)
            throw new CairoException(CairoErrorKind.InvalidOperands, $"write to {address}: segment {address.Segment} does not exist");
        if (address.Offset < 0)
            throw new CairoException(CairoErrorKind.InvalidOperands, $"write to negative offset {address}");
        Insert(_segments[address.Segment], address.Offset, value);
    }

    /// <summary>Writes into a known segment; the hot-path form of <see cref="Insert(Relocatable, MaybeRelocatable)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Insert(MemorySegment seg, long offset, in MaybeRelocatable value)
    {
        if (offset >= seg.Cells.Length) seg.Grow(offset);
        ref MaybeRelocatable cell = ref seg.Cells[offset];
        if (cell.IsEmpty)
        {
            cell = value;
            if (offset >= seg.UsedSize) seg.UsedSize = offset + 1;
            seg.Builtin?.Validate(seg, offset, value);
        }
        else if (!cell.Equals(value))
        {
            throw new WriteConflictException(new Relocatable(seg.Index, offset), cell, value);
        }
    }

    /// <summary>Writes consecutive values starting at <paramref name="start"/>; returns the address after the last.</summary>
    public Relocatable Load(Relocatable start, ReadOnlySpan<MaybeRelocatable> values)
    {
        for (int i = 0; i < values.Length; i++) Insert(start.Add(i), values[i]);
        return start.Add(values.Length);
    }

    /// <summary>Marks a cell as accessed (counted when computing memory holes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void MarkAccessed(Relocatable address)
    {
        if ((uint)address.Segment >= (uint)_count) return;
        MemorySegment seg = _segments[address.Segment];
        if ((ulong)address.Offset < (ulong)seg.Accessed.Length) seg.Accessed[address.Offset] = true;
    }
}
