using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>dex</c> layout (<c>cpu_air_definition1</c>): the <c>small</c> layout's builtins and ratios (output,
/// pedersen 1 per 8 steps in 4 hashes, range_check 1 per 8 steps, ecdsa 1 per 512 steps) packed into 21 + 1 trace
/// columns, 4 range-check units per step instead of 16; 179 constraints. Interaction elements: memory (z, α),
/// range check (z).
/// </summary>
internal sealed class DexLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static DexLayout Instance { get; } = new();

    private DexLayout() : base("dex", traceColumns: 21, interactionColumns: 1, interactionElements: 3, constraints: 179,
        StoneMask.FromColumns(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 1, 255, 256, 511], [0, 1, 255, 256], [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 255], [0, 255], [0, 255], [0, 255],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 22, 23, 38, 39, 70, 71, 102, 103, 134, 135, 167, 199, 230, 263, 295, 327, 391, 423, 455, 4118, 4119, 8214],
            [0, 1, 2, 3],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 17, 23, 25, 28, 31, 44, 60, 76, 92, 108, 124, 4103, 4111],
            [0, 1, 2, 4, 6, 8, 10, 12, 14, 16, 17, 20, 22, 24, 30, 38, 46, 54, 81, 145, 209, 4080, 4082, 4088, 4090, 4092, 8161, 8166, 8176, 8178, 8182, 8184, 8186, 8190],
            [0, 1, 2, 5]),
        [StoneBuiltin.Output, new("pedersen", 3, 128), new("range_check", 1, 128), new("ecdsa", 2, 8192)], publicMemoryStep: 8)
    {
    }

    // Virtual columns (Stone's cpu_air_definition1.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(17, 16, 0), Instruction: V(17, 16, 1), OpcodeRangeCheck: V(0, 1, 0),
        Off0: V(19, 16, 0), Off1: V(19, 16, 8), Off2: V(19, 16, 4), Ap: V(19, 16, 1), Fp: V(19, 16, 9),
        DstAddr: V(17, 16, 8), Dst: V(17, 16, 9), Op0Addr: V(17, 16, 4), Op0: V(17, 16, 5), Op1Addr: V(17, 16, 12), Op1: V(17, 16, 13),
        OpsMul: V(19, 16, 5), Res: V(19, 16, 13), Tmp0: V(19, 16, 3), Tmp1: V(19, 16, 11));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(17, 2, 0), PoolValue: V(17, 2, 1), SortedAddr: V(18, 2, 0), SortedValue: V(18, 2, 1),
        CumulativeProduct: V(21, 2, 0), PublicMemoryAddr: V(17, 8, 2), PublicMemoryValue: V(17, 8, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(19, 4, 0), Sorted: V(19, 4, 2), CumulativeProduct: V(21, 4, 1));

    private static PedersenHashColumns Hash(int x, int y, int selector, int slope, int prod196Column, int prod196Offset, int prod192Column, int prod192Offset) =>
        new(Selector: V(selector, 1, 0), PartialSumX: V(x, 1, 0), PartialSumY: V(y, 1, 0), Slope: V(slope, 1, 0),
            ProdOnes196: V(prod196Column, 256, prod196Offset), ProdOnes192: V(prod192Column, 256, prod192Offset));

    private static readonly PedersenColumns s_pedersen = new(
        Input0Addr: V(17, 128, 6), Input0Value: V(17, 128, 7), Input1Addr: V(17, 128, 70), Input1Value: V(17, 128, 71),
        OutputAddr: V(17, 128, 38), OutputValue: V(17, 128, 39),
        Hashes:
        [
            Hash(1, 2, 3, 13, 13, 255, 14, 255),
            Hash(4, 5, 6, 14, 15, 255, 16, 255),
            Hash(7, 8, 9, 15, 20, 17, 20, 145),
            Hash(10, 11, 12, 16, 20, 81, 20, 209),
        ]);

    private static readonly RangeCheckBuiltinColumns s_rangeCheck = new(Addr: V(17, 128, 102), Value: V(17, 128, 103), Parts: V(19, 16, 12));

    private static readonly EcdsaColumns s_ecdsa = new(
        PubkeyAddr: V(17, 8192, 22), PubkeyValue: V(17, 8192, 23), MessageAddr: V(17, 8192, 4118), MessageValue: V(17, 8192, 4119),
        KeyPointsX: V(19, 16, 7), KeyPointsY: V(19, 16, 15), DoublingSlope: V(20, 16, 12),
        GeneratorX: V(20, 32, 6), GeneratorY: V(20, 32, 22), GeneratorSlope: V(20, 32, 30), GeneratorSelector: V(20, 32, 14),
        GeneratorXDiffInv: V(20, 32, 1),
        KeyX: V(20, 16, 0), KeyY: V(20, 16, 8), KeySlope: V(20, 16, 2), KeySelector: V(20, 16, 4), KeyXDiffInv: V(20, 16, 10),
        AddResultsSlope: V(20, 8192, 8190), AddResultsInv: V(20, 8192, 8161), ExtractRSlope: V(20, 8192, 4082),
        ExtractRInv: V(20, 8192, 8178), ZInv: V(20, 8192, 4090), RwInv: V(20, 4096, 4092), QXSquared: V(20, 8192, 8186));

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
