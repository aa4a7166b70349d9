using Zetina.Stark.Parameters;

namespace Zetina.Node.Cli;

/// <summary>
/// The <c>--optimize speed|size</c> value of the commands that prove (and the node's <c>optimize</c> setting): which
/// parameter preset proves a run when no parameters are given (<see cref="ParameterChoice"/>). Speed is the default.
/// </summary>
internal static class OptimizeOption
{
    /// <summary>
    /// The preset <paramref name="value"/> names (speed when null); throws <see cref="CliUsageException"/> naming
    /// <paramref name="label"/> (the flag, or the config file's key) for another word.
    /// </summary>
    public static ProofOptimization Parse(string? value, string label = "--optimize") => value switch
    {
        null or "speed" => ProofOptimization.Speed,
        "size" => ProofOptimization.Size,
        _ => throw new CliUsageException($"{label}: expected speed or size, got '{value}'"),
    };
}
