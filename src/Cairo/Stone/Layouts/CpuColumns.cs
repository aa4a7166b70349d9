namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the CPU component's virtual columns (Stone's names under <c>cpu/</c>): one Cairo step every
/// <see cref="StoneVirtualColumn.Step"/> rows of <see cref="Pc"/>, the 16 flag-prefix cells of the instruction in
/// <see cref="OpcodeRangeCheck"/>, the three offsets in the 16-bit range-check pool.
/// </summary>
internal sealed record CpuColumns(
    StoneVirtualColumn Pc,
    StoneVirtualColumn Instruction,
    StoneVirtualColumn OpcodeRangeCheck,
    StoneVirtualColumn Off0,
    StoneVirtualColumn Off1,
    StoneVirtualColumn Off2,
    StoneVirtualColumn Ap,
    StoneVirtualColumn Fp,
    StoneVirtualColumn DstAddr,
    StoneVirtualColumn Dst,
    StoneVirtualColumn Op0Addr,
    StoneVirtualColumn Op0,
    StoneVirtualColumn Op1Addr,
    StoneVirtualColumn Op1,
    StoneVirtualColumn OpsMul,
    StoneVirtualColumn Res,
    StoneVirtualColumn Tmp0,
    StoneVirtualColumn Tmp1);
