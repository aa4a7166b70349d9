using System.Diagnostics;

namespace Zetina.Node.Tests.Cli;

/// <summary>
/// <c>zetina bench gpu</c> and <c>zetina bench stark --gpu</c> on a machine without a GPU (this one and CI), run as its own process so that the
/// exit code and the exact output are what a user sees.
/// </summary>
public sealed class BenchGpuCommandTests
{
    /// <summary>
    /// True when the kernel driver lists a GPU. Not <c>/dev/nvidiactl</c>: NVIDIA's libcuda, loaded as root, creates
    /// that node itself even on a machine without a GPU.
    /// </summary>
    private static bool HasNvidiaGpu() =>
        Directory.Exists("/proc/driver/nvidia/gpus") && Directory.EnumerateFileSystemEntries("/proc/driver/nvidia/gpus").Any();

    [Fact]
    public void BenchGpu_NoGpu_PrintsTheNoGpuLineAndANoteAndExitsZero()
    {
        if (HasNvidiaGpu()) Assert.Fail("this test expects a machine without an NVIDIA GPU (CI has none)");
        (int code, string stdout, string stderr) = Run("bench", "gpu");
        Assert.Equal(0, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("no GPU found (", lines[0]);
        Assert.StartsWith("note: ", lines[1]);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void BenchGpu_NoGpuWithJson_KeepsStdoutEmptyForJsonLines()
    {
        if (HasNvidiaGpu()) Assert.Fail("this test expects a machine without an NVIDIA GPU (CI has none)");
        (int code, string stdout, string stderr) = Run("bench", "gpu", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("no GPU found (", stderr);
    }

    [Fact]
    public void BenchStarkGpu_NoGpu_SaysSoMeasuresNothingAndExitsZero()
    {
        if (HasNvidiaGpu()) Assert.Fail("this test expects a machine without an NVIDIA GPU (CI has none)");
        (int code, string stdout, string stderr) = Run("bench", "stark", "--gpu", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("no GPU found (", lines[0]);
        Assert.StartsWith("note: --gpu needs a CUDA GPU", lines[1]);
    }

    [Fact]
    public void BenchProveGpu_NoGpu_SaysSoAndProvesOnTheCpu()
    {
        if (HasNvidiaGpu()) Assert.Fail("this test expects a machine without an NVIDIA GPU (CI has none)");
        (int code, string stdout, string stderr) = Run("bench", "prove", "--log-steps", "8", "--gpu", "--json");
        Assert.Equal(0, code);
        Assert.StartsWith("no GPU found (", stderr);
        Assert.Contains("; proving on the CPU", stderr);
        Assert.Contains("\"name\":\"prove_steps_per_s\"", stdout);
    }

    [Fact]
    public void BenchGpu_BadLogSize_IsAUsageErrorWithExitTwo()
    {
        (int code, _, string stderr) = Run("bench", "gpu", "--log-size", "40");
        Assert.Equal(2, code);
        Assert.Contains("--log-size expects an integer in 2..26, got '40'", stderr);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "zetina.dll"));
        foreach (string a in args) psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("zetina did not exit within 60 s");
        }
        return (p.ExitCode, stdout.Result.Replace("\r", ""), stderr.Result.Replace("\r", ""));
    }
}
