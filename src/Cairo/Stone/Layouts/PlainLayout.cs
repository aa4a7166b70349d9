using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>plain</c> layout (<c>cpu_air_definition10</c>): the CPU, memory and 16-bit range check alone, no
/// builtins, 6 + 2 trace columns, 47 constraints. Interaction elements: memory (z, α), range check (z).
/// </summary>
internal sealed class PlainLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static PlainLayout Instance { get; } = new();

    private PlainLayout() : base("plain", traceColumns: 6, interactionColumns: 2, interactionElements: 3, constraints: 47,
        StoneMask.FromColumns(
            [0, 1, 4, 8],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [0, 1],
            [0, 1, 2, 3, 4, 5, 8, 9, 12, 13, 16],
            [0, 1, 2, 3],
            [0, 2, 4, 8, 10, 12, 16, 24],
            [0, 1],
            [0, 2]),
        [], publicMemoryStep: 8)
    {
    }

    // Virtual columns (Stone's cpu_air_definition10.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(3, 16, 0), Instruction: V(3, 16, 1), OpcodeRangeCheck: V(1, 1, 0),
        Off0: V(0, 16, 0), Off1: V(0, 16, 8), Off2: V(0, 16, 4), Ap: V(5, 16, 0), Fp: V(5, 16, 8),
        DstAddr: V(3, 16, 8), Dst: V(3, 16, 9), Op0Addr: V(3, 16, 4), Op0: V(3, 16, 5), Op1Addr: V(3, 16, 12), Op1: V(3, 16, 13),
        OpsMul: V(5, 16, 4), Res: V(5, 16, 12), Tmp0: V(5, 16, 2), Tmp1: V(5, 16, 10));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(3, 2, 0), PoolValue: V(3, 2, 1), SortedAddr: V(4, 2, 0), SortedValue: V(4, 2, 1),
        CumulativeProduct: V(7, 2, 0), PublicMemoryAddr: V(3, 8, 2), PublicMemoryValue: V(3, 8, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(0, 1, 0), Sorted: V(2, 1, 0), CumulativeProduct: V(6, 1, 0));

    /// <inheritdoc/>
    protected override void AddConstraints<T>(StoneConstraintSum<T> sum, Felt[] e)
    {
        CpuComponent.Add(sum, s_cpu);
        MemoryComponent.Add(sum, s_memory, z: e[0], alpha: e[1], publicMemoryStep: PublicMemoryStep);
        RangeCheck16Component.Add(sum, s_rangeCheck16, z: e[2]);
    }

    /// <inheritdoc/>
    internal override CpuColumns CpuColumns => s_cpu;

    /// <inheritdoc/>
    internal override MemoryColumns MemoryColumns => s_memory;

    /// <inheritdoc/>
    internal override RangeCheck16Columns RangeCheck16Columns => s_rangeCheck16;
}
