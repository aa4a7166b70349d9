using System.Runtime.CompilerServices;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Vm;

/// <summary>
/// A memory cell's value: either a field element or a <see cref="Relocatable"/> address; the default value is
/// the empty (never written) cell.
/// </summary>
/// <remarks>
/// 40 bytes: the felt and one tag word. Tag layout (the same packing the Cairo PIE memory file uses for
/// relocatable values):
/// <code>
///   tag = 0                      empty cell
///   tag = 1                      field element (in Felt)
///   tag = 1&lt;&lt;63 | seg&lt;&lt;47 | off   relocatable: segment in bits 47..62, offset in bits 0..46
/// </code>
/// Keeping both kinds in one unmanaged struct lets memory be a flat array per segment with no boxing.
/// </remarks>
public readonly struct MaybeRelocatable : IEquatable<MaybeRelocatable>
{
    private const ulong RelocFlag = 1UL << 63;
    private const ulong OffsetMask = (1UL << 47) - 1;
    private const ulong FeltTag = 1;

    private readonly Felt _felt;
    private readonly ulong _tag;

    private MaybeRelocatable(in Felt felt, ulong tag)
    {
        _felt = felt;
        _tag = tag;
    }

    /// <summary>A field element value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MaybeRelocatable FromFelt(in Felt f) => new(f, FeltTag);

    /// <summary>A relocatable value; the segment must lie in [−2^15, 2^15) (negative: a temporary segment) and the offset in [0, 2^47).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MaybeRelocatable FromRelocatable(Relocatable r) =>
        new(default, RelocFlag | ((ulong)(uint)r.Segment << 47) | ((ulong)r.Offset & OffsetMask));

    /// <summary>A relocatable value from its parts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MaybeRelocatable FromRelocatable(int segment, long offset) =>
        new(default, RelocFlag | ((ulong)(uint)segment << 47) | ((ulong)offset & OffsetMask));

    public static implicit operator MaybeRelocatable(Felt f) => FromFelt(f);

    public static implicit operator MaybeRelocatable(Relocatable r) => FromRelocatable(r);

    /// <summary>True for the default value (an unwritten memory cell).</summary>
    public bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _tag == 0;
    }

    /// <summary>True when the value is a field element.</summary>
    public bool IsFelt
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _tag == FeltTag;
    }

    /// <summary>True when the value is an address.</summary>
    public bool IsRelocatable
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_tag & RelocFlag) != 0;
    }

    /// <summary>The field element; only meaningful when <see cref="IsFelt"/>.</summary>
    public Felt Felt
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _felt;
    }

    /// <summary>
    /// The segment of a relocatable value: the 16-bit field read as signed, so temporary segments (−1, −2, …) round-trip
    /// and real segments lie in [0, 2^15).
    /// </summary>
    public int Segment
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (short)(ushort)(_tag >> 47);
    }

    /// <summary>The offset of a relocatable value.</summary>
    public long Offset
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (long)(_tag & OffsetMask);
    }

    /// <summary>The address; only meaningful when <see cref="IsRelocatable"/>.</summary>
    public Relocatable Relocatable => new(Segment, Offset);

    /// <summary>The raw tag word (see remarks), used by the PIE writer.</summary>
    internal ulong Tag => _tag;

    public bool Equals(MaybeRelocatable other) => _tag == other._tag && _felt == other._felt;

    public override bool Equals(object? obj) => obj is MaybeRelocatable m && Equals(m);

    public override int GetHashCode() => HashCode.Combine(_tag, _felt);

    public static bool operator ==(MaybeRelocatable a, MaybeRelocatable b) => a.Equals(b);

    public static bool operator !=(MaybeRelocatable a, MaybeRelocatable b) => !a.Equals(b);

    /// <summary>Felts in 0x-hex, addresses as <c>segment:offset</c>, empty as <c>&lt;empty&gt;</c>.</summary>
    public override string ToString() => IsEmpty ? "<empty>" : IsFelt ? _felt.ToHexString() : Relocatable.ToString();
}
