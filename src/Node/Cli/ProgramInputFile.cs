using System.Text.Json;

namespace Zetina.Node.Cli;

/// <summary>
/// Reads a <c>--program_input</c> file and checks it is JSON before the program runs: the hints read it only
/// when they first need it, so a malformed file would otherwise surface mid-run as a hint failure rather than as the
/// bad input it is (one line, exit 2).
/// </summary>
internal static class ProgramInputFile
{
    /// <summary>The file's text, or a <see cref="CliUsageException"/> naming the file and what is wrong with it.</summary>
    public static string Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--program_input {path}: {e.Message}");
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"--program_input {path}: not valid JSON: {e.Message}");
        }
        return text;
    }
}
