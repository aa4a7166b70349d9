using BenchmarkDotNet.Running;

namespace Zetina.Bench;

/// <summary>Developer benchmarks: <c>dotnet run -c Release --project bench/Zetina.Bench -- --filter '*Felt*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
