using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Files;
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

    public CairoTrace BuildTrace() => CairoTraceBuilder.Build(Trace, Memory, PublicInput);

    public static CairoAir AirFor(CairoTrace trace, AirPublicInput input, CairoBinding binding = default) =>
        new(new CairoStatement { PublicInput = input, Shape = trace.Shape, Binding = binding });
}
