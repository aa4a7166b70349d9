using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The output builtin: a plain segment the program writes its public output to. Its cells become public memory
/// (page 0) in proof mode; it has no ratio and no private input.
/// </summary>
public sealed class OutputBuiltinRunner(bool included) : BuiltinRunner("output", included, null, 1, 1)
{
    public override long AllocatedInstances(long steps, Memory memory) => 0;

    public override long UsedInstances(Memory memory) => UsedCells(memory);

    public override (long Used, long Size) UsedCellsAndAllocatedSize(long steps, Memory memory)
    {
        long used = UsedCells(memory);
        return (used, used);
    }

    public override Relocatable FinalStack(Memory memory, Relocatable pointer)
    {
        if (!Included)
        {
            StopPtr = 0;
            return pointer;
        }
        Relocatable at = pointer.Add(-1);
        MaybeRelocatable v = memory.Get(at);
        if (!v.IsRelocatable || v.Segment != Base)
            throw new CairoException(CairoErrorKind.RunnerError, $"output: invalid stop pointer at {at} ({v})");
        long used = UsedCells(memory);
        if (v.Offset != used)
            throw new CairoException(CairoErrorKind.RunnerError, $"output: invalid stop pointer, expected {Base}:{used}, found {v}");
        StopPtr = v.Offset;
        return at;
    }

    public override bool HasPrivateInput => false;

    /// <summary>The written output values in order (empty cells are skipped).</summary>
    public List<MaybeRelocatable> Output(Memory memory)
    {
        var list = new List<MaybeRelocatable>();
        foreach (MaybeRelocatable v in memory.Segment(Base).Written) if (!v.IsEmpty) list.Add(v);
        return list;
    }
}
