using System.IO.Compression;
using Zetina.Cairo.Air;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// The compiled bootloader a node runs PIE jobs with (<c>--bootloader PATH</c>: cairo-lang's compiled
/// <c>bootloader.json</c>, plain or gzipped), and the program hash a proof of its run states — the hash a PIE job's
/// header names as its program.
/// </summary>
/// <remarks>
/// The node does not carry a bootloader of its own: it is cairo-lang's compiled output, and an operator points the
/// node at the one they trust (docs/node.md, "PIE jobs"). The hash is computed from the program alone, as the
/// statement will compute it from the run's public memory: the Pedersen chain (<see cref="ProgramHash.Compute"/>)
/// over the proof-mode layout's main, builtins and bytecode.
/// </remarks>
internal sealed class BootloaderProgram
{
    private BootloaderProgram(string path, CairoProgram program)
    {
        Path = path;
        Program = program;
        CairoProgram laidOut = program.WithProofModeHeader();
        var words = new Felt[laidOut.Data.Length];
        for (int i = 0; i < words.Length; i++)
            words[i] = laidOut.Data[i].IsFelt ? laidOut.Data[i].Felt : throw new CairoException(CairoErrorKind.RunnerError, $"bootloader word {i} is not a felt");
        Hash = ProgramHash.Compute((ulong)(laidOut.Main ?? 0), laidOut.Builtins, words);
    }

    /// <summary>Where it was read from.</summary>
    public string Path { get; }

    /// <summary>The compiled bootloader.</summary>
    public CairoProgram Program { get; }

    /// <summary>The program hash a proof of its run states (what a PIE job's header names as its program).</summary>
    public Felt Hash { get; }

    /// <summary>The builtins the bootloader declares: every PIE job's layout must have them.</summary>
    public IReadOnlyList<string> Builtins => Program.Builtins;

    /// <summary>
    /// Reads a compiled bootloader from <paramref name="path"/> (gzip when it starts with gzip's magic). Throws
    /// <see cref="IOException"/> when the file cannot be read, <see cref="InvalidDataException"/> when it is not a
    /// compiled Cairo program with a main.
    /// </summary>
    public static BootloaderProgram Load(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gz.CopyTo(plain);
            bytes = plain.ToArray();
        }
        try
        {
            CairoProgram program = ProgramLoader.Load(bytes);
            if (program.Main is null) throw new InvalidDataException($"{path}: the program has no main function");
            return new BootloaderProgram(path, program);
        }
        catch (CairoException e)
        {
            throw new InvalidDataException($"{path}: not a compiled bootloader: {e.Message}");
        }
    }
}
