namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The builtins this AIR proves in lanes, in trace order: their lanes' columns, memory slots, periodic columns,
/// transition constraints and boundary assertions follow one another in this order, and so do the statement's lane
/// counts (<see cref="CairoTraceShape.LaneBuiltins"/>, by name). A new builtin is a new <see cref="IBuiltinLane"/> and
/// a row here; since its lane count joins the statement, a row here changes the proof format's statement.
/// </summary>
internal static class BuiltinLanes
{
    /// <summary>pedersen, poseidon, bitwise, ecdsa, range_check96, ec_op, add_mod, mul_mod, keccak.</summary>
    public static readonly IReadOnlyList<IBuiltinLane> All = [new PedersenLane(), new PoseidonLane(), new BitwiseLane(), new EcdsaLane(), new RangeCheck96Lane(), new EcOpLane(), new ModLane(ModOperation.Add), new ModLane(ModOperation.Mul), new KeccakLane()];
}
