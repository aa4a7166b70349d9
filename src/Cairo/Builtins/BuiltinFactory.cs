using Zetina.Cairo.Errors;

namespace Zetina.Cairo.Builtins;

/// <summary>Creates the runner for a builtin name with the layout's ratio.</summary>
public static class BuiltinFactory
{
    /// <summary>A runner for <paramref name="name"/>; throws <see cref="CairoErrorKind.UnknownBuiltin"/> for names it does not implement.</summary>
    public static BuiltinRunner Create(string name, bool included, int? ratio) => name switch
    {
        "output" => new OutputBuiltinRunner(included),
        "range_check" => new RangeCheckBuiltinRunner("range_check", included, ratio, 8),
        "range_check96" => new RangeCheckBuiltinRunner("range_check96", included, ratio, 6),
        "bitwise" => new BitwiseBuiltinRunner(included, ratio),
        "add_mod" or "mul_mod" => new ModBuiltinRunner(name, included, ratio),
        _ => CreateCrypto(name, included, ratio),
    };

    private static BuiltinRunner CreateCrypto(string name, bool included, int? ratio) => name switch
    {
        "pedersen" => new PedersenBuiltinRunner(included, ratio),
        "poseidon" => new PoseidonBuiltinRunner(included, ratio),
        "ecdsa" => new EcdsaBuiltinRunner(included, ratio),
        "ec_op" => new EcOpBuiltinRunner(included, ratio),
        "keccak" => new KeccakBuiltinRunner(included, ratio),
        _ => throw new CairoException(CairoErrorKind.UnknownBuiltin, $"unknown builtin '{name}'"),
    };
}
