using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// Writes every builtin's cells of a layout into the original trace, and the diluted check's interaction columns,
/// exactly as Stone's <c>CpuAir::GetTrace</c> and <c>GetInteractionTrace</c> do: all instances the trace has room
/// for, used ones from the run's memory (and the ecdsa signatures), unused ones with each builtin's dummy input.
/// </summary>
/// <remarks>
/// The order against the trace builder's own steps is Stone's:
/// <list type="number">
/// <item>the CPU component and the public memory;</item>
/// <item><see cref="Fill"/>: pedersen, range_check (its used parts only), ecdsa, bitwise, ec_op, keccak, poseidon in
/// that order, and the diluted pool's finalization and sorted column;</item>
/// <item>the range-check-16 pool's holes, which fill the unused range_check instances' parts;</item>
/// <item>every range_check instance's memory cell from its parts;</item>
/// <item>the memory pool's finalization, the sorted memory and range-check columns;</item>
/// <item>after the interaction elements are drawn, <see cref="FillInteraction"/> beside the memory's and range check's.</item>
/// </list>
/// </remarks>
internal static class StoneBuiltinTraces
{
    /// <summary>
    /// Writes the builtins' cells of <paramref name="layout"/> for <paramref name="run"/> into <paramref name="main"/>,
    /// their memory accesses and 16-bit values into the shared pools' cells. Throws
    /// <see cref="StoneBuiltinInputException"/> when an input cannot be proved (e.g. a range-checked value ≥ 2^128).
    /// </summary>
    public static void Fill(StoneTraceTable main, StoneCairoLayout layout, CairoRun run)
    {
        StoneBuiltinColumns c = layout.BuiltinColumns;
        var w = new BuiltinCellWriter(main, run.Memory);
        AirPublicInput input = run.PublicInput;
        if (c.Pedersen is { } pedersen) PedersenBuiltinTrace.Write(w, pedersen, Begin(input, "pedersen"));
        if (c.RangeCheck is { } rangeCheck) RangeCheckBuiltinTrace.WriteParts(w, rangeCheck, Begin(input, "range_check"));
        if (c.Ecdsa is { } ecdsa) EcdsaBuiltinTrace.Write(w, ecdsa, Begin(input, "ecdsa"), run.EcdsaSignatures);
        DilutedPoolTrace? pool = c.Diluted is { } diluted ? new DilutedPoolTrace(main, diluted) : null;
        if (c.Bitwise is { } bitwise) BitwiseBuiltinTrace.Write(w, bitwise, pool ?? throw MissingPool(layout, "bitwise"), Begin(input, "bitwise"));
        if (c.EcOp is { } ecOp) EcOpBuiltinTrace.Write(w, ecOp, Begin(input, "ec_op"));
        if (c.Keccak is { } keccak) KeccakBuiltinTrace.Write(w, keccak, pool ?? throw MissingPool(layout, "keccak"), Begin(input, "keccak"));
        if (c.Poseidon is { } poseidon) PoseidonBuiltinTrace.Write(w, poseidon, Begin(input, "poseidon"));
        pool?.FillMissingAndSort();
    }

    /// <summary>
    /// Writes the diluted check's interaction columns (running product and cumulative value) for the drawn
    /// <paramref name="elements"/> (the layout's full list: the diluted check's are numbers 3, 4, 5); nothing for a
    /// layout without a diluted pool.
    /// </summary>
    public static void FillInteraction(StoneTraceTable interaction, StoneTraceTable main, StoneCairoLayout layout, Felt[] elements)
    {
        if (layout.BuiltinColumns.Diluted is not { } diluted) return;
        if (elements.Length < 6) throw new ArgumentException($"layout {layout.Name} draws 6 interaction elements, got {elements.Length}", nameof(elements));
        DilutedPoolTrace.WriteInteraction(interaction, main, diluted, permutationZ: elements[3], z: elements[4], alpha: elements[5]);
    }

    private static ulong Begin(AirPublicInput input, string builtin) =>
        input.TryGetSegment(builtin, out MemorySegment segment)
            ? segment.BeginAddr
            : throw new StoneBuiltinInputException($"the public input has no '{builtin}' segment, which layout {input.Layout} requires");

    private static InvalidOperationException MissingPool(StoneCairoLayout layout, string builtin) =>
        new($"layout {layout.Name} has the {builtin} builtin but no diluted pool");
}
