using Zetina.Registry.Jobs;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Rules;

/// <summary>
/// The PIE-job rule: what a proven bootloader output must say for the registry to pay a PIE job. The statement's
/// program is the bootloader (its hash is the header's <see cref="JobHeader.ProgramHash"/>), and the bootloader's
/// Cairo code, not its hints, writes its output (cairo-lang <c>bootloader.cairo</c>, plain tasks):
/// <code>
/// [simple_bootloader_program_hash, hash_felts(supported verifier hashes), n_tasks,
///  then per task: size = 2 + k, task program hash, k output words]
/// </code>
/// The registry pays only for exactly one task whose program hash is the header's
/// <see cref="JobHeader.TaskProgramHash"/>, run with an empty list of supported verifier programs.
/// </summary>
/// <remarks>
/// Why the verifier list must be empty: the bootloader takes the config from a hint, and a task whose packed output
/// is "composite" is a Cairo verifier whose program hash is on that list; the bootloader then writes the subtasks that
/// verifier claims to have verified, program hashes and outputs included. An executor free to choose the list could
/// list a program of its own that prints any subtask it likes. The list's hash is in the output
/// (hash_felts = Pedersen's compute_hash_on_elements), so requiring the hash of the empty list rules composite
/// tasks out: with no supported verifier, the bootloader's <c>find_element</c> fails for any composite task.
/// The simple bootloader's hash (the first word) only matters to composite tasks, so it is not checked.
/// </remarks>
internal static class BootloaderOutput
{
    /// <summary>The bootloader output's header: simple bootloader hash, verifier list hash, task count.</summary>
    private const int HeaderWords = 3;

    /// <summary>hash_felts([]) = pedersen(0, 0): the second word of a bootloader output with no supported verifier program.</summary>
    public static readonly Felt NoVerifiersHash = PedersenHash.HashOnElements([]);

    /// <summary>
    /// Reads a proven bootloader output: null and the one task's program hash and output when it is the single plain
    /// task <paramref name="header"/> asks for; else why not, with <paramref name="wrongTask"/> true when the output is
    /// well formed but names another task program (the proof ran a different task).
    /// </summary>
    public static string? Check(JobHeader header, Felt[] output, out Felt taskProgramHash, out Felt[] taskOutput, out bool wrongTask)
    {
        taskProgramHash = Felt.Zero;
        taskOutput = [];
        wrongTask = false;
        if (output.Length < HeaderWords + 2)
            return $"the bootloader output has {output.Length} words; one task needs at least {HeaderWords + 2} (config, task count, size, program hash)";
        if (output[1] != NoVerifiersHash)
            return $"the bootloader ran with supported verifier programs (their hash is {output[1].ToHexString()}, the empty list's is " +
                   $"{NoVerifiersHash.ToHexString()}): composite tasks could then state any task, so a PIE job is proved with none";
        if (output[2] != Felt.One)
            return $"the bootloader ran {output[2].ToHexString()} tasks; a PIE job is exactly one";
        ulong size = (ulong)(output.Length - HeaderWords);
        if (output[3] != Felt.FromUInt64(size))
            return $"the task's output size word is {output[3].ToHexString()}; the output after the bootloader's header is {size} words";
        taskProgramHash = output[4];
        taskOutput = output[(HeaderWords + 2)..];
        if (taskProgramHash != header.TaskProgramHash)
        {
            wrongTask = true;
            return $"the bootloader ran task program {taskProgramHash.ToHexString()}; the job asks for {header.TaskProgramHash.ToHexString()}";
        }
        return null;
    }
}
