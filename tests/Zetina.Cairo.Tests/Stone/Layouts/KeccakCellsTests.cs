using Zetina.Stark.Air;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Layouts;

/// <summary>
/// The Keccak domains' folded forms (a whole bit range as one factor, most of it as that factor over the missing
/// bits) must equal the plain product over every cell's row.
/// </summary>
public sealed class KeccakCellsTests
{
    private static StoneCompositionPoint At()
    {
        AnnotatedProof proof = AnnotatedProof.Read("proofs_integrity_fibonacci_layouts", "starknet_with_keccak__cairo0_stone5_keccak_160_lsb_proof.json");
        return proof.At(StarknetWithKeccakLayout.Instance);
    }

    public static TheoryData<int[], ulong> Blocks => new()
    {
        { [0, 5, 23], 1UL },                                   // one bit
        { [3, 800], KeccakCells.BitRange(0, 9) },              // a few bits
        { [0, 1, 32, 33], KeccakCells.BitRange(0, 63) },       // all but the last bit
        { [7, 100, 1023], KeccakCells.AllBits },               // every bit
        { [2], ~((1UL << 0) | (1UL << 1) | (1UL << 3) | (1UL << 63)) },
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_blocks_vanishing_polynomial_is_the_product_over_its_cells(int[] positions, ulong bits)
    {
        StoneCompositionPoint at = At();
        IStoneLayout layout = StarknetWithKeccakLayout.Instance;
        var folded = new StoneConstraintSumAtPoint(layout, at);
        new KeccakCellDomains<FeltValue>(folded).Add(Felt.One, new KeccakCellBlock(positions, bits));

        var plain = new StoneConstraintSumAtPoint(layout, at);
        Felt product = Felt.One;
        foreach (int a in positions)
            for (int k = 0; k < 64; k++)
                if ((bits >> k & 1) != 0) product *= (Felt)plain.Rows((long)KeccakCells.PerInstance * KeccakCells.Rows, (long)(a + KeccakCells.BitStride * k) * KeccakCells.Rows);
        plain.Add(Felt.One, product);

        Assert.Equal(plain.Sum, folded.Sum);
    }

    [Fact]
    public void A_trace_shorter_than_one_instance_is_refused()
    {
        StoneCompositionPoint at = At();
        var shorter = new StoneCompositionPoint
        {
            Point = at.Point, TraceGenerator = at.TraceGenerator * at.TraceGenerator, TraceLength = at.TraceLength / 2, MaskValues = at.MaskValues,
            InteractionElements = at.InteractionElements, ConstraintRandomElement = at.ConstraintRandomElement, PublicInput = at.PublicInput,
        };
        var error = Assert.Throws<InvalidOperationException>(() => new KeccakCellDomains<FeltValue>(new StoneConstraintSumAtPoint(StarknetWithKeccakLayout.Instance, shorter)));
        Assert.Contains("524288", error.Message);
    }
}
