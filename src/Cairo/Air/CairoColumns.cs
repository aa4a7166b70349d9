namespace Zetina.Cairo.Air;

/// <summary>
/// Column indices of the Cairo AIR's main trace: one row per Cairo step.
/// </summary>
/// <remarks>
/// Fixed CPU columns (the paper §9.2's per-step cells), then a variable tail whose width is set by
/// <see cref="CairoTraceShape"/>:
/// <code>
///  0 pc   1 ap   2 fp   3 inst   4 off_dst~  5 off_op0~  6 off_op1~      (off~ = off + 2^15, in [0, 2^16))
///  7..21  f_0 .. f_14 (one bit per column)
///  22 dst_addr 23 dst 24 op0_addr 25 op0 26 op1_addr 27 op1 28 res 29 t0 30 t1 31 mul
///  then  [range_check builtin columns] [pedersen, poseidon, bitwise, ecdsa lanes] (see CairoTraceShape, Lanes/)
///        k extra memory slots (addr, value)          — public-memory dummies (0,0), holes, fillers
///        4 + k address-sorted memory slots (addr, value)
///        r extra range-check slots                   — holes of [rc_min, rc_max], fillers
///        3 + r sorted range-check slots
/// </code>
/// A row's unsorted memory accesses are (pc, inst), (dst_addr, dst), (op0_addr, op0), (op1_addr, op1) and the
/// k extra slots, plus the builtins' cells; its unsorted range-checked values are the three biased offsets, the r extra
/// slots and the range_check builtin's parts.
/// </remarks>
public static class CairoColumns
{
    /// <summary>Program counter.</summary>
    public const int Pc = 0;
    /// <summary>Allocation pointer.</summary>
    public const int Ap = 1;
    /// <summary>Frame pointer.</summary>
    public const int Fp = 2;
    /// <summary>Instruction word, read from memory at pc.</summary>
    public const int Inst = 3;
    /// <summary>Biased dst offset off_dst + 2^15.</summary>
    public const int OffDst = 4;
    /// <summary>Biased op0 offset.</summary>
    public const int OffOp0 = 5;
    /// <summary>Biased op1 offset.</summary>
    public const int OffOp1 = 6;
    /// <summary>First flag column; flag i is at <c>Flag0 + i</c>.</summary>
    public const int Flag0 = 7;
    /// <summary>Address of dst.</summary>
    public const int DstAddr = 22;
    /// <summary>dst.</summary>
    public const int Dst = 23;
    /// <summary>Address of op0.</summary>
    public const int Op0Addr = 24;
    /// <summary>op0.</summary>
    public const int Op0 = 25;
    /// <summary>Address of op1.</summary>
    public const int Op1Addr = 26;
    /// <summary>op1.</summary>
    public const int Op1 = 27;
    /// <summary>res.</summary>
    public const int Res = 28;
    /// <summary>t0 = f_PC_JNZ · dst.</summary>
    public const int T0 = 29;
    /// <summary>t1 = t0 · res.</summary>
    public const int T1 = 30;
    /// <summary>mul = op0 · op1.</summary>
    public const int Mul = 31;
    /// <summary>Number of fixed CPU columns.</summary>
    public const int CpuWidth = 32;

    /// <summary>Column of flag <paramref name="f"/>.</summary>
    public static int Flag(CairoFlag f) => Flag0 + (int)f;
}
