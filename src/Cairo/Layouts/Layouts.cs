namespace Zetina.Cairo.Layouts;

/// <summary>
/// The published layouts. Source: cairo-lang <c>src/starkware/cairo/lang/instances.py</c> (v0.13.x) as carried
/// into lambdaclass cairo-vm <c>vm/src/types/layout.rs</c> and <c>vm/src/types/instance_definitions/*</c>
/// (commit 3f8762617): rc_units, public_memory_fraction, memory_units_per_step (8 everywhere), the diluted pool
/// (units per step, spacing 4, 16 bits) and each builtin's ratio.
/// </summary>
public static class Layouts
{
    private static readonly DilutedPool DefaultDiluted = new(16, 4, 16);

    private static LayoutBuiltin B(string name, int? ratio) => new(name, ratio);

    public static readonly CairoLayout Plain = new("plain", 16, 4, 8, null, []);

    public static readonly CairoLayout Small = new("small", 16, 4, 8, null,
        [B("output", null), B("pedersen", 8), B("range_check", 8), B("ecdsa", 512)]);

    public static readonly CairoLayout Dex = new("dex", 4, 4, 8, null,
        [B("output", null), B("pedersen", 8), B("range_check", 8), B("ecdsa", 512)]);

    public static readonly CairoLayout Recursive = new("recursive", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 128), B("range_check", 8), B("bitwise", 8)]);

    public static readonly CairoLayout Starknet = new("starknet", 4, 8, 8, new DilutedPool(2, 4, 16),
        [B("output", null), B("pedersen", 32), B("range_check", 16), B("ecdsa", 2048), B("bitwise", 64), B("ec_op", 1024), B("poseidon", 32)]);

    public static readonly CairoLayout StarknetWithKeccak = new("starknet_with_keccak", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 32), B("range_check", 16), B("ecdsa", 2048), B("bitwise", 64), B("ec_op", 1024), B("keccak", 2048), B("poseidon", 32)]);

    public static readonly CairoLayout RecursiveLargeOutput = new("recursive_large_output", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 128), B("range_check", 8), B("bitwise", 8), B("poseidon", 8)]);

    public static readonly CairoLayout RecursiveWithPoseidon = new("recursive_with_poseidon", 4, 8, 8, new DilutedPool(8, 4, 16),
        [B("output", null), B("pedersen", 256), B("range_check", 16), B("bitwise", 16), B("poseidon", 64)]);

    public static readonly CairoLayout AllCairo = new("all_cairo", 4, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 256), B("range_check", 8), B("ecdsa", 2048), B("bitwise", 16), B("ec_op", 1024),
         B("keccak", 2048), B("poseidon", 256), B("range_check96", 8), B("add_mod", 128), B("mul_mod", 256)]);

    public static readonly CairoLayout AllSolidity = new("all_solidity", 8, 8, 8, DefaultDiluted,
        [B("output", null), B("pedersen", 8), B("range_check", 8), B("ecdsa", 512), B("bitwise", 256), B("ec_op", 256)]);

    /// <summary>Every layout, by name.</summary>
    public static readonly IReadOnlyList<CairoLayout> All =
        [Plain, Small, Dex, Recursive, Starknet, StarknetWithKeccak, RecursiveLargeOutput, RecursiveWithPoseidon, AllCairo, AllSolidity];

    /// <summary>The layout called <paramref name="name"/>, or null.</summary>
    public static CairoLayout? Find(string name)
    {
        foreach (CairoLayout l in All) if (l.Name == name) return l;
        return null;
    }
}
