using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests.Air;

/// <summary>A reference case from <c>../shared/testdata/cairo/</c>: trace, memory and public input.</summary>
internal sealed record ReferenceRun(string Case, RegisterState[] Trace, MemoryImage Memory, AirPublicInput PublicInput)
{
    public static ReferenceRun Load(string name)
    {
        string dir = RepoPaths.SharedFile("testdata", "cairo", name);
        return new ReferenceRun(name,
            TraceFile.Read(Path.Combine(dir, "trace.bin")),
            MemoryImage.Read(Path.Combine(dir, "memory.bin")),
            AirPublicInput.Read(Path.Combine(dir, "air_public_input.json")));
    }

    /// <summary>
    /// The case as the prover's input with the program header taken from its compiled program (<c>program.json</c>,
    /// <c>program_nonproof.json</c> or <c>bootloader.json[.gz]</c>), laid out as proof mode ran it.
    /// </summary>
    public static CairoRun ProverInput(string name)
    {
        string dir = RepoPaths.SharedFile("testdata", "cairo", name);
        string programFile = new[] { "program.json", "program_nonproof.json", "bootloader.json" }
            .Select(f => Path.Combine(dir, f)).First(DataFile.Exists);
        Zetina.Cairo.Program.CairoProgram program = Zetina.Cairo.Program.ProgramLoader.Load(DataFile.ReadAllBytes(programFile)).WithProofModeHeader();
        return CairoRun.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"),
            (ulong)(program.Main ?? 0), program.Builtins);
    }

    public CairoTrace BuildTrace() => CairoTraceBuilder.Build(Trace, Memory, PublicInput);

    public static CairoAir AirFor(CairoTrace trace, AirPublicInput input, CairoBinding binding = default) =>
        new(new CairoStatement { PublicInput = input, Shape = trace.Shape, Binding = binding });
}
