using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>small</c> layout (<c>cpu_air_definition0</c>): output, pedersen (1 per 8 steps, 4 hashes side by side),
/// range_check (1 per 8 steps) and ecdsa (1 per 512 steps) builtins, no diluted pool, 23 + 2 trace columns,
/// 179 constraints. Interaction elements: memory (z, α), range check (z).
/// </summary>
internal sealed class SmallLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static SmallLayout Instance { get; } = new();

    private SmallLayout() : base("small", traceColumns: 23, interactionColumns: 2, interactionElements: 3, constraints: 179,
        StoneMask.FromColumns(
            [0, 1, 4, 8, 12, 28, 44, 60, 76, 92, 108, 124],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [0, 1],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 255], [0, 255], [0, 255], [0, 255],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 22, 23, 38, 39, 70, 71, 102, 103, 134, 135, 167, 199, 230, 263, 295, 327, 391, 423, 455, 4118, 4119, 8214],
            [0, 1, 2, 3],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 30, 31, 39, 47, 55, 4081, 4083, 4089, 4091, 4093, 4102, 4110, 8167, 8177, 8179, 8183, 8185, 8187, 8191],
            [0, 16, 80, 144, 208, 8160],
            [0, 1],
            [0, 2]),
        [StoneBuiltin.Output, new("pedersen", 3, 128), new("range_check", 1, 128), new("ecdsa", 2, 8192)], publicMemoryStep: 8)
    {
    }

    // Virtual columns (Stone's cpu_air_definition0.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(19, 16, 0), Instruction: V(19, 16, 1), OpcodeRangeCheck: V(1, 1, 0),
        Off0: V(0, 16, 0), Off1: V(0, 16, 8), Off2: V(0, 16, 4), Ap: V(21, 16, 0), Fp: V(21, 16, 8),
        DstAddr: V(19, 16, 8), Dst: V(19, 16, 9), Op0Addr: V(19, 16, 4), Op0: V(19, 16, 5), Op1Addr: V(19, 16, 12), Op1: V(19, 16, 13),
        OpsMul: V(21, 16, 4), Res: V(21, 16, 12), Tmp0: V(21, 16, 2), Tmp1: V(21, 16, 10));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(19, 2, 0), PoolValue: V(19, 2, 1), SortedAddr: V(20, 2, 0), SortedValue: V(20, 2, 1),
        CumulativeProduct: V(24, 2, 0), PublicMemoryAddr: V(19, 8, 2), PublicMemoryValue: V(19, 8, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(0, 1, 0), Sorted: V(2, 1, 0), CumulativeProduct: V(23, 1, 0));

    private static PedersenHashColumns Hash(int x, int y, int selector, int slope, int prod196Column, int prod196Offset, int prod192Column, int prod192Offset) =>
        new(Selector: V(selector, 1, 0), PartialSumX: V(x, 1, 0), PartialSumY: V(y, 1, 0), Slope: V(slope, 1, 0),
            ProdOnes196: V(prod196Column, 256, prod196Offset), ProdOnes192: V(prod192Column, 256, prod192Offset));

    private static readonly PedersenColumns s_pedersen = new(
        Input0Addr: V(19, 128, 6), Input0Value: V(19, 128, 7), Input1Addr: V(19, 128, 70), Input1Value: V(19, 128, 71),
        OutputAddr: V(19, 128, 38), OutputValue: V(19, 128, 39),
        Hashes:
        [
            Hash(3, 4, 5, 15, 15, 255, 16, 255),
            Hash(6, 7, 8, 16, 17, 255, 18, 255),
            Hash(9, 10, 11, 17, 22, 16, 22, 144),
            Hash(12, 13, 14, 18, 22, 80, 22, 208),
        ]);

    private static readonly RangeCheckBuiltinColumns s_rangeCheck = new(Addr: V(19, 128, 102), Value: V(19, 128, 103), Parts: V(0, 16, 12));

    private static readonly EcdsaColumns s_ecdsa = new(
        PubkeyAddr: V(19, 8192, 22), PubkeyValue: V(19, 8192, 23), MessageAddr: V(19, 8192, 4118), MessageValue: V(19, 8192, 4119),
        KeyPointsX: V(21, 16, 6), KeyPointsY: V(21, 16, 14), DoublingSlope: V(21, 16, 13),
        GeneratorX: V(21, 32, 7), GeneratorY: V(21, 32, 23), GeneratorSlope: V(21, 32, 31), GeneratorSelector: V(21, 32, 15),
        GeneratorXDiffInv: V(22, 32, 0),
        KeyX: V(21, 16, 1), KeyY: V(21, 16, 9), KeySlope: V(21, 16, 3), KeySelector: V(21, 16, 5), KeyXDiffInv: V(21, 16, 11),
        AddResultsSlope: V(21, 8192, 8191), AddResultsInv: V(22, 8192, 8160), ExtractRSlope: V(21, 8192, 4083),
        ExtractRInv: V(21, 8192, 8179), ZInv: V(21, 8192, 4091), RwInv: V(21, 4096, 4093), QXSquared: V(21, 8192, 8187));

    private static readonly StoneBuiltinColumns s_builtinColumns = new() { Pedersen = s_pedersen, RangeCheck = s_rangeCheck, Ecdsa = s_ecdsa };

    /// <inheritdoc/>
    internal override StoneBuiltinColumns BuiltinColumns => s_builtinColumns;

    /// <inheritdoc/>
    protected override void AddConstraints<T>(StoneConstraintSum<T> sum, Felt[] e)
    {
        CpuComponent.Add(sum, s_cpu);
        MemoryComponent.Add(sum, s_memory, z: e[0], alpha: e[1], publicMemoryStep: PublicMemoryStep);
        RangeCheck16Component.Add(sum, s_rangeCheck16, z: e[2]);
        PedersenBuiltinComponent.Add(sum, s_pedersen);
        RangeCheckBuiltinComponent.Add(sum, s_rangeCheck);
        EcdsaBuiltinComponent.Add(sum, s_ecdsa);
    }

    /// <inheritdoc/>
    internal override CpuColumns CpuColumns => s_cpu;

    /// <inheritdoc/>
    internal override MemoryColumns MemoryColumns => s_memory;

    /// <inheritdoc/>
    internal override RangeCheck16Columns RangeCheck16Columns => s_rangeCheck16;
}
