using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Stone's <c>starknet_with_keccak</c> layout (<c>cpu_air_definition8</c>): <c>starknet</c>'s builtins (output,
/// pedersen 1 per 32 steps, range_check 1 per 16, ecdsa 1 per 2048, bitwise 1 per 64, ec_op 1 per 1024, poseidon 1 per
/// 32) and keccak (1 per 2048 steps, 16 invocations per 524288-row instance), a diluted pool, 12 + 3 trace columns,
/// 347 constraints (keccak's 149 between ec_op's and poseidon's). Interaction elements as <c>starknet</c>'s.
/// </summary>
internal sealed class StarknetWithKeccakLayout : StoneCairoLayout
{
    /// <summary>The single instance the layout table lists.</summary>
    public static StarknetWithKeccakLayout Instance { get; } = new();

    private StarknetWithKeccakLayout() : base("starknet_with_keccak", traceColumns: 12, interactionColumns: 3, interactionElements: 6, constraints: 347,
        StoneMask.FromColumns(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            [
                0, 1, 2, 4, 6, 8, 12, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 193, 196, 208, 224, 240, 256, 257, 260, 264,
                449, 512, 513, 516, 520, 704, 705, 720, 736, 752, 768, 769, 770, 772, 774, 776, 780, 960, 961, 976, 992, 1008, 1025, 1026,
                1028, 1030, 1036, 1217, 1281, 1284, 1473, 1537, 1540, 1729, 1793, 1796, 1985, 2049, 2052, 2116, 2180, 2241, 2305, 2308,
                2497, 2561, 2564, 2753, 2817, 2820, 3009, 3073, 3076, 3329, 3332, 3585, 3588, 3652, 3716, 3841, 3844, 3908, 3972, 4097,
                4100, 4353, 4356, 4609, 4612, 4865, 4868, 5121, 5124, 5377, 5380, 5441, 5444, 5505, 5508, 5633, 5636, 5697, 5761, 5889,
                5892, 5953, 6017, 6145, 6148, 6209, 6273, 6401, 6402, 6404, 6406, 6468, 6470, 6532, 6534, 6593, 6594, 6596, 6598, 6658,
                6660, 6722, 6724, 6785, 6786, 6788, 6790, 6977, 6978, 6980, 6982, 7169, 7170, 7172, 7174, 7361, 7362, 7364, 7366, 7553,
                7554, 7556, 7558, 7745, 7746, 7748, 7750, 7937, 7938, 7940, 7942, 8193, 8194, 8198, 8204, 8449, 8705, 10753, 15942, 16900,
                18881, 19137, 19393, 22529, 22593, 22657, 22786, 24577, 24578, 24582, 24588, 24833, 25089, 26369, 30212, 30978, 31169,
                51969, 55937, 57345, 57346, 57350, 57356, 57601, 57857, 68865, 71428, 71942, 73474, 75780, 75844, 75908, 80134, 80198,
                80262, 86273, 89281, 115713, 122244, 122881, 122882, 122886, 122892, 123137, 123393, 127489, 130433, 151041, 155398, 159748,
                162052, 165377, 165380, 170244, 171398, 172801, 175108, 178433, 178434, 192260, 192324, 192388, 195010, 195074, 195138,
                207873, 208388, 208452, 208516, 211396, 211460, 211524, 212740, 225025, 228161, 230657, 230660, 235970, 236930, 253953,
                253954, 253958, 253964, 254209, 254465, 295684, 299009, 301318, 302081, 304132, 309700, 320449, 320705, 320961, 322820,
                325121, 325185, 325249, 325894, 337601, 337857, 338113, 341761, 341825, 341889, 352769, 356868, 358662, 359622, 360705,
                362756, 367044, 367810, 370689, 376388, 381956, 383426, 405764, 407810, 415748, 416196, 445188, 448772, 450753, 451009,
                451265, 455937, 456001, 456065, 463617, 463620, 465348, 466497, 476932, 481538, 502017, 502276, 506306, 507458, 513025,
                513284, 513348, 513412, 514308, 514372, 514436, 515841, 516097, 516098, 516100, 516102, 516108, 516292, 516353, 516356,
                516609, 522498, 522500, 522502, 522690, 522692
            ],
            [0, 1],
            [0, 1, 255, 256, 511],
            [0, 1, 255, 256],
            [0, 1, 192, 193, 196, 197, 251, 252, 256],
            [0, 255],
            [
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16144, 16145, 16146, 16147, 16148, 16149, 16150, 16151, 16160, 16161,
                16162, 16163, 16164, 16165, 16166, 16167, 16176, 16192, 16208, 16224, 16240, 16256, 16272, 16288, 16304, 16320, 16336,
                16352, 16368, 16384, 32768, 65536, 98304, 131072, 163840, 196608, 229376, 262144, 294912, 327680, 360448, 393216, 425984,
                458752, 491520
            ],
            [
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 38, 39, 70, 71, 102, 103, 134, 135, 166, 167, 198, 199, 262, 263, 294, 295, 326,
                358, 359, 390, 391, 422, 423, 454, 518, 711, 902, 903, 966, 967, 1222, 1414, 1415, 2438, 2439, 3462, 3463, 4486, 4487, 5511,
                6534, 6535, 7559, 8582, 8583, 9607, 10630, 10631, 11655, 12678, 12679, 13703, 14726, 14727, 15751, 16774, 16775, 17799,
                19847, 21895, 23943, 24966, 25991, 28039, 30087, 32135, 33158
            ],
            [0, 1, 2, 3],
            [
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 17, 19, 21, 25, 44, 71, 76, 108, 135, 140, 172, 204, 236, 243, 251, 259, 275, 489,
                497, 499, 505, 507, 2055, 2119, 2183, 4103, 4167, 4231, 6403, 6419, 7811, 8003, 8067, 8131, 8195, 8199, 8211, 8435, 8443,
                10247, 12295, 16003, 16195, 24195, 32387, 66307, 66323, 67591, 75783, 75847, 75911, 132611, 132627, 159751, 167943, 179843,
                196419, 196483, 196547, 198915, 198931, 204807, 204871, 204935, 237379, 265219, 265235, 296967, 303111, 321543, 331523,
                331539, 354311, 360455, 384835, 397827, 397843, 409219, 409607, 446471, 458759, 464131, 464147, 482947, 507715, 512007,
                512071, 512135, 516099, 516115, 516339, 516347, 520199
            ],
            [
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 22, 24, 25, 27, 29, 30, 33, 35, 37, 38, 41, 43, 45, 46,
                49, 51, 53, 54, 57, 59, 61, 65, 69, 71, 73, 77, 81, 85, 89, 91, 97, 101, 105, 109, 113, 117, 123, 155, 187, 195, 205, 219,
                221, 237, 245, 253, 269, 301, 309, 310, 318, 326, 334, 342, 350, 451, 461, 477, 493, 501, 509, 12309, 12373, 12565, 12629,
                16085, 16149, 16325, 16331, 16337, 16339, 16355, 16357, 16363, 16369, 16371, 16385, 16417, 32647, 32667, 32715, 32721,
                32731, 32747, 32753, 32763
            ],
            [0, 1],
            [0, 1],
            [0, 1, 2, 5]),
        [StoneBuiltin.Output, new("pedersen", 3, 512), new("range_check", 1, 256), new("ecdsa", 2, 32768), new("bitwise", 5, 1024),
         new("ec_op", 7, 16384), new("keccak", 16, 32768), new("poseidon", 6, 512)], publicMemoryStep: 8)
    {
    }

    // Virtual columns (Stone's cpu_air_definition8.inl, GetTraceGenerationContext).
    private static readonly CpuColumns s_cpu = new(
        Pc: V(8, 16, 0), Instruction: V(8, 16, 1), OpcodeRangeCheck: V(0, 1, 0),
        Off0: V(10, 16, 0), Off1: V(10, 16, 8), Off2: V(10, 16, 4), Ap: V(11, 16, 0), Fp: V(11, 16, 8),
        DstAddr: V(8, 16, 8), Dst: V(8, 16, 9), Op0Addr: V(8, 16, 4), Op0: V(8, 16, 5), Op1Addr: V(8, 16, 12), Op1: V(8, 16, 13),
        OpsMul: V(11, 16, 4), Res: V(11, 16, 12), Tmp0: V(11, 16, 2), Tmp1: V(11, 16, 10));

    private static readonly MemoryColumns s_memory = new(
        PoolAddr: V(8, 2, 0), PoolValue: V(8, 2, 1), SortedAddr: V(9, 2, 0), SortedValue: V(9, 2, 1),
        CumulativeProduct: V(14, 2, 0), PublicMemoryAddr: V(8, 8, 2), PublicMemoryValue: V(8, 8, 3));

    private static readonly RangeCheck16Columns s_rangeCheck16 = new(Pool: V(10, 4, 0), Sorted: V(10, 4, 2), CumulativeProduct: V(14, 4, 1));

    private static readonly DilutedCheckColumns s_diluted = new(
        Pool: V(1, 1, 0), Sorted: V(2, 1, 0), CumulativeProduct: V(13, 1, 0), CumulativeValue: V(12, 1, 0));

    private static readonly PedersenColumns s_pedersen = new(
        Input0Addr: V(8, 512, 6), Input0Value: V(8, 512, 7), Input1Addr: V(8, 512, 262), Input1Value: V(8, 512, 263),
        OutputAddr: V(8, 512, 134), OutputValue: V(8, 512, 135),
        Hashes: [new PedersenHashColumns(Selector: V(5, 1, 0), PartialSumX: V(3, 1, 0), PartialSumY: V(4, 1, 0), Slope: V(6, 1, 0),
            ProdOnes196: V(6, 256, 255), ProdOnes192: V(11, 256, 71))]);

    private static readonly RangeCheckBuiltinColumns s_rangeCheck = new(Addr: V(8, 256, 70), Value: V(8, 256, 71), Parts: V(10, 32, 12));

    private static readonly EcdsaColumns s_ecdsa = new(
        PubkeyAddr: V(8, 32768, 390), PubkeyValue: V(8, 32768, 391), MessageAddr: V(8, 32768, 16774), MessageValue: V(8, 32768, 16775),
        KeyPointsX: V(11, 64, 1), KeyPointsY: V(11, 64, 33), DoublingSlope: V(11, 64, 35),
        GeneratorX: V(11, 128, 27), GeneratorY: V(11, 128, 91), GeneratorSlope: V(11, 128, 123), GeneratorSelector: V(11, 128, 59),
        GeneratorXDiffInv: V(11, 128, 7),
        KeyX: V(11, 64, 17), KeyY: V(11, 64, 49), KeySlope: V(11, 64, 19), KeySelector: V(11, 64, 9), KeyXDiffInv: V(11, 64, 51),
        AddResultsSlope: V(11, 32768, 32763), AddResultsInv: V(11, 32768, 32647), ExtractRSlope: V(11, 32768, 16331),
        ExtractRInv: V(11, 32768, 32715), ZInv: V(11, 32768, 16363), RwInv: V(11, 16384, 16355), QXSquared: V(11, 32768, 32747));

    private static readonly BitwiseColumns s_bitwise = new(
        VarPoolAddr: V(8, 256, 198), VarPoolValue: V(8, 256, 199), XOrYAddr: V(8, 1024, 902), XOrYValue: V(8, 1024, 903),
        XAndYValue: V(8, 1024, 711), XXorYAddr: V(8, 1024, 966), XXorYValue: V(8, 1024, 967),
        DilutedVarPool: V(1, 16, 0), X: V(1, 16, 0), Y: V(1, 16, 256), XAndY: V(1, 16, 512), XXorY: V(1, 16, 768),
        TrimUnpacking192: V(1, 1024, 8), TrimUnpacking193: V(1, 1024, 520), TrimUnpacking194: V(1, 1024, 264), TrimUnpacking195: V(1, 1024, 776));

    private static readonly EcOpColumns s_ecOp = new(
        PXAddr: V(8, 16384, 8582), PXValue: V(8, 16384, 8583), PYAddr: V(8, 16384, 4486), PYValue: V(8, 16384, 4487),
        QXAddr: V(8, 16384, 12678), QXValue: V(8, 16384, 12679), QYAddr: V(8, 16384, 2438), QYValue: V(8, 16384, 2439),
        MAddr: V(8, 16384, 10630), MValue: V(8, 16384, 10631), RXAddr: V(8, 16384, 6534), RXValue: V(8, 16384, 6535),
        RYAddr: V(8, 16384, 14726), RYValue: V(8, 16384, 14727),
        DoubledX: V(11, 64, 41), DoubledY: V(11, 64, 25), DoublingSlope: V(11, 64, 57),
        PartialSumX: V(11, 64, 5), PartialSumY: V(11, 64, 37), Slope: V(11, 64, 11), Selector: V(11, 64, 21), XDiffInv: V(11, 64, 43),
        ProdOnes196: V(11, 16384, 16339), ProdOnes192: V(11, 16384, 16371));

    private static readonly KeccakColumns s_keccak = new(
        InputOutputAddr: V(8, 2048, 1414), InputOutputValue: V(8, 2048, 1415),
        ReshapedIntermediate: V(7, 1, 0), FinalReshapedInput: V(7, 1, 16144),
        CumulativeSum: V(10, 8, 3),
        State: V(1, 8, 4), AfterThetaRhoPi: V(1, 8, 1), ChiIotaAux0: V(1, 8, 2), ChiIotaAux2: V(1, 8, 6),
        Parity:
        [
            [V(1, 8, 6404), V(1, 8, 6402), V(1, 8, 6406), V(1, 8, 6596), V(1, 8, 6594)],
            [V(1, 8, 6598), V(1, 8, 6788), V(1, 8, 6786), V(1, 8, 6790), V(1, 8, 6980)],
            [V(1, 8, 6978), V(1, 8, 6982), V(1, 8, 7172), V(1, 8, 7170), V(1, 8, 7174)],
        ],
        RotatedParity: [V(10, 8, 7), V(10, 8, 8003), V(10, 8, 4103), V(10, 8, 7811), V(10, 8, 2055)],
        ThetaAux:
        [
            [[V(1, 8, 7364)], [V(1, 8, 7362)], [V(1, 8, 7366)], [V(1, 8, 6401)], [V(1, 8, 7556)]],
            [[V(1, 8, 7554)], [V(1, 8, 7558)], [V(1, 8, 6593)], [V(1, 8, 7748)], [V(1, 8, 7746)]],
            [[V(1, 8, 7750)], [V(1, 8, 6785)], [V(1, 8, 7940)], [V(1, 8, 7938)], [V(1, 8, 7942)]],
            [[V(1, 8, 6977)], [V(1, 8, 7169)], [V(1, 8, 7361)], [V(1, 8, 7553)], [V(1, 8, 7745)]],
            [
                [V(1, 8, 7937)],
                [V(1, 8, 193), V(1, 8, 449), V(1, 8, 705)],
                [V(1, 8, 961), V(1, 8, 1217), V(1, 8, 1473)],
                [V(1, 8, 1729), V(1, 8, 1985), V(1, 8, 2241)],
                [V(1, 8, 2497), V(1, 8, 2753), V(1, 8, 3009)],
            ],
        ]);

    private static readonly PoseidonColumns s_poseidon = new(
        ParamAddr: [V(8, 256, 38), V(8, 256, 166), V(8, 256, 102)],
        ParamValue: [V(8, 256, 39), V(8, 256, 167), V(8, 256, 103)],
        FullState: [V(11, 64, 53), V(11, 64, 13), V(11, 64, 45)],
        FullStateSquared: [V(11, 64, 29), V(11, 64, 61), V(11, 64, 3)],
        PartialState: [V(10, 8, 1), V(11, 16, 6)],
        PartialStateSquared: [V(10, 8, 5), V(11, 16, 14)],
        PartialRoundsPartition: [64, 22]);

    private static readonly StoneBuiltinColumns s_builtinColumns = new() { Pedersen = s_pedersen, RangeCheck = s_rangeCheck, Ecdsa = s_ecdsa, Bitwise = s_bitwise, EcOp = s_ecOp, Keccak = s_keccak, Poseidon = s_poseidon, Diluted = s_diluted };

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
        KeccakBuiltinComponent.Add(sum, s_keccak);
        PoseidonBuiltinComponent.Add(sum, s_poseidon);
    }

    /// <inheritdoc/>
    internal override CpuColumns CpuColumns => s_cpu;

    /// <inheritdoc/>
    internal override MemoryColumns MemoryColumns => s_memory;

    /// <inheritdoc/>
    internal override RangeCheck16Columns RangeCheck16Columns => s_rangeCheck16;
}
