namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The builtins this AIR proves in lanes, in trace order: their lanes' columns, memory slots, periodic columns,
/// transition constraints and boundary assertions follow one another in this order, and so do the statement's lane
/// counts (<see cref="CairoTraceShape.LaneBuiltins"/>, by name). A new builtin is a new <see cref="IBuiltinLane"/> and
/// a row here; since its lane count joins the statement, a row here changes the proof format's statement.
/// </summary>
internal static class BuiltinLanes
{
    /// <summary>pedersen, poseidon, bitwise, ecdsa, range_check96, ec_op, keccak.</summary>
    public static readonly IReadOnlyList<IBuiltinLane> All = [new PedersenLane(), new PoseidonLane(), new BitwiseLane(), new EcdsaLane(), new RangeCheck96Lane(), new EcOpLane(), new KeccakLane()];

    /// <summary>
    /// The entries every statement states, used or not (the table of proof format 3). A later entry is stated only
    /// when the run uses it, so the statement and the proof document of a run that does not are what they were
    /// before the entry joined the table. Leaving an unused entry out loses nothing: the AIR recomputes every lane
    /// count from the public input, which the statement holds, and refuses a shape that differs.
    /// </summary>
    public const int AlwaysStated = 6;
}
