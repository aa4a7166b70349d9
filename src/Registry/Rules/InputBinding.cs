using Zetina.Registry.Jobs;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// The input-binding rule. A proof shows "this program, run from its start to its end, produced this output";
/// the input a Cairo program reads through hints is not part of that statement. A delegator who needs the run
/// to be on its input has the program output the input first and names it in the header
/// (<see cref="JobHeader.InputLength"/> n, <see cref="JobHeader.InputHash"/> h); the registry then pays only
/// for a proven output that begins with n felts whose Poseidon hash_many is h.
/// </summary>
internal static class InputBinding
{
    /// <summary>Null when <paramref name="header"/> binds no input or <paramref name="provenOutput"/> begins with the bound input; else why not.</summary>
    public static string? Check(JobHeader header, Felt[] provenOutput)
    {
        if (!header.BindsInput) return null;
        ulong n = header.InputLength;
        if ((ulong)provenOutput.Length < n)
            return $"output does not begin with the bound input: the job binds {n} input felts and the proven output has only {provenOutput.Length}";
        Felt h = RegistryCrypto.HashMany(provenOutput.AsSpan(0, (int)n));
        if (h != header.InputHash)
            return $"output does not begin with the bound input: poseidon_hash_many of the proven output's first {n} felts is {h.ToHexString()}, " +
                   $"the job binds {header.InputHash.ToHexString()} (the proof is of a run on another input)";
        return null;
    }

    /// <summary>
    /// The PIE-job form: null when <paramref name="taskOutput"/> is exactly the bound felts (none when the header
    /// binds none); else why not. A PIE fixes its run's whole output, so a longer task output is another run, not
    /// the same one with more to say.
    /// </summary>
    public static string? CheckWhole(JobHeader header, Felt[] taskOutput)
    {
        if ((ulong)taskOutput.Length != header.InputLength)
            return $"the task's output is {taskOutput.Length} felts; the PIE recorded {header.InputLength}, and the bootloader writes exactly what it recorded";
        return Check(header, taskOutput);
    }
}
