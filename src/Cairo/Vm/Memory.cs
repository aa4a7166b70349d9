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
    private readonly List<MemorySegment> _temporary = [];
    private readonly Dictionary<int, Relocatable> _relocationRules = [];

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
        if ((uint)address.Segment >= (uint)_count) return TryTemporary(address.Segment, out MemorySegment? t) ? t.Get(address.Offset) : default;
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
        if (address.Offset < 0)
            throw new CairoException(CairoErrorKind.InvalidOperands, $"write to negative offset {address}");
        if ((uint)address.Segment >= (uint)_count)
        {
            if (!TryTemporary(address.Segment, out MemorySegment? t))
                throw new CairoException(CairoErrorKind.InvalidOperands, $"write to {address}: segment {address.Segment} does not exist");
            Insert(t, address.Offset, value);
            return;
        }
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
        MemorySegment? seg;
        if ((uint)address.Segment < (uint)_count) seg = _segments[address.Segment];
        else if (!TryTemporary(address.Segment, out seg)) return;
        if ((ulong)address.Offset < (ulong)seg.Accessed.Length) seg.Accessed[address.Offset] = true;
    }

    /// <summary>Number of temporary segments (indices −1, −2, …).</summary>
    public int TemporarySegmentCount => _temporary.Count;

    /// <summary>
    /// Adds a temporary segment (cairo-lang <c>segments.add_temp_segment()</c>) and returns its base: segment −1 for
    /// the first, −2 for the next. A temporary segment must be moved into real memory by a relocation rule before
    /// the run ends.
    /// </summary>
    public Relocatable AddTemporarySegment()
    {
        int index = -(_temporary.Count + 1);
        _temporary.Add(new MemorySegment(index, 16));
        return new Relocatable(index, 0);
    }

    /// <summary>The temporary segment with (negative) index <paramref name="index"/>, if it exists.</summary>
    public bool TryTemporary(int index, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemorySegment? segment)
    {
        int i = -index - 1;
        if (index < 0 && i < _temporary.Count)
        {
            segment = _temporary[i];
            return true;
        }
        segment = null;
        return false;
    }

    /// <summary>
    /// cairo-lang <c>memory.add_relocation_rule(src_ptr, dest_ptr)</c>: the temporary segment starting at
    /// <paramref name="source"/> will be placed at <paramref name="destination"/> when the run ends. From now on an
    /// address into that segment reads as its relocated address (cairo-lang relocates values as they are read; here
    /// the cells holding such addresses are rewritten once, which reads the same).
    /// </summary>
    /// <exception cref="CairoException">The source is not the start of a temporary segment, or it already has a rule.</exception>
    public void AddRelocationRule(Relocatable source, Relocatable destination)
    {
        if (source.Segment >= 0) throw new CairoException(CairoErrorKind.InvalidOperands, $"src_ptr.segment_index must be < 0, src_ptr={source}.");
        if (source.Offset != 0) throw new CairoException(CairoErrorKind.InvalidOperands, $"src_ptr.offset must be 0, src_ptr={source}.");
        if (!TryTemporary(source.Segment, out _)) throw new CairoException(CairoErrorKind.InvalidOperands, $"src_ptr={source} is not a temporary segment");
        if (!_relocationRules.TryAdd(source.Segment, destination))
            throw new CairoException(CairoErrorKind.InvalidOperands, $"The segment with index {source.Segment} already has a relocation rule.");
        ForEachSegment(RewriteAddresses);
    }

    /// <summary>
    /// cairo-lang <c>relocate_memory()</c> at the end of a run: every temporary segment's cells move to their rule's
    /// destination (write-once: a different value already there is a <see cref="WriteConflictException"/>), accessed
    /// flags move with them, and the temporary segments are dropped. A temporary segment holding values but no rule,
    /// or an address into one left anywhere in memory, is an error.
    /// </summary>
    public void RelocateTemporarySegments()
    {
        if (_temporary.Count == 0) return;
        ForEachSegment(RewriteAddresses);
        foreach (MemorySegment t in _temporary)
        {
            if (t.UsedSize == 0) continue;
            if (!_relocationRules.ContainsKey(t.Index))
                throw new CairoException(CairoErrorKind.RunnerError, $"temporary segment {t.Index} holds values but has no relocation rule");
            Relocatable dest = Resolve(new Relocatable(t.Index, 0));
            if (dest.Segment < 0) throw new CairoException(CairoErrorKind.RunnerError, $"temporary segment {t.Index} relocates to another temporary segment {dest}");
            MemorySegment target = Segment(dest.Segment);
            for (long o = 0; o < t.UsedSize; o++)
            {
                MaybeRelocatable v = t.Cells[o];
                if (v.IsEmpty) continue;
                Insert(target, dest.Offset + o, v);
                if (t.Accessed[o]) MarkAccessed(dest.Add(o));
            }
        }
        for (int i = 0; i < _count; i++)
        {
            ReadOnlySpan<MaybeRelocatable> cells = _segments[i].Written;
            for (int o = 0; o < cells.Length; o++)
                if (cells[o].IsRelocatable && cells[o].Segment < 0)
                    throw new CairoException(CairoErrorKind.RunnerError, $"memory cell {i}:{o} holds {cells[o]}, an address in a temporary segment with no relocation rule");
        }
        _temporary.Clear();
        _relocationRules.Clear();
    }

    /// <summary>An address relocated by the rules (followed through chains of temporary segments); others unchanged.</summary>
    public Relocatable Resolve(Relocatable address)
    {
        for (int hops = 0; address.Segment < 0 && _relocationRules.TryGetValue(address.Segment, out Relocatable to); hops++)
        {
            if (hops > _relocationRules.Count) throw new CairoException(CairoErrorKind.RunnerError, $"relocation rules form a cycle at segment {address.Segment}");
            address = to.Add(address.Offset);
        }
        return address;
    }

    private void ForEachSegment(Action<MemorySegment> action)
    {
        for (int i = 0; i < _count; i++) action(_segments[i]);
        foreach (MemorySegment t in _temporary) action(t);
    }

    private void RewriteAddresses(MemorySegment seg)
    {
        Span<MaybeRelocatable> cells = seg.Cells.AsSpan(0, (int)seg.UsedSize);
        for (int o = 0; o < cells.Length; o++)
        {
            MaybeRelocatable v = cells[o];
            if (!v.IsRelocatable || v.Segment >= 0) continue;
            Relocatable r = Resolve(v.Relocatable);
            if (r.Segment != v.Segment) cells[o] = MaybeRelocatable.FromRelocatable(r);
        }
    }
}
