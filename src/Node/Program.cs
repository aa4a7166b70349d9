using Zetina.Node.Cli;

namespace Zetina.Node;

/// <summary>The <c>zetina</c> binary: one command table, each command in its own file under <c>Cli/</c>.</summary>
internal static class Program
{
    private static int Main(string[] args) => CommandTable.Run(args);
}
