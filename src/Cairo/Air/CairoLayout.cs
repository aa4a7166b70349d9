namespace Zetina.Cairo.Air;

/// <summary>
/// A Cairo layout as the VM and cairo-run name it: its builtins in segment order with the steps per instance
/// (ratio) and memory cells per instance, and whether this AIR proves each builtin.
/// </summary>
/// <remarks>
/// Ratios and orders are those of cairo-lang's layouts (checked against the segment sizes of the reference runs
/// in <c>shared/testdata/cairo</c>: e.g. small at 512 steps has 64 pedersen and 64 range_check instances).
/// This AIR lays out one row per step and proves the output builtin (its cells are public memory), the range_check
/// builtin, and pedersen, poseidon, bitwise and ecdsa in their own column lanes sized by the instances used (not by the ratio); a
/// run that uses any other builtin (stop_ptr &gt; begin_addr) is refused, because its cells would otherwise be
/// unconstrained.
/// </remarks>
public sealed record CairoLayout(string Name, IReadOnlyList<CairoLayout.Builtin> Builtins)
{
    /// <summary>One builtin of a layout.</summary>
    public sealed record Builtin(string Name, int Ratio, int CellsPerInstance);

    /// <summary>Builtins whose constraints this AIR implements.</summary>
    public static readonly IReadOnlyList<string> Supported = ["output", "range_check", "pedersen", "poseidon", "bitwise", "ecdsa"];

    /// <summary>The layouts this AIR proves, each with its builtins' ratios and cells per instance.</summary>
    public static readonly IReadOnlyList<CairoLayout> All =
    [
        new("plain", []),
        new("small", [new("output", 1, 1), new("pedersen", 8, 3), new("range_check", 8, 1), new("ecdsa", 512, 2)]),
        new("recursive", [new("output", 1, 1), new("pedersen", 128, 3), new("range_check", 8, 1), new("bitwise", 8, 5)]),
        new("recursive_large_output", [new("output", 1, 1), new("pedersen", 128, 3), new("range_check", 8, 1), new("bitwise", 8, 5), new("poseidon", 8, 6)]),
        new("recursive_with_poseidon", [new("output", 1, 1), new("pedersen", 256, 3), new("range_check", 16, 1), new("bitwise", 16, 5), new("poseidon", 64, 6)]),
    ];

    /// <summary>The layout named <paramref name="name"/>, or null.</summary>
    public static CairoLayout? Find(string name)
    {
        foreach (CairoLayout l in All) if (l.Name == name) return l;
        return null;
    }
}
