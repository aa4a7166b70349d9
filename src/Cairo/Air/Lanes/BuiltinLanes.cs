namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The builtins this AIR proves in lanes, in trace order: their lanes' columns, memory slots, periodic columns,
/// transition constraints and boundary assertions follow one another in this order, and so do the statement's lane
/// counts (<see cref="CairoTraceShape.LaneCount"/>). A new builtin is a new <see cref="IBuiltinLane"/> and a row here
/// (and, since it changes the statement, its lane count in the shape).
/// </summary>
internal static class BuiltinLanes
{
    /// <summary>pedersen, poseidon, bitwise, ecdsa.</summary>
    public static readonly IReadOnlyList<IBuiltinLane> All = [new PedersenLane(), new PoseidonLane(), new BitwiseLane(), new EcdsaLane()];
}
