using System.Numerics;
using System.Security.Cryptography;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Jobs;

/// <summary>
/// An executor's commitment to a Stone-format proof, sent before the proof is shown: the job's signed header, the
/// executor's address, <paramref name="Commitment"/> = <see cref="CommitmentOf"/>(executor, proof) and the executor's
/// signature over <see cref="MessageFor"/>. The registry numbers commits in arrival order and pays the earliest whose
/// reveal verifies (docs/registry.md, "Stone-format jobs: commit–reveal").
/// </summary>
/// <remarks>
/// The address is inside the committed hash, so a copier who reads another executor's commitment cannot use it (its own
/// address gives another hash), and a copier who reads a revealed proof can only commit after the proof's owner did.
/// </remarks>
/// <param name="Announcement">The job's header with the delegator's signature (the job must be Stone-format).</param>
/// <param name="Executor">The address the commit pays: the executor's Stark public key, which signs the commit.</param>
/// <param name="Commitment">H(executor ‖ proof), <see cref="CommitmentOf"/>.</param>
/// <param name="Signature">The executor's signature over <see cref="MessageFor"/>.</param>
public sealed record ProofCommit(JobAnnouncement Announcement, Felt Executor, Felt Commitment, Signature Signature)
{
    /// <summary>The header the commit answers.</summary>
    public JobHeader Header => Announcement.Header;

    /// <summary>
    /// The commitment to <paramref name="proof"/> by <paramref name="executor"/>: SHA-256(executor as 32 bytes big-endian ‖
    /// proof bytes) with its top 6 bits cleared, so it is a felt. SHA-256 is collision and second-preimage resistant
    /// over any proof length, and hiding enough here: the proof is hundreds of kilobytes of fresh randomness-derived data.
    /// </summary>
    public static Felt CommitmentOf(Felt executor, ReadOnlySpan<byte> proof)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[32];
        executor.WriteBytesBigEndian(buffer);
        sha.AppendData(buffer);
        sha.AppendData(proof);
        sha.GetHashAndReset(buffer);
        buffer[0] &= 0x03;
        return Felt.FromBytesBigEndian(buffer);
    }

    /// <summary>
    /// The message the executor signs: <c>poseidon_hash_many("zetina.commit.v1", registry_id, job_id, executor, commitment)</c>.
    /// The registry id and job id keep a signed commit from being replayed at another registry or for another job.
    /// </summary>
    public static Felt MessageFor(Felt registryId, Felt jobId, Felt executor, Felt commitment) =>
        RegistryCrypto.HashMany([MessageTags.ProofCommit, registryId, jobId, executor, commitment]);

    /// <summary>Builds and signs the commit of <paramref name="proof"/> to <paramref name="announcement"/>'s job with the executor's key.</summary>
    public static ProofCommit Sign(JobAnnouncement announcement, ReadOnlySpan<byte> proof, BigInteger executorKey)
    {
        Felt executor = RegistryCrypto.PublicKey(executorKey);
        Felt commitment = CommitmentOf(executor, proof);
        JobHeader h = announcement.Header;
        return new ProofCommit(announcement, executor, commitment, RegistryCrypto.Sign(executorKey, MessageFor(h.RegistryId, h.JobId, executor, commitment)));
    }

    /// <summary>True when the signature is the executor's over <see cref="MessageFor"/> with this header's registry and job.</summary>
    public bool SignatureIsValid() =>
        RegistryCrypto.Verify(Executor, MessageFor(Header.RegistryId, Header.JobId, Executor, Commitment), Signature.R, Signature.S);
}
