using CsCheck;
using Xunit.Abstractions;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.Cairo.Tests.Fuzz;

/// <summary>
/// Fuzzes <see cref="ProgramLoader.Load"/>, which the executor runs on the program of every job body it fetches:
/// random bytes and mutations of two real cairo-compile outputs (one plain, one with hints and references).
/// </summary>
public sealed class ProgramLoaderFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[] Plain = TestData.Read("c0_lw_fibonacci_5_plain", "program.json");
    private static readonly byte[] WithHints = TestData.Read("c0_fibonacci_hint_recursive", "program_nonproof.json");

    /// <summary>A JSON document costs a few times its size; a program also keeps its identifiers and hints.</summary>
    private const long PerInputByte = 64;
    private const long FixedBytes = 4 << 20;

    [Fact]
    public void Load_FuzzedProgramJson_ReturnsProgramOrMalformedProgram() =>
        FuzzRun.Check(Mutator.Any(Mutator.Json(Plain), Mutator.Json(WithHints)), Property, output);

    internal static void Property(byte[] input) =>
        ParserProperty.Holds(input, b => ProgramLoader.Load(b), e => e is CairoException, PerInputByte, FixedBytes);
}
