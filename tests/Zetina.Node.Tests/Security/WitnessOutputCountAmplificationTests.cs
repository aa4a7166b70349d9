using System.Buffers.Binary;
using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// A witness arrives from any gossipsub peer. Its output count once made the decoder allocate 32 bytes per announced
/// cell before reading them: a 389-byte message announcing 65,536 cells cost 2 MiB (found by <c>JobCodecFuzzTests</c>).
/// </summary>
public sealed class WitnessOutputCountAmplificationTests
{
    private static readonly System.Numerics.BigInteger DelegatorKey = 0x1234567890abcdefUL;

    [Fact]
    public void TryDecode_OutputCountBeyondTheMessage_RejectsWithoutAllocatingForIt()
    {
        var announcement = JobAnnouncement.Sign(
            new JobHeader(Felt.FromUInt64(1), Felt.FromUInt64(77), Amount.From(1), 1 << 16, 4_000_000_000,
                RegistryCrypto.PublicKey(DelegatorKey), Felt.FromUInt64(5), Felt.FromUInt64(9)),
            DelegatorKey);
        byte[] witness = new JobWitness(announcement, Felt.FromUInt64(0xe7ec), [], []).Encode();
        // The output count follows magic (3), version (1), header and executor (32).
        BinaryPrimitives.WriteUInt32BigEndian(witness.AsSpan(4 + JobAnnouncement.EncodedSize + 32), (uint)JobWitness.MaxOutputCells);

        long before = GC.GetAllocatedBytesForCurrentThread();
        JobWitness? decoded = JobWitness.TryDecode(witness, out string? error);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(decoded);
        Assert.Contains("output", error);
        Assert.True(allocated < 64 * 1024, $"decoding a {witness.Length}-byte witness allocated {allocated} bytes");
    }
}
