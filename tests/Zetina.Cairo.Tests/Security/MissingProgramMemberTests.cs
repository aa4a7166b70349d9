using System.Text;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;

namespace Zetina.Cairo.Tests.Security;

/// <summary>
/// A job's program JSON comes from the network: a member the loader reads with <c>GetProperty</c> left out must be a
/// <see cref="CairoErrorKind.MalformedProgram"/>, not a <see cref="KeyNotFoundException"/> escaping the executor's
/// error handling (found by <c>ProgramLoaderFuzzTests</c>).
/// </summary>
public sealed class MissingProgramMemberTests
{
    private const string Prime = "\"prime\": \"0x800000000000011000000000000000000000000000000000000000000000001\", \"data\": []";

    [Theory]
    [InlineData("\"reference_manager\": {\"references\": [{\"pc\": 0}]}")]
    [InlineData("\"reference_manager\": {\"references\": [{\"value\": \"[cast(fp, felt*)]\", \"ap_tracking_data\": {\"offset\": 0}}]}")]
    [InlineData("\"hints\": {\"0\": [{\"accessible_scopes\": []}]}")]
    [InlineData("\"hints\": {\"0\": [{\"code\": \"x\", \"flow_tracking_data\": {\"ap_tracking\": {\"group\": 0}}}]}")]
    [InlineData("\"attributes\": [{\"name\": \"error_message\", \"start_pc\": 0}]")]
    public void Load_MemberLeftOut_ThrowsMalformedProgram(string member)
    {
        byte[] json = Encoding.UTF8.GetBytes("{" + Prime + ", " + member + "}");
        CairoException e = Assert.Throws<CairoException>(() => ProgramLoader.Load(json));
        Assert.Equal(CairoErrorKind.MalformedProgram, e.Kind);
    }
}
