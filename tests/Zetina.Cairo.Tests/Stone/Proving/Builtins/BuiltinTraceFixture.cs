using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

/// <summary>A run that only has builtin memory: segments for a layout's builtins and the cells the test writes.</summary>
internal sealed class BuiltinTraceFixture
{
    private readonly SortedDictionary<ulong, Felt> _cells = [];
    private readonly Dictionary<long, (Felt R, Felt W)> _signatures = [];

    /// <summary>Each builtin's segment begins here (segments 1000 cells apart, far from each other).</summary>
    public static ulong Begin(string builtin) => builtin switch
    {
        "output" => 1000, "pedersen" => 10_000, "range_check" => 100_000, "ecdsa" => 200_000, "bitwise" => 300_000,
        "ec_op" => 400_000, "keccak" => 500_000, "poseidon" => 600_000,
        _ => throw new ArgumentException(builtin),
    };

    public void Write(ulong address, Felt value) => _cells[address] = value;

    public void Sign(long instance, Felt r, Felt w) => _signatures[instance] = (r, w);

    public AirPublicInput PublicInput(StoneCairoLayout layout, long rows) => new()
    {
        Layout = layout.Name, RcMin = 0, RcMax = 0xFFFF, NSteps = rows / 16,
        MemorySegments = [new MemorySegment("program", 1, 5), new MemorySegment("execution", 5, 10),
            .. layout.Builtins.Select(b => new MemorySegment(b, Begin(b), Begin(b)))],
        PublicMemory = [],
    };

    public CairoRun Run(StoneCairoLayout layout, long rows) =>
        new([], MemoryImage.FromCells([.. _cells.Keys], [.. _cells.Values]), PublicInput(layout, rows), 0, [])
        {
            EcdsaSignatures = _signatures,
        };

    /// <summary>An empty original trace of <paramref name="rows"/> rows for <paramref name="layout"/>.</summary>
    public static StoneTraceTable Table(StoneCairoLayout layout, int rows) => new(layout.TraceColumns, rows);
}
