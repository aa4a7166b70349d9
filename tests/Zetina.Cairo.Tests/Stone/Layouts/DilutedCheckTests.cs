using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Layouts;

public sealed class DilutedCheckTests
{
    [Theory]
    [InlineData(4, 16)]
    [InlineData(4, 5)]
    [InlineData(3, 7)]
    public void Final_cumulative_value_equals_the_recurrence_run_step_by_step(int spacing, int bits)
    {
        Felt z = Felt.Parse("0x2b4b8497e7e2a5d3d3a1575627c4abdd77266355ad751bf6a523c7f2a8f7b64");
        Felt alpha = Felt.Parse("0x5fa797b4769d4ce888213fc16d442d29c3215163bf0117a1cacc08ce5f713ab");
        Felt r = Felt.One;
        for (ulong j = 1; j < 1UL << bits; j++)
        {
            Felt u = DilutedCheckComponent.Dilute(j, spacing, bits) - DilutedCheckComponent.Dilute(j - 1, spacing, bits);
            r = r * (Felt.One + z * u) + alpha * u * u;
        }

        Assert.Equal(r, DilutedCheckComponent.FinalCumulativeValue(z, alpha, spacing, bits));
    }
}
