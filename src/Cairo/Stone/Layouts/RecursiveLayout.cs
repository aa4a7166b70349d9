using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>recursive</c> layout (<c>cpu_air_definition4</c>): output, pedersen (1 per 128 steps), range_check
/// (1 per 8 steps) and bitwise (1 per 8 steps) builtins, a diluted pool of 16-bit values spaced 4 apart, 16 trace rows
/// per step, 7 + 3 trace columns, 93 constraints of degree 2. Interaction elements: memory (z, α), range check (z),
/// diluted permutation (z), diluted cumulative value (z, α).
/// </summary>
internal sealed class RecursiveLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static RecursiveLayout Instance { get; } = new();

    private RecursiveLayout() : base("recursive", traceColumns: 7, interactionColumns: 3, interactionElements: 6, constraints: 93,
        StoneMask.FromColumns(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [0, 1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 33, 64, 65, 88, 90, 92, 94, 96, 97, 120, 122, 124, 126],
            [0, 1],
            [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 16, 26, 27, 42, 43, 58, 74, 75, 91, 122, 123, 154, 202, 522, 523, 1034, 1035, 2058],
            [0, 1, 2, 3],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 28, 44, 60, 76, 92, 108, 124, 1021, 1023, 1025, 1027, 2045],
            [0, 1, 2, 3, 4, 5, 7, 9, 11, 13, 17, 25, 768, 772, 784, 788, 1004, 1008, 1022, 1024],
            [0, 1],
            [0, 1],
            [0, 1, 2, 5]),
        [StoneBuiltin.Output, new("pedersen", 3, 2048), new("range_check", 1, 128), new("bitwise", 5, 128)], publicMemoryStep: 16)
    {
    }

    // Virtual columns (Stone's cpu_air_definition4.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(3, 16, 0), Instruction: V(3, 16, 1), OpcodeRangeCheck: V(0, 1, 0),
        Off0: V(5, 16, 0), Off1: V(5, 16, 8), Off2: V(5, 16, 4), Ap: V(6, 16, 1), Fp: V(6, 16, 9),
        DstAddr: V(3, 16, 8), Dst: V(3, 16, 9), Op0Addr: V(3, 16, 4), Op0: V(3, 16, 5), Op1Addr: V(3, 16, 12), Op1: V(3, 16, 13),
        OpsMul: V(6, 16, 5), Res: V(6, 16, 13), Tmp0: V(6, 16, 3), Tmp1: V(6, 16, 11));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(3, 2, 0), PoolValue: V(3, 2, 1), SortedAddr: V(4, 2, 0), SortedValue: V(4, 2, 1),
        CumulativeProduct: V(9, 2, 0), PublicMemoryAddr: V(3, 16, 2), PublicMemoryValue: V(3, 16, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(5, 4, 0), Sorted: V(5, 4, 2), CumulativeProduct: V(9, 4, 1));

    private static readonly DilutedCheckColumns s_diluted = new(
        Pool: V(1, 1, 0), Sorted: V(2, 1, 0), CumulativeProduct: V(8, 1, 0), CumulativeValue: V(7, 1, 0));

    private static readonly PedersenColumns s_pedersen = new(
        Input0Addr: V(3, 2048, 10), Input0Value: V(3, 2048, 11), Input1Addr: V(3, 2048, 1034), Input1Value: V(3, 2048, 1035),
        OutputAddr: V(3, 2048, 522), OutputValue: V(3, 2048, 523),
        Hashes: [new PedersenHashColumns(Selector: V(6, 4, 0), PartialSumX: V(5, 4, 1), PartialSumY: V(5, 4, 3), Slope: V(6, 4, 2),
            ProdOnes196: V(6, 1024, 1022), ProdOnes192: V(6, 1024, 7))]);

    private static readonly RangeCheckBuiltinColumns s_rangeCheck = new(Addr: V(3, 128, 74), Value: V(3, 128, 75), Parts: V(5, 16, 12));

    private static readonly BitwiseColumns s_bitwise = new(
        VarPoolAddr: V(3, 32, 26), VarPoolValue: V(3, 32, 27), XOrYAddr: V(3, 128, 42), XOrYValue: V(3, 128, 43),
        XAndYValue: V(3, 128, 91), XXorYAddr: V(3, 128, 122), XXorYValue: V(3, 128, 123),
        DilutedVarPool: V(1, 2, 0), X: V(1, 2, 0), Y: V(1, 2, 32), XAndY: V(1, 2, 64), XXorY: V(1, 2, 96),
        TrimUnpacking192: V(1, 128, 1), TrimUnpacking193: V(1, 128, 65), TrimUnpacking194: V(1, 128, 33), TrimUnpacking195: V(1, 128, 97));

    private static readonly StoneBuiltinColumns s_builtinColumns = new() { Pedersen = s_pedersen, RangeCheck = s_rangeCheck, Bitwise = s_bitwise, Diluted = s_diluted };

    /// <inheritdoc/>
    internal override StoneBuiltinColumns BuiltinColumns => s_builtinColumns;

    /// <inheritdoc/>
    protected override void AddConstraints<T>(StoneConstraintSum<T> sum, Felt[] e)
    {
        CpuComponent.Add(sum, s_cpu);
        MemoryComponent.Add(sum, s_memory, z: e[0], alpha: e[1], publicMemoryStep: PublicMemoryStep);
        RangeCheck16Component.Add(sum, s_rangeCheck16, z: e[2]);
        DilutedCheckComponent.Add(sum, s_diluted, permutationZ: e[3], z: e[4], alpha: e[5], spacing: 4, bits: 16);
        PedersenBuiltinComponent.Add(sum, s_pedersen);
        RangeCheckBuiltinComponent.Add(sum, s_rangeCheck);
        BitwiseBuiltinComponent.Add(sum, s_bitwise);
    }

    /// <inheritdoc/>
    internal override CpuColumns CpuColumns => s_cpu;

    /// <inheritdoc/>
    internal override MemoryColumns MemoryColumns => s_memory;

    /// <inheritdoc/>
    internal override RangeCheck16Columns RangeCheck16Columns => s_rangeCheck16;
}
