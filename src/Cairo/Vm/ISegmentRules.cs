namespace Zetina.Cairo.Vm;

/// <summary>
/// What the owner of a segment does when the VM touches it: check each value written (cairo-vm's validation rules,
/// e.g. a range_check cell below 2^128) and compute a cell the program reads before anyone wrote it (auto-deduction,
/// e.g. a pedersen output from its inputs). The builtins implement it; the VM knows only this contract, so the
/// machine does not depend on the builtins that run on it.
/// </summary>
public interface ISegmentRules
{
    /// <summary>Checks <paramref name="value"/> written at <paramref name="offset"/>; throws a <see cref="Errors.CairoException"/> when it is not allowed.</summary>
    void Validate(MemorySegment segment, long offset, in MaybeRelocatable value);

    /// <summary>The value of the cell at <paramref name="offset"/> when it follows from cells already written; false when it does not (yet).</summary>
    bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value);
}
