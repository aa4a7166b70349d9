using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Proving;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>The default Stone parameters against Integrity's configuration rules, and the rules against real proofs.</summary>
public sealed class StoneDefaultParametersTests
{
    [Fact]
    public void Defaults_pass_Integrity_at_96_bits_for_every_trace_length()
    {
        for (int log = 1; log <= 30; log++)
        {
            StoneProofParameters p = StoneDefaultParameters.For(log);
            Assert.Null(IntegrityRules.FirstViolation(p, log));
            Assert.True(p.NQueries * p.LogNCosets + p.ProofOfWorkBits >= 96, $"2^{log}: {p.NQueries}·{p.LogNCosets}+{p.ProofOfWorkBits}");
            Assert.Equal(0, p.FriStepList[0]);
            Assert.Equal(log, p.FriStepList.Sum() + System.Numerics.BitOperations.Log2((ulong)p.LastLayerDegreeBound));
        }
    }

    [Fact]
    public void Defaults_for_the_shared_recursive_case_fold_by_16()
    {
        // 16,384 steps · 16 rows = 2^18 rows: three folds by 16 and a last layer of 2^6 would also do; the defaults
        // keep 2^7 coefficients and fold 4 + 4 + 3.
        StoneProofParameters p = StoneDefaultParameters.For(18);
        Assert.Equal([0, 4, 4, 3], p.FriStepList);
        Assert.Equal(128, p.LastLayerDegreeBound);
        Assert.Equal(76, p.NQueries);
        Assert.Equal(20, p.ProofOfWorkBits);
    }

    /// <summary>Integrity's own example proofs satisfy the rules (they are what its contracts were deployed for).</summary>
    [Theory]
    [InlineData("dex__cairo0_stone5_keccak_160_lsb_proof.json")]
    [InlineData("recursive__cairo0_stone6_keccak_160_lsb_proof.json")]
    [InlineData("recursive__cairo0_stone6_blake2s_248_lsb_proof.json")]
    [InlineData("recursive_with_poseidon__cairo0_stone5_keccak_160_lsb_proof.json")]
    [InlineData("small__cairo0_stone5_keccak_160_lsb_proof.json")]
    [InlineData("starknet__cairo0_stone5_keccak_160_lsb_proof.json")]
    [InlineData("starknet_with_keccak__cairo0_stone5_keccak_160_lsb_proof.json")]
    public void Integritys_example_proofs_pass_the_rules(string name)
    {
        StoneProofFile file = StoneProofFile.Parse(TestData.Read("proofs_integrity_fibonacci_layouts", name));
        int logTrace = System.Numerics.BitOperations.Log2((ulong)file.PublicInput.NSteps) + 4;
        Assert.Null(IntegrityRules.FirstViolation(file.Parameters, logTrace));
    }

    [Fact]
    public void Each_broken_rule_is_named()
    {
        StoneProofParameters ok = StoneDefaultParameters.For(18);
        Assert.Contains("proof_of_work_bits 19", IntegrityRules.FirstViolation(ok with { ProofOfWorkBits = 19 }, 18));
        Assert.Contains("proof_of_work_bits 51", IntegrityRules.FirstViolation(ok with { ProofOfWorkBits = 51 }, 18));
        Assert.Contains("below Integrity's 50", IntegrityRules.FirstViolation(ok with { NQueries = 29 }, 18));
        Assert.Contains("fri_step_list[0] is 4", IntegrityRules.FirstViolation(ok with { FriStepList = [4, 4, 3] }, 18));
        Assert.Contains("fri_step_list[1] is 5", IntegrityRules.FirstViolation(ok with { FriStepList = [0, 5, 3, 3] }, 18));
        Assert.Contains("2 to 16", IntegrityRules.FirstViolation(ok with { FriStepList = [0] , LastLayerDegreeBound = 1L << 18 }, 18));
        Assert.Contains("above Integrity's 2^15", IntegrityRules.FirstViolation(ok with { FriStepList = [0, 2], LastLayerDegreeBound = 1L << 16 }, 18));
        Assert.Contains("do not cover", IntegrityRules.FirstViolation(ok with { FriStepList = [0, 4, 4] }, 18));
    }
}
