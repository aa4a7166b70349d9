using Zetina.Gpu.Backend;
using Zetina.Gpu.Kernels;

// Writes one PTX module per kernel into the folder given (scripts/gen-ptx: src/Gpu/Ptx), or with
// --check compares the folder's files with freshly compiled PTX and exits 1 when one differs.
bool check = args.Contains("--check");
string? folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
if (folder is null)
{
    Console.Error.WriteLine("usage: Zetina.PtxGen FOLDER [--check]   (scripts/gen-ptx passes src/Gpu/Ptx)");
    return 2;
}
folder = Path.GetFullPath(folder);
Directory.CreateDirectory(folder);
int stale = 0;
foreach (GpuKernel kernel in GpuKernels.All)
{
    string ptx = PtxCompiler.Compile(kernel);
    string path = Path.Combine(folder, GpuKernels.Name(kernel) + ".ptx");
    if (check)
    {
        bool same = File.Exists(path) && File.ReadAllText(path) == ptx;
        if (!same) stale++;
        Console.WriteLine($"{(same ? "ok   " : "STALE")} {path}");
    }
    else
    {
        File.WriteAllText(path, ptx);
        Console.WriteLine($"wrote {path} ({ptx.Length} chars)");
    }
}
return stale == 0 ? 0 : 1;
