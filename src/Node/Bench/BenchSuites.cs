using Zetina.Node.Cli;

namespace Zetina.Node.Bench;

/// <summary>
/// Every <c>zetina bench</c> suite, one file each in this folder, all printing through <see cref="BenchReport"/> and
/// timing with <see cref="BenchTiming"/> (BenchmarkDotNet suites for the library code live in bench/).
/// </summary>
internal static class BenchSuites
{
    /// <summary>The suites' commands, in the order <c>zetina --help</c> lists them.</summary>
    public static readonly CliCommand[] Commands =
    [
        .. FieldBench.Commands,
        .. VmBench.Commands,
        .. StarkBench.Commands,
        .. ProveBench.Commands,
        .. P2PBench.Commands,
        .. GpuBench.Commands,
        .. RegistryBench.Commands,
    ];
}
