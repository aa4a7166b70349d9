using Zetina.Cairo.Errors;

namespace Zetina.Cairo.Vm;

/// <summary>
/// res and the deduced operands of a QM31 instruction: op0 and op1 are felts holding packed QM31 elements
/// (<see cref="Qm31"/>), res is their sum or product in QM31, and the result is packed back (cairo-vm 2.x
/// <c>typed_add</c>, <c>typed_mul</c>, <c>typed_sub</c>, <c>typed_div</c>).
/// </summary>
internal static class Qm31Arithmetic
{
    /// <summary>op0 + op1 or op0 · op1 in QM31.</summary>
    public static MaybeRelocatable Res(ResLogic logic, in MaybeRelocatable op0, in MaybeRelocatable op1, Relocatable pc)
    {
        Qm31 x = Unpack(op0, pc, "op0"), y = Unpack(op1, pc, "op1");
        return MaybeRelocatable.FromFelt((logic == ResLogic.Add ? x + y : x * y).Pack());
    }

    /// <summary>The unknown operand from dst = known ∘ unknown: dst − known, or dst / known (a zero known is an error).</summary>
    public static MaybeRelocatable Inverse(ResLogic logic, in MaybeRelocatable dst, in MaybeRelocatable known, Relocatable pc, string unknown)
    {
        Qm31 d = Unpack(dst, pc, "dst"), k = Unpack(known, pc, unknown == "op0" ? "op1" : "op0");
        if (logic == ResLogic.Add) return MaybeRelocatable.FromFelt((d - k).Pack());
        if (k.IsZero) throw VirtualMachine.Operands(pc, $"cannot deduce {unknown} of a QM31 product: the other factor is zero");
        return MaybeRelocatable.FromFelt((d / k).Pack());
    }

    private static Qm31 Unpack(in MaybeRelocatable value, Relocatable pc, string what)
    {
        if (value.IsFelt && Qm31.TryUnpack(value.Felt, out Qm31 q)) return q;
        throw VirtualMachine.Operands(pc, $"QM31 instruction: {what} {value} is not a packed QM31 element (four coordinates below 2^31 − 1 in 36-bit slots)");
    }
}
