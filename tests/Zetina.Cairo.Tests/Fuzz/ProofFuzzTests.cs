using CsCheck;
using Xunit.Abstractions;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Tests.Air;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.Cairo.Tests.Fuzz;

/// <summary>
/// Fuzzes the whole proof path, <see cref="CairoVerifier.Verify(ReadOnlySpan{byte}, in CairoBinding, Stark.Field.Felt?, int)"/>,
/// which the registry runs on every submitted proof: it must return a result for any bytes, never throw. Seeds: a
/// proof our prover made of c1_stone_e2e_fibonacci_small (<see cref="SmallCaseProofFixture"/>), mutated as a JSON
/// document and, to reach the STARK verifier, with its binary STARK proof mutated inside an intact document.
/// </summary>
public sealed class ProofFuzzTests(SmallCaseProofFixture f, ITestOutputHelper output) : IClassFixture<SmallCaseProofFixture>
{
    /// <summary>Verifying the honest proof allocates about 4 MB beside the document; the bound leaves 8x that.</summary>
    private const long PerInputByte = 64;
    private const long FixedBytes = 32 << 20;

    /// <summary>A verification costs tens of milliseconds; the fuzz runs a tenth of the usual count.</summary>
    private const int Cost = 10;

    [Fact]
    public void Verify_FuzzedProofDocument_ReturnsResultWithoutThrowing() =>
        FuzzRun.Check(Mutator.Any(Mutator.Json(f.Bytes)), Property, output, Cost);

    [Fact]
    public void Verify_FuzzedStarkProofInIntactDocument_ReturnsResultWithoutThrowing() =>
        FuzzRun.Check(Mutator.Bytes(f.Proof.StarkProof), stark => Property(WithStark(stark)), output, Cost,
            print: stark => $"stark proof of {stark.Length} bytes: {Convert.ToHexStringLower(stark)}");

    [Fact]
    public void Verify_HonestProof_StaysWithinTheAllocationBound()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        CairoVerifyResult r = CairoVerifier.Verify(f.Bytes, SmallCaseProofFixture.Binding);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"honest verify allocated {allocated} bytes for a {f.Bytes.Length}-byte document");
        Assert.True(r.IsValid, r.Message);
        Assert.True(allocated <= PerInputByte * f.Bytes.Length + FixedBytes, $"{allocated} bytes");
    }

    private byte[] WithStark(byte[] stark) => new CairoProof { Statement = f.Proof.Statement, StarkProof = stark }.ToJsonBytes();

    /// <summary>Any input: a verification result, and no exception of any kind.</summary>
    internal static void Property(byte[] document) =>
        ParserProperty.Holds(document, b => CairoVerifier.Verify(b, SmallCaseProofFixture.Binding), _ => false, PerInputByte, FixedBytes);
}
