namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the Keccak builtin (Stone's <c>keccak/*</c>): its memory cells (8 input words then 8 output
/// words of 200 bits per invocation), the parse-to-diluted columns that cut those words into diluted bits, and the
/// diluted cells of the 24 rounds. Every round column has step 8 rows ("a cell"); one component instance is
/// 65536 cells, 16 invocations side by side in the diluted form (bit i of invocation v at bit 4·(15 − v)).
/// </summary>
/// <remarks>
/// Cell indices within an instance (<see cref="KeccakBuiltinComponent"/>): lane (i, j) bit k at round slot t is
/// cell t + 32·(j + 5i) + 1024·k in <see cref="State"/>, <see cref="AfterThetaRhoPi"/> and the χ auxiliaries
/// (slot 24 of the state is the output); per-column values (parities, θ auxiliaries) are at t + 1024·k.
/// </remarks>
/// <param name="InputOutputAddr">The memory addresses, one per word, consecutive.</param>
/// <param name="InputOutputValue">The memory values: the 200-bit words.</param>
/// <param name="ReshapedIntermediate">The words regrouped per invocation (input then output, 8 each).</param>
/// <param name="FinalReshapedInput">The words regrouped per instance: invocation v's 16 words at 16·v.</param>
/// <param name="CumulativeSum">
/// The prefixes of the 1600-bit input and output, bit by bit, accumulated over the invocations in base 16: the
/// cell of (copy r ∈ {input, output}, invocation v, bit b = 64w + k) is r + 2v + 32·(w + 32k).
/// </param>
/// <param name="State">The state at the start of each round, diluted (slot 0 the input, slot 24 the output).</param>
/// <param name="AfterThetaRhoPi">The state after θ, ρ and π, diluted.</param>
/// <param name="ChiIotaAux0">Bit 0 of each χ/ι sum (2a + ¬b + c + rc), diluted.</param>
/// <param name="ChiIotaAux2">Bit 2 of each χ/ι sum, diluted.</param>
/// <param name="Parity">[b][j]: bit b of the column sum Σ_i state(i, j) (b = 0 is the parity).</param>
/// <param name="RotatedParity">[j]: the parity of column j rotated by one bit.</param>
/// <param name="ThetaAux">
/// [i][j]: the carry bit of the θ sum that lands on lane (i, j) after π; a few are split in three by round
/// (rounds 0–7, 8–15, 16–23, each part indexed by the round within it).
/// </param>
internal sealed record KeccakColumns(
    StoneVirtualColumn InputOutputAddr,
    StoneVirtualColumn InputOutputValue,
    StoneVirtualColumn ReshapedIntermediate,
    StoneVirtualColumn FinalReshapedInput,
    StoneVirtualColumn CumulativeSum,
    StoneVirtualColumn State,
    StoneVirtualColumn AfterThetaRhoPi,
    StoneVirtualColumn ChiIotaAux0,
    StoneVirtualColumn ChiIotaAux2,
    StoneVirtualColumn[][] Parity,
    StoneVirtualColumn[] RotatedParity,
    StoneVirtualColumn[][][] ThetaAux);
