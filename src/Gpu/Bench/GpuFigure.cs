namespace Zetina.Gpu.Bench;

/// <summary>
/// One measured figure of <c>zetina bench gpu</c>: <paramref name="Name"/> (what was timed, e.g.
/// "ntt.kernel"), the log size, the unit ("ms", "MB/s") and the value.
/// </summary>
public readonly record struct GpuFigure(string Name, int LogSize, string Unit, double Value);
