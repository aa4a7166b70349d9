using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>recursive_with_poseidon</c> layout (<c>cpu_air_definition12</c>): output, pedersen (1 per 256 steps),
/// range_check (1 per 16), bitwise (1 per 16) and poseidon (1 per 64) builtins, a diluted pool, 6 + 2 trace columns,
/// 124 constraints. Interaction elements as <c>recursive</c>'s.
/// </summary>
internal sealed class RecursiveWithPoseidonLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static RecursiveWithPoseidonLayout Instance { get; } = new();

    private RecursiveWithPoseidonLayout() : base("recursive_with_poseidon", traceColumns: 6, interactionColumns: 2, interactionElements: 6, constraints: 124,
        StoneMask.FromColumns(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 16, 42, 43, 74, 75, 106, 138, 139, 171, 202, 203, 234, 235, 266, 267, 298, 394, 458, 459, 714, 715, 778, 779, 970, 971, 1034, 1035, 2058, 2059, 4106],
            [0, 1, 2, 3],
            [0, 1, 2, 3, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 66, 128, 130, 176, 180, 184, 188, 192, 194, 240, 244, 248, 252],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 44, 76, 108, 140, 172, 204, 236, 1539, 1547, 1571, 1579, 2011, 2019, 2041, 2045, 2047, 2049, 2051, 2053, 4089],
            [0, 1, 2, 4, 6, 8, 9, 10, 12, 14, 16, 17, 22, 24, 25, 30, 33, 38, 41, 46, 49, 54, 57, 65, 73, 81, 89, 97, 105, 137, 169, 201, 393, 409, 425, 457, 473, 489, 521, 553, 585, 609, 625, 641, 657, 673, 689, 905, 921, 937, 969, 982, 985, 998, 1001, 1014],
            [0, 1, 2, 3],
            [0, 1, 2, 5]),
        [StoneBuiltin.Output, new("pedersen", 3, 4096), new("range_check", 1, 256), new("bitwise", 5, 256), new("poseidon", 6, 1024)], publicMemoryStep: 16)
    {
    }

    // Virtual columns (Stone's cpu_air_definition12.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(1, 16, 0), Instruction: V(1, 16, 1), OpcodeRangeCheck: V(0, 1, 0),
        Off0: V(4, 16, 0), Off1: V(4, 16, 8), Off2: V(4, 16, 4), Ap: V(5, 16, 0), Fp: V(5, 16, 8),
        DstAddr: V(1, 16, 8), Dst: V(1, 16, 9), Op0Addr: V(1, 16, 4), Op0: V(1, 16, 5), Op1Addr: V(1, 16, 12), Op1: V(1, 16, 13),
        OpsMul: V(5, 16, 4), Res: V(5, 16, 12), Tmp0: V(5, 16, 2), Tmp1: V(5, 16, 10));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(1, 2, 0), PoolValue: V(1, 2, 1), SortedAddr: V(2, 2, 0), SortedValue: V(2, 2, 1),
        CumulativeProduct: V(6, 2, 0), PublicMemoryAddr: V(1, 16, 2), PublicMemoryValue: V(1, 16, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(4, 4, 0), Sorted: V(4, 4, 2), CumulativeProduct: V(7, 4, 1));

    private static readonly DilutedCheckColumns s_diluted = new(
        Pool: V(3, 2, 0), Sorted: V(3, 2, 1), CumulativeProduct: V(7, 2, 0), CumulativeValue: V(6, 2, 1));

    private static readonly PedersenColumns s_pedersen = new(
        Input0Addr: V(1, 4096, 10), Input0Value: V(1, 4096, 11), Input1Addr: V(1, 4096, 2058), Input1Value: V(1, 4096, 2059),
        OutputAddr: V(1, 4096, 1034), OutputValue: V(1, 4096, 1035),
        Hashes: [new PedersenHashColumns(Selector: V(4, 8, 3), PartialSumX: V(4, 8, 1), PartialSumY: V(4, 8, 5), Slope: V(4, 8, 7),
            ProdOnes196: V(4, 2048, 2047), ProdOnes192: V(5, 2048, 57))]);

    private static readonly RangeCheckBuiltinColumns s_rangeCheck = new(Addr: V(1, 256, 138), Value: V(1, 256, 139), Parts: V(4, 32, 12));

    private static readonly BitwiseColumns s_bitwise = new(
        VarPoolAddr: V(1, 64, 42), VarPoolValue: V(1, 64, 43), XOrYAddr: V(1, 256, 74), XOrYValue: V(1, 256, 75),
        XAndYValue: V(1, 256, 171), XXorYAddr: V(1, 256, 234), XXorYValue: V(1, 256, 235),
        DilutedVarPool: V(3, 4, 0), X: V(3, 4, 0), Y: V(3, 4, 64), XAndY: V(3, 4, 128), XXorY: V(3, 4, 192),
        TrimUnpacking192: V(3, 256, 2), TrimUnpacking193: V(3, 256, 130), TrimUnpacking194: V(3, 256, 66), TrimUnpacking195: V(3, 256, 194));

    private static readonly PoseidonColumns s_poseidon = new(
        ParamAddr: [V(1, 512, 266), V(1, 512, 202), V(1, 512, 458)],
        ParamValue: [V(1, 512, 267), V(1, 512, 203), V(1, 512, 459)],
        FullState: [V(5, 128, 9), V(5, 128, 73), V(5, 128, 41)],
        FullStateSquared: [V(5, 128, 105), V(5, 128, 25), V(5, 128, 89)],
        PartialState: [V(5, 16, 6), V(5, 32, 1)],
        PartialStateSquared: [V(5, 16, 14), V(5, 32, 17)],
        PartialRoundsPartition: [64, 22]);

    private static readonly StoneBuiltinColumns s_builtinColumns = new() { Pedersen = s_pedersen, RangeCheck = s_rangeCheck, Bitwise = s_bitwise, Poseidon = s_poseidon, Diluted = s_diluted };

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
        PoseidonBuiltinComponent.Add(sum, s_poseidon);
    }

    /// <inheritdoc/>
    internal override CpuColumns CpuColumns => s_cpu;

    /// <inheritdoc/>
    internal override MemoryColumns MemoryColumns => s_memory;

    /// <inheritdoc/>
    internal override RangeCheck16Columns RangeCheck16Columns => s_rangeCheck16;
}
