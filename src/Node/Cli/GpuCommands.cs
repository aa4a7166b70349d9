using System.Text.Json;
using Zetina.Gpu;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Bench;

namespace Zetina.Node.Cli;

/// <summary><c>zetina bench gpu</c>: the device found, and NTT / LDE / Merkle figures on it.</summary>
internal static class GpuCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "gpu"], "GPU device and NTT/LDE/Merkle figures (no GPU: says so, exits 0)",
            """
            usage: zetina bench gpu [--log-size N]... [--repeats N] [--json]

            Finds the CUDA device through the driver (libcuda.so.1) and times, at each 2^N (default 16, 20, 24):
            the NTT of one column, the coset LDE of 8 columns (blowup 4) and the Keccak Merkle commitment of rows
            of 8 elements, with host→device copies reported apart from kernel time. Without a GPU it prints one
            line saying why and exits 0. --json prints one JSON object per figure:
              {"suite":"gpu","name":"ntt.kernel","log_size":20,"unit":"ms","value":1.9}
            """,
            BenchGpu),
    ];

    private static int BenchGpu(CliArgs args)
    {
        bool json = args.Flag("json");
        int repeats = args.Int("repeats", 3);
        var sizes = new List<int>();
        foreach (string s in args.Options("log-size"))
        {
            if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < 2 || v > 26)
                throw new CliUsageException($"--log-size expects an integer in 2..26, got '{s}'");
            sizes.Add(v);
        }
        if (sizes.Count == 0) sizes.AddRange([16, 20, 24]);
        if (repeats < 1) throw new CliUsageException($"--repeats must be at least 1, got {repeats}");
        args.RejectUnknown();

        using IGpuBackend? backend = GpuSelection.TryOpen(out string line);
        TextWriter info = json ? Console.Error : Console.Out;
        info.WriteLine(line);
        if (backend is null)
        {
            info.WriteLine("note: nothing to measure without a CUDA GPU; the kernels are tested on ILGPU's CPU accelerator (tests/Zetina.Gpu.Tests)");
            return 0;
        }

        if (!json) Console.Out.WriteLine($"{"name",-32} {"log_size",8} {"value",12} unit");
        foreach (int logSize in sizes)
        {
            GpuBenchmark.Run(backend, logSize, repeats, f =>
            {
                if (json) WriteJson(f);
                else Console.Out.WriteLine($"{f.Name,-32} {f.LogSize,8} {f.Value,12:F3} {f.Unit}");
            });
        }
        return 0;
    }

    private static void WriteJson(GpuFigure f)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("suite", "gpu");
            w.WriteString("name", f.Name);
            w.WriteNumber("log_size", f.LogSize);
            w.WriteString("unit", f.Unit);
            w.WriteNumber("value", Math.Round(f.Value, 4));
            w.WriteEndObject();
        }
        Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
