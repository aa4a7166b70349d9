using CsCheck;
using Xunit.Abstractions;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Tests.Air;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.Cairo.Tests.Fuzz;

/// <summary>
/// Fuzzes the whole proof path, <see cref="CairoVerifier.Verify(ReadOnlySpan{byte}, in CairoBinding, Stark.Field.Felt?, int)"/>,
/// which the registry runs on every submitted proof: it must return a result for any bytes, never throw. Seeds: a
/// proof our prover made of c0_fibonacci_hint_recursive (<see cref="SmallCaseProofFixture"/>), mutated as a JSON
/// document and, to reach the STARK verifier, with its binary STARK proof mutated inside an intact document.
/// </summary>
public sealed class ProofFuzzTests(SmallCaseProofFixture f, ITestOutputHelper output) : IClassFixture<SmallCaseProofFixture>
{
    /// <summary>Verifying the honest proof allocates about 4 MB beside the document; the bound leaves 8x that.</summary>
    private const long PerInputByte = 64;
    private const long FixedBytes = 32 << 20;

    /// <summary>A rejected document costs a few milliseconds; the fuzz runs a tenth of the usual count.</summary>
    private const int Cost = 10;

    /// <summary>A mutated STARK proof often reaches the FRI checks (tens of milliseconds): a twenty-fifth of the count.</summary>
    private const int StarkCost = 25;

    [Fact]
    public void Verify_FuzzedProofDocument_ReturnsResultWithoutThrowing()
    {
        var verdicts = new Verdicts();
        FuzzRun.Check(Mutator.Any(Mutator.Json(f.Bytes)), d => Property(d, verdicts), output, Cost);
        verdicts.WriteTo(output);
    }

    [Fact]
    public void Verify_FuzzedStarkProofInIntactDocument_ReturnsResultWithoutThrowing()
    {
        var verdicts = new Verdicts();
        FuzzRun.Check(Mutator.Bytes(f.Proof.StarkProof), stark => Property(WithStark(stark), verdicts), output, StarkCost,
            print: stark => $"stark proof of {stark.Length} bytes: {Convert.ToHexStringLower(stark.AsSpan(0, Math.Min(stark.Length, 512)))}");
        verdicts.WriteTo(output);
    }

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
    internal static void Property(byte[] document, Verdicts? verdicts = null) =>
        ParserProperty.Holds(document, b => verdicts?.Add(CairoVerifier.Verify(b, SmallCaseProofFixture.Binding)), _ => false, PerInputByte, FixedBytes);

    /// <summary>How far the fuzzed proofs got: a count per verdict, to see the mutations reach the STARK verifier.</summary>
    internal sealed class Verdicts
    {
        private readonly Dictionary<CairoVerifyError, long> _counts = [];

        public void Add(CairoVerifyResult r)
        {
            lock (_counts) _counts[r.Error] = _counts.GetValueOrDefault(r.Error) + 1;
        }

        public void WriteTo(ITestOutputHelper output)
        {
            lock (_counts)
                foreach (var kv in _counts.OrderBy(kv => kv.Key)) output.WriteLine($"  {kv.Key}: {kv.Value}");
        }
    }
}
