namespace Zetina.Cairo.Run;

/// <summary>
/// A Cairo layout: the shape of the AIR a run must fit. Its builtin ratios decide how proof mode pads the trace
/// (until every builtin's allotted cells, the range-check units, the memory units and the diluted pool suffice)
/// and how large each builtin segment is; <see cref="Provable"/> says whether this project's AIR proves runs of it.
/// </summary>
/// <param name="Name">The layout's name as cairo-run's <c>--layout</c> takes it.</param>
/// <param name="RcUnits">Range-check units per step (16-bit values the range-check pool holds).</param>
/// <param name="PublicMemoryFraction">One public-memory cell per this many memory units.</param>
/// <param name="MemoryUnitsPerStep">Memory units per step (8 in every published layout).</param>
/// <param name="Diluted">The diluted pool the bitwise and keccak builtins use; null when the layout has none.</param>
/// <param name="Builtins">In the layout's canonical order (output, pedersen, range_check, ecdsa, bitwise, ec_op,
/// keccak, poseidon, range_check96, add_mod, mul_mod) — the order of their segments.</param>
/// <remarks>
/// The published layouts come from cairo-lang <c>src/starkware/cairo/lang/instances.py</c> (v0.13.x) as carried
/// into lambdaclass cairo-vm <c>vm/src/types/layout.rs</c> and <c>vm/src/types/instance_definitions/*</c>
/// (commit 3f8762617): rc_units, public_memory_fraction, memory_units_per_step (8 everywhere), the diluted pool
/// (units per step, spacing 4, 16 bits) and each builtin's ratio; checked against the segment sizes of the
/// reference runs in <c>shared/testdata/cairo</c> (small at 512 steps has 64 pedersen and 64 range_check instances).
/// This AIR lays out one row per step and proves the builtins in <see cref="ProvableBuiltins"/> (pedersen, poseidon,
/// bitwise, ecdsa, range_check96, ec_op, add_mod, mul_mod and keccak in their own column lanes sized by the instances used, not by the ratio); a run
/// that uses any other builtin (stop_ptr &gt; begin_addr) is refused by name, because its cells would otherwise be
/// unconstrained. Since lanes are sized by use, not by the layout's ratios, every published layout is
/// <see cref="Provable"/>: its runs that use only those builtins are proved, whatever else the layout has (a
/// starknet_with_keccak run of the bootloader that uses output, pedersen and range_check is proved; one that uses
/// keccak, add_mod or mul_mod is proved too; a run that uses a builtin without a lane is refused, naming it).
/// </remarks>
public sealed record CairoLayout(
    string Name,
    int RcUnits,
    int PublicMemoryFraction,
    int MemoryUnitsPerStep,
    DilutedPool? Diluted,
    IReadOnlyList<LayoutBuiltin> Builtins)
{
    /// <summary>True when this project's AIR proves runs of this layout.</summary>
    public bool Provable { get; init; }

    /// <summary>True when the layout has the named builtin.</summary>
    public bool Has(string builtin)
    {
        foreach (LayoutBuiltin b in Builtins) if (b.Name == builtin) return true;
        return false;
    }

    /// <summary>Builtins whose constraints this AIR implements.</summary>
    public static readonly IReadOnlyList<string> ProvableBuiltins = ["output", "range_check", "pedersen", "poseidon", "bitwise", "ecdsa", "range_check96", "ec_op", "add_mod", "mul_mod", "keccak"];

    private static readonly DilutedPool DefaultDiluted = new(16, 4, 16);

    private static LayoutBuiltin B(string name, int? ratio) => new(name, ratio);

    public static readonly CairoLayout Plain = new("plain", 16, 4, 8, null, []) { Provable = true };

    public static readonly CairoLayout Small = new("small", 16, 4, 8, null,
        [B("output", null), B("pedersen", 8), B("range_check", 8), B("ecdsa", 512)]) { Provable = true };

    public static readonly CairoLayout Dex = new("dex", 4, 4, 8, null,
        [B("output", null), B("pedersen", 8), B("range_check", 8), B("ecdsa", 512)]) { Provable = true };

    public static readonly CairoLayout Recursive = new("recursive", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 128), B("range_check", 8), B("bitwise", 8)]) { Provable = true };

    public static readonly CairoLayout Starknet = new("starknet", 4, 8, 8, new DilutedPool(2, 4, 16),
        [B("output", null), B("pedersen", 32), B("range_check", 16), B("ecdsa", 2048), B("bitwise", 64), B("ec_op", 1024), B("poseidon", 32)]) { Provable = true };

    public static readonly CairoLayout StarknetWithKeccak = new("starknet_with_keccak", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 32), B("range_check", 16), B("ecdsa", 2048), B("bitwise", 64), B("ec_op", 1024), B("keccak", 2048), B("poseidon", 32)]) { Provable = true };

    public static readonly CairoLayout RecursiveLargeOutput = new("recursive_large_output", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 128), B("range_check", 8), B("bitwise", 8), B("poseidon", 8)]) { Provable = true };

    public static readonly CairoLayout RecursiveWithPoseidon = new("recursive_with_poseidon", 4, 8, 8, new DilutedPool(8, 4, 16),
        [B("output", null), B("pedersen", 256), B("range_check", 16), B("bitwise", 16), B("poseidon", 64)]) { Provable = true };

    public static readonly CairoLayout AllCairo = new("all_cairo", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 256), B("range_check", 8), B("ecdsa", 2048), B("bitwise", 16), B("ec_op", 1024),
         B("keccak", 2048), B("poseidon", 256), B("range_check96", 8), B("add_mod", 128), B("mul_mod", 256)]) { Provable = true };

    public static readonly CairoLayout AllSolidity = new("all_solidity", 8, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 8), B("range_check", 8), B("ecdsa", 512), B("bitwise", 256), B("ec_op", 256)]) { Provable = true };

    /// <summary>Every published layout.</summary>
    public static readonly IReadOnlyList<CairoLayout> All =
        [Plain, Small, Dex, Recursive, Starknet, StarknetWithKeccak, RecursiveLargeOutput, RecursiveWithPoseidon, AllCairo, AllSolidity];

    /// <summary>The layout name that asks for <see cref="SmallestFor"/>: the default of every command that runs a program.</summary>
    public const string Auto = "auto";

    /// <summary>
    /// Every published layout from cheapest to dearest: by builtin count, then in a fixed preference order
    /// (plain, small, recursive, recursive_large_output, recursive_with_poseidon, dex, starknet,
    /// starknet_with_keccak, all_solidity, all_cairo).
    /// </summary>
    /// <remarks>
    /// The builtin count is the cost that matters to a run: proof mode pads the trace until every builtin of the
    /// layout has its allotted cells, so each builtin the program does not use only adds padding. Among layouts
    /// with as many builtins, the preference favours the smaller ratios for the builtins they share (small's
    /// pedersen every 8 steps over dex's smaller range-check pool; recursive_large_output's poseidon every 8 steps
    /// over recursive_with_poseidon's every 64), so the run needs fewer steps.
    /// </remarks>
    public static readonly IReadOnlyList<CairoLayout> ByCost = OrderByCost();

    /// <summary>
    /// The cheapest layout (<see cref="ByCost"/>) whose builtins include every one of <paramref name="builtins"/>
    /// (a program's declared builtins); null when no published layout has them all (an unknown builtin name).
    /// </summary>
    public static CairoLayout? SmallestFor(IReadOnlyList<string> builtins)
    {
        foreach (CairoLayout l in ByCost)
        {
            bool hasAll = true;
            foreach (string b in builtins) hasAll &= l.Has(b);
            if (hasAll) return l;
        }
        return null;
    }

    private static CairoLayout[] OrderByCost()
    {
        CairoLayout[] preference = [Plain, Small, Recursive, RecursiveLargeOutput, RecursiveWithPoseidon, Dex, Starknet, StarknetWithKeccak, AllSolidity, AllCairo];
        var ordered = (CairoLayout[])preference.Clone();
        Array.Sort(ordered, (x, y) => x.Builtins.Count != y.Builtins.Count
            ? x.Builtins.Count.CompareTo(y.Builtins.Count)
            : Array.IndexOf(preference, x).CompareTo(Array.IndexOf(preference, y)));
        return ordered;
    }

    /// <summary>The layout called <paramref name="name"/>, or null.</summary>
    public static CairoLayout? Find(string name)
    {
        foreach (CairoLayout l in All) if (l.Name == name) return l;
        return null;
    }
}
