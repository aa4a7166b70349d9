using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Run;
using Zetina.Node.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// A Cairo PIE as a job: read and checked (<see cref="CairoPie.Read(Stream)"/>), the task program hash the bootloader will
/// write for it, the output the PIE recorded, and the layout its bootloader run is proved in.
/// </summary>
/// <remarks>
/// The task hash is the Pedersen <c>compute_program_hash_chain</c> (<see cref="Cairo.Bootloader.TaskProgramHash"/>):
/// the shared 0.13.0 bootloader always hashes with Pedersen, so PIE jobs never ask for Poseidon.
/// </remarks>
internal sealed record PieJob(CairoPie Pie, Felt TaskProgramHash, Felt[] RecordedOutput)
{
    /// <summary>
    /// Reads a PIE zip. Throws <see cref="MalformedPieException"/> (its <see cref="PieDefect"/> says what is wrong) when
    /// the archive fails cairo-lang's validity checks, or when its output segment has a hole.
    /// </summary>
    public static PieJob Read(byte[] zip)
    {
        CairoPie pie = CairoPie.Read(new MemoryStream(zip, writable: false));
        Felt hash = Cairo.Bootloader.TaskProgramHash.Of(new PieTask(pie, UsePoseidon: false), usePoseidon: false);
        return new PieJob(pie, hash, OutputOf(pie));
    }

    /// <summary>
    /// The layout this PIE's bootloader run has the fewest steps in (<see cref="BootloaderLayout.RunInSmallest"/>:
    /// measured by running it, so the builtins the bootloader declares but the task leaves unused pad nothing).
    /// Throws <see cref="CairoException"/> when the bootloader fails on the PIE or no layout holds the builtins it uses.
    /// </summary>
    public CairoLayout SmallestLayout(BootloaderProgram bootloader, ulong maxSteps) =>
        BootloaderLayout.RunInSmallest(bootloader.Program, BootloaderInput(), (long)Math.Min(maxSteps, long.MaxValue)).Options.Layout;

    /// <summary>
    /// A PIE job's body for <paramref name="zip"/> under <paramref name="bootloader"/>: read and checked first (a
    /// <see cref="MalformedPieException"/> otherwise), in <see cref="SmallestLayout"/>. Throws
    /// <see cref="InvalidOperationException"/> when the bootloader fails on the PIE or no layout holds its builtins.
    /// </summary>
    public static (JobBody Body, PieJob Pie) BodyFor(byte[] zip, BootloaderProgram bootloader, ulong maxSteps)
    {
        PieJob pie = Read(zip);
        CairoLayout layout;
        try
        {
            layout = pie.SmallestLayout(bootloader, maxSteps);
        }
        catch (CairoException e) when (e is not MalformedPieException)
        {
            throw new InvalidOperationException("the bootloader fails on the PIE: " + e.Message, e);
        }
        return (JobBody.Pie(layout.Name, maxSteps, zip), pie);
    }

    /// <summary>The bootloader's input for this job: the PIE as its one plain task, no verifier programs.</summary>
    public BootloaderInput BootloaderInput() => Cairo.Bootloader.BootloaderInput.Plain(new PieTask(Pie, UsePoseidon: false));

    /// <summary>The PIE's output builtin segment, cell by cell from offset 0 (empty without an output builtin).</summary>
    private static Felt[] OutputOf(CairoPie pie)
    {
        PieSegment? output = null;
        foreach (var kv in pie.BuiltinSegments) if (kv.Key == "output") output = kv.Value;
        if (output is not PieSegment seg || seg.Size == 0) return [];
        // Every output cell must be in memory.bin, so a size above its record count is a hole: refused before allocating.
        if (seg.Size > pie.Memory.Count)
            throw new MalformedPieException(PieDefect.BadFormat, $"the output segment declares {seg.Size} cells and memory.bin holds {pie.Memory.Count} in all");
        var cells = new Felt?[seg.Size];
        foreach (var cell in pie.Memory)
        {
            if (cell.Key.Segment != seg.Index) continue;
            if (!cell.Value.IsFelt)
                throw new MalformedPieException(PieDefect.BadFormat, $"output cell {cell.Key.Offset} holds an address, not a felt");
            cells[cell.Key.Offset] = cell.Value.Felt;
        }
        var felts = new Felt[seg.Size];
        for (int i = 0; i < felts.Length; i++)
            felts[i] = cells[i] ?? throw new MalformedPieException(PieDefect.BadFormat, $"the output segment declares {seg.Size} cells and cell {i} is not in memory.bin");
        return felts;
    }
}
