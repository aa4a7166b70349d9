using Zetina.Stark.Parameters;

namespace Zetina.Stark.Tests.Stark;

/// <summary>Stone-named parameters: consistency rules and the conjectured-security formula.</summary>
public class StarkParametersTests
{
    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(20)]
    [InlineData(24)]
    public void Default_AnySize_ValidAndAtLeast96Bits(int logN)
    {
        StarkParameters p = StarkParameters.Default(logN);
        Assert.Null(p.Validate(logN));
        Assert.True(p.ConjecturedSecurityBits(logN) >= 96, $"{p.ConjecturedSecurityBits(logN)} bits");
    }

    [Fact]
    public void ConjecturedSecurity_Formula_QueriesTimesLogBlowupPlusGrinding()
    {
        var p = new StarkParameters(4, 20, 16, [4, 4, 4], 16, "keccak256");
        Assert.Equal(20 * 4 + 16, p.ConjecturedSecurityBits(16));
        // Capped by the commitment hash's collision resistance: 128 bits for Keccak-256, 80 for a masked 160-bit digest.
        var big = new StarkParameters(6, 200, 0, [4, 4, 4], 16, "keccak256");
        Assert.Equal(128, big.ConjecturedSecurityBits(16));
        Assert.Equal(80, (big with { Hash = "keccak256_masked160_lsb" }).ConjecturedSecurityBits(16));
    }

    [Theory]
    [InlineData(29, 1, null)]
    [InlineData(29, 2, "exceeds 2^30")]
    [InlineData(30, 1, "exceeds 2^30")]
    public void Validate_EvaluationDomainAbove2To30_Refused(int logN, int logCosets, string? expected)
    {
        // n << log_n_cosets overflowed an int from 2^31 points on; the bound refuses such shapes by name.
        int logLast = 4;
        var steps = new List<int>();
        for (int left = logN - logLast; left > 0; left -= Math.Min(3, left)) steps.Add(Math.Min(3, left));
        string? error = new StarkParameters(logCosets, 8, 0, steps.ToArray(), 1 << logLast, "keccak256").Validate(logN);
        if (expected is null) Assert.Null(error);
        else Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(new[] { 3, 3 }, 4, null)]
    [InlineData(new[] { 0, 3, 3 }, 4, null)]
    [InlineData(new[] { 3, 2 }, 4, "fri_step_list sums to 5")]
    [InlineData(new[] { 3, 0, 3 }, 4, "fri_step_list[1] = 0")]
    [InlineData(new[] { 3, 3 }, 3, "power of two")]
    public void Validate_StepListAndLastLayer_Checked(int[] steps, int lastBound, string? expected)
    {
        string? error = new StarkParameters(2, 8, 0, steps, lastBound, "keccak256").Validate(8);
        if (expected is null) Assert.Null(error);
        else Assert.Contains(expected, error);
    }

    [Fact]
    public void Validate_UnknownHashOrAbsurdValues_Refused()
    {
        Assert.Contains("unknown hash", new StarkParameters(2, 8, 0, [3, 3], 4, "sha1").Validate(8));
        Assert.Contains("n_queries", new StarkParameters(2, 100000, 0, [3, 3], 4, "keccak256").Validate(8));
        Assert.Contains("log_n_cosets", new StarkParameters(0, 8, 0, [3, 3], 4, "keccak256").Validate(8));
    }
}
