namespace Zetina.Node.Cli;

/// <summary>Bad input on the command line or in a file it names: printed as one line, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
