using Zetina.Cairo.Pie;
using Zetina.Node.Proving;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Support;

/// <summary>The shared compiled bootloader (cairo-lang 0.13.0) and PIEs, as PIE-job tests use them.</summary>
internal static class PieFixtures
{
    /// <summary>
    /// A fibonacci PIE whose run wrote its claim to the output builtin (index 10 and fib(1, 1, 10) = 144; its hints
    /// already ran). The shared <c>pie_fibonacci_nohint_nobuiltins</c> has no output builtin: its PIE job's output is empty.
    /// </summary>
    public const string FibonacciPie = "pie_fibonacci_hint_recursive_with_poseidon";

    /// <summary>The shared compiled bootloader, gzipped (what <c>--bootloader</c> is pointed at in the tests).</summary>
    public static string BootloaderPath =>
        RepoPaths.SharedFile("testdata", "cairo", "c0_bootloader_program_fibonacci_starknet_with_keccak", "bootloader.json.gz");

    private static readonly Lazy<BootloaderProgram> s_bootloader = new(() => BootloaderProgram.Load(BootloaderPath));

    /// <summary>The shared bootloader, loaded once.</summary>
    public static BootloaderProgram Bootloader => s_bootloader.Value;

    /// <summary>The zip bytes of a shared PIE case.</summary>
    public static byte[] PieZip(string caseName) => File.ReadAllBytes(RepoPaths.SharedFile("testdata", "cairo", caseName, "cairo_pie.zip"));

    /// <summary>
    /// What the PIE's run wrote: its output builtin's cells in offset order, read here from the PIE's memory apart
    /// from the code under test.
    /// </summary>
    public static Felt[] RecordedOutput(byte[] zip)
    {
        CairoPie pie = CairoPie.Read(new MemoryStream(zip));
        if (!pie.BuiltinSegments.Any(kv => kv.Key == "output")) return [];
        int segment = pie.BuiltinSegments.Single(kv => kv.Key == "output").Value.Index;
        return [.. pie.Memory.Where(c => c.Key.Segment == segment).OrderBy(c => c.Key.Offset).Select(c => c.Value.Felt)];
    }
}
