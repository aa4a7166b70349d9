using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>starknet</c> layout (<c>cpu_air_definition6</c>): output, pedersen (1 per 32 steps), range_check
/// (1 per 16), ecdsa (1 per 2048), bitwise (1 per 64), ec_op (1 per 1024) and poseidon (1 per 32) builtins, a diluted
/// pool, 9 + 1 trace columns, 198 constraints. Interaction elements as <c>recursive</c>'s.
/// </summary>
internal sealed class StarknetLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static StarknetLayout Instance { get; } = new();

    private StarknetLayout() : base("starknet", traceColumns: 9, interactionColumns: 1, interactionElements: 6, constraints: 198,
        StoneMask.FromColumns(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [0, 1, 255, 256, 511],
            [0, 1, 255, 256],
            [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 255],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 38, 39, 70, 71, 102, 103, 134, 135, 166, 167, 198, 199, 262, 263, 294, 295, 326, 358, 359, 390, 391, 422, 423, 454, 518, 711, 902, 903, 966, 967, 1222, 2438, 2439, 4486, 4487, 6534, 6535, 8582, 8583, 10630, 10631, 12678, 12679, 14726, 14727, 16774, 16775, 24966, 33158],
            [0, 1, 2, 3],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 17, 19, 23, 27, 33, 44, 49, 65, 76, 81, 97, 108, 113, 129, 140, 145, 161, 172, 177, 193, 204, 209, 225, 236, 241, 257, 265, 491, 499, 507, 513, 521, 705, 721, 737, 753, 769, 777, 961, 977, 993, 1009],
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 22, 24, 25, 27, 29, 30, 33, 35, 37, 38, 41, 43, 45, 46, 49, 51, 53, 54, 57, 59, 61, 65, 69, 71, 73, 77, 81, 85, 89, 91, 97, 101, 105, 109, 113, 117, 123, 155, 187, 195, 205, 219, 221, 237, 245, 253, 269, 301, 309, 310, 318, 326, 334, 342, 350, 451, 461, 477, 493, 501, 509, 12309, 12373, 12565, 12629, 16085, 16149, 16325, 16331, 16337, 16339, 16355, 16357, 16363, 16369, 16371, 16385, 16417, 32647, 32667, 32715, 32721, 32731, 32747, 32753, 32763],
            [0, 1, 2, 3, 5, 7, 11, 15]),
        [StoneBuiltin.Output, new("pedersen", 3, 512), new("range_check", 1, 256), new("ecdsa", 2, 32768), new("bitwise", 5, 1024),
         new("ec_op", 7, 16384), new("poseidon", 6, 512)], publicMemoryStep: 8)
    {
    }

    // Virtual columns (Stone's cpu_air_definition6.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(5, 16, 0), Instruction: V(5, 16, 1), OpcodeRangeCheck: V(0, 1, 0),
        Off0: V(7, 16, 0), Off1: V(7, 16, 8), Off2: V(7, 16, 4), Ap: V(8, 16, 0), Fp: V(8, 16, 8),
        DstAddr: V(5, 16, 8), Dst: V(5, 16, 9), Op0Addr: V(5, 16, 4), Op0: V(5, 16, 5), Op1Addr: V(5, 16, 12), Op1: V(5, 16, 13),
        OpsMul: V(8, 16, 4), Res: V(8, 16, 12), Tmp0: V(8, 16, 2), Tmp1: V(8, 16, 10));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(5, 2, 0), PoolValue: V(5, 2, 1), SortedAddr: V(6, 2, 0), SortedValue: V(6, 2, 1),
        CumulativeProduct: V(9, 2, 0), PublicMemoryAddr: V(5, 8, 2), PublicMemoryValue: V(5, 8, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(7, 4, 0), Sorted: V(7, 4, 2), CumulativeProduct: V(9, 4, 1));

    private static readonly DilutedCheckColumns s_diluted = new(
        Pool: V(7, 8, 1), Sorted: V(7, 8, 5), CumulativeProduct: V(9, 8, 7), CumulativeValue: V(9, 8, 3));

    private static readonly PedersenColumns s_pedersen = new(
        Input0Addr: V(5, 512, 6), Input0Value: V(5, 512, 7), Input1Addr: V(5, 512, 262), Input1Value: V(5, 512, 263),
        OutputAddr: V(5, 512, 134), OutputValue: V(5, 512, 135),
        Hashes: [new PedersenHashColumns(Selector: V(3, 1, 0), PartialSumX: V(1, 1, 0), PartialSumY: V(2, 1, 0), Slope: V(4, 1, 0),
            ProdOnes196: V(4, 256, 255), ProdOnes192: V(8, 256, 71))]);

    private static readonly RangeCheckBuiltinColumns s_rangeCheck = new(Addr: V(5, 256, 70), Value: V(5, 256, 71), Parts: V(7, 32, 12));

    private static readonly EcdsaColumns s_ecdsa = new(
        PubkeyAddr: V(5, 32768, 390), PubkeyValue: V(5, 32768, 391), MessageAddr: V(5, 32768, 16774), MessageValue: V(5, 32768, 16775),
        KeyPointsX: V(8, 64, 1), KeyPointsY: V(8, 64, 33), DoublingSlope: V(8, 64, 35),
        GeneratorX: V(8, 128, 27), GeneratorY: V(8, 128, 91), GeneratorSlope: V(8, 128, 123), GeneratorSelector: V(8, 128, 59),
        GeneratorXDiffInv: V(8, 128, 7),
        KeyX: V(8, 64, 17), KeyY: V(8, 64, 49), KeySlope: V(8, 64, 19), KeySelector: V(8, 64, 9), KeyXDiffInv: V(8, 64, 51),
        AddResultsSlope: V(8, 32768, 32763), AddResultsInv: V(8, 32768, 32647), ExtractRSlope: V(8, 32768, 16331),
        ExtractRInv: V(8, 32768, 32715), ZInv: V(8, 32768, 16363), RwInv: V(8, 16384, 16355), QXSquared: V(8, 32768, 32747));

    private static readonly BitwiseColumns s_bitwise = new(
        VarPoolAddr: V(5, 256, 198), VarPoolValue: V(5, 256, 199), XOrYAddr: V(5, 1024, 902), XOrYValue: V(5, 1024, 903),
        XAndYValue: V(5, 1024, 711), XXorYAddr: V(5, 1024, 966), XXorYValue: V(5, 1024, 967),
        DilutedVarPool: V(7, 16, 1), X: V(7, 16, 1), Y: V(7, 16, 257), XAndY: V(7, 16, 513), XXorY: V(7, 16, 769),
        TrimUnpacking192: V(7, 1024, 9), TrimUnpacking193: V(7, 1024, 521), TrimUnpacking194: V(7, 1024, 265), TrimUnpacking195: V(7, 1024, 777));

    private static readonly EcOpColumns s_ecOp = new(
        PXAddr: V(5, 16384, 8582), PXValue: V(5, 16384, 8583), PYAddr: V(5, 16384, 4486), PYValue: V(5, 16384, 4487),
        QXAddr: V(5, 16384, 12678), QXValue: V(5, 16384, 12679), QYAddr: V(5, 16384, 2438), QYValue: V(5, 16384, 2439),
        MAddr: V(5, 16384, 10630), MValue: V(5, 16384, 10631), RXAddr: V(5, 16384, 6534), RXValue: V(5, 16384, 6535),
        RYAddr: V(5, 16384, 14726), RYValue: V(5, 16384, 14727),
        DoubledX: V(8, 64, 41), DoubledY: V(8, 64, 25), DoublingSlope: V(8, 64, 57),
        PartialSumX: V(8, 64, 5), PartialSumY: V(8, 64, 37), Slope: V(8, 64, 11), Selector: V(8, 64, 21), XDiffInv: V(8, 64, 43),
        ProdOnes196: V(8, 16384, 16339), ProdOnes192: V(8, 16384, 16371));

    private static readonly PoseidonColumns s_poseidon = new(
        ParamAddr: [V(5, 256, 38), V(5, 256, 166), V(5, 256, 102)],
        ParamValue: [V(5, 256, 39), V(5, 256, 167), V(5, 256, 103)],
        FullState: [V(8, 64, 53), V(8, 64, 13), V(8, 64, 45)],
        FullStateSquared: [V(8, 64, 29), V(8, 64, 61), V(8, 64, 3)],
        PartialState: [V(7, 8, 3), V(8, 16, 6)],
        PartialStateSquared: [V(7, 8, 7), V(8, 16, 14)],
        PartialRoundsPartition: [64, 22]);

    private static readonly StoneBuiltinColumns s_builtinColumns = new() { Pedersen = s_pedersen, RangeCheck = s_rangeCheck, Ecdsa = s_ecdsa, Bitwise = s_bitwise, EcOp = s_ecOp, Poseidon = s_poseidon, Diluted = s_diluted };

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
        EcdsaBuiltinComponent.Add(sum, s_ecdsa);
        BitwiseBuiltinComponent.Add(sum, s_bitwise);
        EcOpBuiltinComponent.Add(sum, s_ecOp);
        PoseidonBuiltinComponent.Add(sum, s_poseidon);
    }

    /// <inheritdoc/>
    internal override CpuColumns CpuColumns => s_cpu;

    /// <inheritdoc/>
    internal override MemoryColumns MemoryColumns => s_memory;

    /// <inheritdoc/>
    internal override RangeCheck16Columns RangeCheck16Columns => s_rangeCheck16;
}
