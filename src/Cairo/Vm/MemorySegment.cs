using System.Runtime.CompilerServices;

namespace Zetina.Cairo.Vm;

/// <summary>
/// One memory segment: a flat, growable array of cells (empty = never written) plus an accessed flag per cell.
/// </summary>
/// <remarks>
/// Cells are 40 bytes (<see cref="MaybeRelocatable"/>) and the accessed flags one byte, so a segment costs
/// 41 bytes per cell of its capacity; capacity doubles as the segment grows. No dictionary, no per-write allocation.
/// </remarks>
public sealed class MemorySegment
{
    internal MaybeRelocatable[] Cells;
    internal bool[] Accessed;

    internal MemorySegment(int index, int capacity = 16)
    {
        Index = index;
        Cells = new MaybeRelocatable[Math.Max(capacity, 4)];
        Accessed = new bool[Cells.Length];
    }

    /// <summary>This segment's index.</summary>
    public int Index { get; }

    /// <summary>One past the highest written offset (cairo-vm's "used size").</summary>
    public long UsedSize { get; internal set; }

    /// <summary>The size fixed by the runner at the end of a proof-mode run (builtin allocation), if any.</summary>
    public long? FinalSize { get; internal set; }

    /// <summary>The size relocation lays out: <see cref="FinalSize"/> when set, else <see cref="UsedSize"/>.</summary>
    public long Size => FinalSize ?? UsedSize;

    /// <summary>The builtin owning this segment (validation and deduction), if any.</summary>
    public ISegmentRules? Builtin { get; internal set; }

    /// <summary>Cells written so far: a view of the first <see cref="UsedSize"/> cells.</summary>
    public ReadOnlySpan<MaybeRelocatable> Written => Cells.AsSpan(0, (int)UsedSize);

    /// <summary>The cell at <paramref name="offset"/>, empty when outside the written range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MaybeRelocatable Get(long offset) => (ulong)offset < (ulong)UsedSize ? Cells[offset] : default;

    /// <summary>Number of cells marked accessed.</summary>
    public long AccessedCount()
    {
        long n = 0;
        ReadOnlySpan<bool> a = Accessed.AsSpan(0, (int)Math.Min(UsedSize, Accessed.Length));
        foreach (bool b in a) if (b) n++;
        return n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Grow(long offset)
    {
        if (offset >= 1L << 31) throw new Errors.CairoException(Errors.CairoErrorKind.InvalidOperands, $"offset {offset} in segment {Index} is too large");
        int n = Cells.Length;
        while (n <= offset) n *= 2;
        Array.Resize(ref Cells, n);
        Array.Resize(ref Accessed, n);
    }
}
