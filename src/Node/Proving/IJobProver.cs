using Zetina.Node.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// Runs a job's program in proof mode and proves the run, bound to (job id, executor address).
/// The Cairo implementation is <see cref="CairoJobProver"/>.
/// </summary>
internal interface IJobProver
{
    /// <summary>
    /// Runs and proves <paramref name="body"/>. Reports progress by phase; stops promptly when
    /// <paramref name="cancellationToken"/> fires (the job was settled by someone else).
    /// Throws <see cref="JobRejectedException"/> when the program itself is bad (does not load, fails
    /// an assertion, exceeds its step limit): that job is dropped, the node goes on.
    /// </summary>
    Task<ProvedJob> ProveAsync(JobBody body, Felt jobId, Felt executor, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// The hash of a compiled program as the proof's public input names it (the header's program hash); for a PIE
    /// body, the bootloader's (after running it on the PIE once, as a pre-flight check).
    /// </summary>
    Felt ProgramHash(JobBody body);

    /// <summary>The bootloader PIE jobs run under; null when this prover has none (it refuses PIE jobs).</summary>
    BootloaderProgram? Bootloader { get; }

    /// <summary>Reads and checks a PIE body; throws <see cref="JobRejectedException"/> naming the defect.</summary>
    PieJob ReadPie(JobBody body);
}

/// <summary>A proved job: the proof bytes, the program's output, its step count and program hash.</summary>
internal sealed record ProvedJob(byte[] Proof, Felt[] Output, ulong NSteps, Felt ProgramHash, TimeSpan RunTime, TimeSpan ProveTime)
{
    /// <summary>
    /// The program hash's header (main's pc, builtins) for a Stone-format proof, whose statement does not carry it and whose
    /// reveal names it; null for a native proof (its statement states it).
    /// </summary>
    public Zetina.Registry.Verification.ProgramHeader? Program { get; init; }
}

/// <summary>Where a proof is: a phase name and, for long phases, a fraction done.</summary>
internal readonly record struct ProvingProgress(string Phase, double Fraction);

/// <summary>The job's program cannot be run or proved as given: expected data, not a node failure.</summary>
internal sealed class JobRejectedException(string message) : Exception(message);
