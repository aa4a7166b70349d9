namespace Zetina.Node.Cli;

/// <summary>
/// One command of the <c>zetina</c> binary. <paramref name="Path"/> is the words that select it
/// (<c>["hash", "pedersen"]</c>); <paramref name="Usage"/> is printed by <c>--help</c>.
/// </summary>
/// <remarks>
/// Hand-rolled rather than reflection-driven so that the native-AOT binary needs no trimming hints,
/// and so that every failure maps to the exit codes scripts rely on: 0 ok, 1 a negative answer
/// (for example an invalid signature), 2 bad input.
/// </remarks>
internal sealed record CliCommand(string[] Path, string Summary, string Usage, Func<CliArgs, int> Run);
