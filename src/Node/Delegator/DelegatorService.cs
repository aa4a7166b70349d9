using System.Numerics;
using System.Security.Cryptography;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Node.Network;
using Zetina.Node.Proving;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Delegator;

/// <summary>
/// The delegator role: turns a program into a job (body in the DHT, signed header on gossipsub, the
/// reward registered as promised at the registry), re-announces it until an executor is paid, and
/// reports the settlement — the executor, the output and the proof hash — from the registry's events.
/// </summary>
internal sealed class DelegatorService(IJobNetwork network, IRegistry registry, IJobProver prover, BigInteger delegatorKey, NodeLog log)
{
    /// <summary>The bootloader this delegator's PIE jobs name; null when it has none (it cannot publish PIE jobs).</summary>
    public BootloaderProgram? Bootloader => prover.Bootloader;

    /// <summary>The delegator's account (its Stark public key x).</summary>
    public Felt Account { get; } = RegistryCrypto.PublicKey(delegatorKey);

    /// <summary>
    /// Publishes <paramref name="body"/> with <paramref name="reward"/>, payable until <paramref name="deadline"/> (Unix seconds).
    /// With <paramref name="boundInput"/> the header binds those felts: the registry pays only for a proven output that begins with them.
    /// A PIE body's header names the bootloader as its program and the PIE's task program hash, and binds the output
    /// the PIE recorded: the registry pays only for the bootloader running this task to this output.
    /// <paramref name="format"/> is the proof format the header asks for (signed with the rest).
    /// </summary>
    public async Task<JobAnnouncement> PublishAsync(JobBody body, Amount reward, ulong deadline, CancellationToken cancellationToken, Felt[]? boundInput = null,
        ProofFormat format = ProofFormat.Native)
    {
        byte[] encoded = body.Encode();
        Felt jobId = JobIds.Of(encoded);
        Felt taskProgramHash = Felt.Zero;
        if (body.Kind == JobBodyKind.Pie)
        {
            if (boundInput is not null) throw new JobRejectedException("a PIE job binds the output the PIE recorded; it has no program input to bind");
            PieJob pie = prover.ReadPie(body);
            taskProgramHash = pie.TaskProgramHash;
            boundInput = pie.RecordedOutput;
        }
        Felt programHash = prover.ProgramHash(body);
        var (inputLength, inputHash) = boundInput is { Length: > 0 } ? JobHeader.BindingOf(boundInput) : (0UL, Felt.Zero);
        var header = new JobHeader(jobId, programHash, reward, body.MaxSteps, deadline, Account, RandomNonce(), registry.RegistryId, inputLength, inputHash, taskProgramHash, format);
        JobAnnouncement announcement = JobAnnouncement.Sign(header, delegatorKey);

        var registered = await registry.RegisterJobAsync(header, announcement.Signature, cancellationToken).ConfigureAwait(false);
        if (!registered.Ok) throw new InvalidOperationException($"the registry refused the job ({registered.Error}): {registered.Message}");
        await network.PutBodyAsync(jobId, encoded, cancellationToken).ConfigureAwait(false);
        int peers = await network.PublishAnnouncementAsync(announcement, cancellationToken).ConfigureAwait(false);
        log.Info("job.published", ("job", jobId), ("program_hash", programHash), ("task_program_hash", taskProgramHash), ("proof_format", format.ToName()), ("reward", reward), ("deadline", deadline),
            ("body_bytes", encoded.Length), ("peers", peers));
        return announcement;
    }

    /// <summary>
    /// Re-announces the job every <paramref name="interval"/> (executors that joined late, or whose mesh
    /// formed after the first publish, still hear it; executors ignore repeats) until cancelled.
    /// </summary>
    public async Task KeepAnnouncingAsync(JobAnnouncement announcement, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                await network.PublishAnnouncementAsync(announcement, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits for the registry's JobSettled event for <paramref name="jobId"/>, reading events after <paramref name="cursor"/>.</summary>
    public async Task<RegistryEvent> WaitForSettlementAsync(Felt jobId, long cursor, CancellationToken cancellationToken)
    {
        await foreach (RegistryEvent ev in registry.SubscribeAsync(cursor, cancellationToken).ConfigureAwait(false))
        {
            if (ev.Kind == RegistryEventKind.JobSettled && ev.JobId == jobId)
            {
                log.Info("job.settled", ("job", jobId), ("executor", ev.Executor), ("reward", ev.Reward), ("fee", ev.Fee),
                    ("output", FormatOutput(ev.Output)), ("proof_hash", ev.ProofHash));
                return ev;
            }
        }
        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>Output cells as "0x..,0x..".</summary>
    public static string FormatOutput(Felt[]? output) =>
        output is null ? "" : string.Join(',', Array.ConvertAll(output, f => f.ToHexString()));

    private static Felt RandomNonce()
    {
        Span<byte> b = stackalloc byte[31];
        RandomNumberGenerator.Fill(b);
        return Felt.FromBytesBigEndianReduced(b);
    }
}
