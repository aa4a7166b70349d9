namespace Zetina.Cairo.Layouts;

/// <summary>The diluted pool of a layout (bitwise and keccak consume it).</summary>
public sealed record DilutedPool(int UnitsPerStep, int Spacing, int NBits);

/// <summary>One builtin of a layout: its name and steps per instance (null for output).</summary>
public sealed record LayoutBuiltin(string Name, int? Ratio);

/// <summary>
/// A Cairo layout: the shape of the AIR a run must fit. Its builtin ratios decide how proof mode pads the trace
/// (until every builtin's allotted cells, the range-check units, the memory units and the diluted pool suffice)
/// and how large each builtin segment is.
/// </summary>
/// <param name="Name">The layout's name as cairo-lang spells it (<c>plain</c>, <c>small</c>, <c>recursive</c>, …).</param>
/// <param name="RcUnits">Range-check units per step.</param>
/// <param name="PublicMemoryFraction">One in this many memory cells is reserved for the public memory.</param>
/// <param name="MemoryUnitsPerStep">Memory units per step.</param>
/// <param name="Diluted">The diluted pool, or null when the layout has none.</param>
/// <param name="Builtins">In the layout's canonical order (output, pedersen, range_check, ecdsa, bitwise, ec_op,
/// keccak, poseidon, range_check96, add_mod, mul_mod) — the order of their segments.</param>
public sealed record CairoLayout(
    string Name,
    int RcUnits,
    int PublicMemoryFraction,
    int MemoryUnitsPerStep,
    DilutedPool? Diluted,
    IReadOnlyList<LayoutBuiltin> Builtins)
{
    /// <summary>True when the layout has the named builtin.</summary>
    public bool Has(string builtin)
    {
        foreach (LayoutBuiltin b in Builtins) if (b.Name == builtin) return true;
        return false;
    }
}
