using Zetina.Registry.Client;
using Zetina.Registry.Http;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Tests;

/// <summary>The signed message layouts docs/registry.md promises, checked against Poseidon directly.</summary>
public sealed class MessageFormatTests
{
    private static readonly Amount Big = Amount.Parse("340282366920938463463374607431768211457"); // 2^128 + 1

    [Fact]
    public void ShortString_Tags_AreCairoShortStrings()
    {
        Assert.Equal(Felt.Parse("0x7a6574696e612e6a6f622e7631"), MessageTags.Job); // "zetina.job.v1"
        Assert.Equal(Felt.Parse("0x6162"), ShortString.Encode("ab"));
        Assert.Throws<ArgumentException>(() => ShortString.Encode(new string('a', 32)));
    }

    [Fact]
    public void JobHeaderHash_IsPoseidonOfDocumentedFields()
    {
        var h = new JobHeader(Felt.FromUInt64(11), Felt.FromUInt64(22), Big, 1_000_000, 1_790_000_000, Felt.FromUInt64(33), Felt.FromUInt64(44), Felt.FromUInt64(55));
        Felt expected = PoseidonHash.HashMany([MessageTags.Job, 11UL, 22UL, Felt.One, Felt.One, 1_000_000UL, 1_790_000_000UL, 33UL, 44UL, 55UL]);
        Assert.Equal(expected, h.Hash());
        Assert.NotEqual(expected, (h with { Deadline = h.Deadline + 1 }).Hash());
        Assert.NotEqual(expected, (h with { RegistryId = Felt.FromUInt64(56) }).Hash());
    }

    [Fact]
    public void StoneFormatHeaderHash_IsPoseidonOfEveryFieldAndTheFormat_NativeUnchanged()
    {
        var native = new JobHeader(Felt.FromUInt64(11), Felt.FromUInt64(22), Big, 1_000_000, 1_790_000_000, Felt.FromUInt64(33), Felt.FromUInt64(44), Felt.FromUInt64(55));
        JobHeader stone = native with { Format = ProofFormat.Stone };
        Assert.Equal(Felt.Parse("0x7a6574696e612e6a6f622e7634"), MessageTags.JobStone); // "zetina.job.v4"
        Felt expected = PoseidonHash.HashMany([MessageTags.JobStone, 11UL, 22UL, Felt.One, Felt.One, 1_000_000UL, 1_790_000_000UL, 33UL, 44UL, 55UL,
            Felt.Zero, Felt.Zero, Felt.Zero, ShortString.Encode("stone")]);
        Assert.Equal(expected, stone.Hash());
        Assert.Equal(PoseidonHash.HashMany([MessageTags.Job, 11UL, 22UL, Felt.One, Felt.One, 1_000_000UL, 1_790_000_000UL, 33UL, 44UL, 55UL]), native.Hash());
        JobHeader pie = stone with { InputLength = 2, InputHash = 9UL, TaskProgramHash = 8UL };
        Assert.Equal(PoseidonHash.HashMany([MessageTags.JobStone, 11UL, 22UL, Felt.One, Felt.One, 1_000_000UL, 1_790_000_000UL, 33UL, 44UL, 55UL,
            2UL, 9UL, 8UL, ShortString.Encode("stone")]), pie.Hash());
        Assert.NotEqual(pie.Hash(), (pie with { Format = ProofFormat.Native }).Hash());
    }

    [Fact]
    public void CommitMessage_IsPoseidonOfDocumentedFields_AndTheCommitmentBindsTheAddress()
    {
        Assert.Equal(PoseidonHash.HashMany([ShortString.Encode("zetina.commit.v1"), 5UL, 6UL, 7UL, 8UL]), ProofCommit.MessageFor(5UL, 6UL, 7UL, 8UL));
        byte[] proof = [1, 2, 3];
        byte[] preimage = new byte[35];
        Felt.FromUInt64(7).WriteBytesBigEndian(preimage.AsSpan(0, 32));
        proof.CopyTo(preimage, 32);
        byte[] digest = System.Security.Cryptography.SHA256.HashData(preimage);
        digest[0] &= 0x03;
        Assert.Equal(Felt.FromBytesBigEndian(digest), ProofCommit.CommitmentOf(7UL, proof));
        Assert.NotEqual(ProofCommit.CommitmentOf(7UL, proof), ProofCommit.CommitmentOf(8UL, proof));
    }

    [Fact]
    public void WithdrawAndDepositHashes_ArePoseidonOfDocumentedFields()
    {
        Assert.Equal(PoseidonHash.HashMany([MessageTags.Withdraw, 5UL, 6UL, Felt.One, Felt.One, 7UL]),
            WithdrawRequest.MessageFor(5UL, 6UL, Big, 7));
        var d = new DepositRequest(6UL, Big, 9UL, 7, null);
        Assert.Equal(PoseidonHash.HashMany([MessageTags.Deposit, 5UL, 6UL, Felt.One, Felt.One, 9UL, 7UL]), d.Hash(5UL));
    }

    [Fact]
    public void SignedJob_VerifiesWithStarkEcdsa()
    {
        var key = TestKey.Next();
        var h = new JobHeader(1UL, 2UL, Amount.From(3), 4, 5, key.Public, 6UL, 7UL);
        Signature s = RequestSigner.SignJob(key.Private, h);
        Assert.True(StarkEcdsa.Verify(key.Public, h.Hash(), s.R, s.S));
        Assert.False(StarkEcdsa.Verify(key.Public, (h with { StepLimit = 5 }).Hash(), s.R, s.S));
    }

    [Theory]
    [InlineData(RegistryError.ProofBoundToAnotherExecutor, "https://zetina.dev/problems/proof-bound-to-another-executor", 422)]
    [InlineData(RegistryError.NonceMismatch, "https://zetina.dev/problems/nonce-mismatch", 409)]
    [InlineData(RegistryError.InvalidRequest, "https://zetina.dev/problems/invalid-request", 400)]
    [InlineData(RegistryError.BadSignature, "https://zetina.dev/problems/bad-signature", 403)]
    public void Problems_ErrorMapping_StableTypeAndStatus(RegistryError e, string type, int status)
    {
        ProblemDto p = Problems.For(e, "detail", "/x");
        Assert.Equal(type, p.Type);
        Assert.Equal(status, p.Status);
        Assert.Equal(e, Problems.ErrorFromCode(p.Code));
    }
}
