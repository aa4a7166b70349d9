namespace Zetina.Node.Cli;

/// <summary><c>zetina version</c>: the same as <c>zetina --version</c>, plus the runtime it runs on.</summary>
internal static class VersionCommand
{
    public static readonly CliCommand[] Commands =
    [
        new(["version"], "print the version and the runtime", "usage: zetina version", Run),
    ];

    private static int Run(CliArgs args)
    {
        args.RejectUnknown();
        Console.Out.WriteLine($"zetina {CommandTable.Version}");
        Console.Out.WriteLine($"runtime {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
            $"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, " +
            $"AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, BMI2 {System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported}");
        return 0;
    }
}
