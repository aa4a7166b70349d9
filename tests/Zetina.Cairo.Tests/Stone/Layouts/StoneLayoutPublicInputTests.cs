using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;

namespace Zetina.Cairo.Tests.Stone.Layouts;

public sealed class StoneLayoutPublicInputTests
{
    private static AirPublicInput Recursive() =>
        AnnotatedProof.Read("proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_keccak_160_lsb_proof.json").PublicInput;

    private static AirPublicInput With(AirPublicInput p, string? layout = null, long? nSteps = null, long? rcMin = null, long? rcMax = null,
        IReadOnlyList<MemorySegment>? segments = null) => new()
    {
        Layout = layout ?? p.Layout, NSteps = nSteps ?? p.NSteps, RcMin = rcMin ?? p.RcMin, RcMax = rcMax ?? p.RcMax,
        MemorySegments = segments ?? p.MemorySegments, PublicMemory = p.PublicMemory,
    };

    private static IReadOnlyList<MemorySegment> Resized(AirPublicInput p, string name, ulong used) =>
        [.. p.MemorySegments.Select(s => s.Name == name ? s with { StopPtr = s.BeginAddr + used } : s)];

    [Fact]
    public void The_table_finds_each_layout_by_name_and_nothing_else()
    {
        foreach (IStoneLayout layout in StoneLayoutTable.All) Assert.Same(layout, StoneLayoutTable.Find(layout.Name));
        Assert.Null(StoneLayoutTable.Find("all_cairo_no_such"));
        Assert.Equal(StoneLayoutTable.All.Count, StoneLayoutTable.All.Select(l => l.Name).Distinct().Count());
    }

    [Fact]
    public void Each_layouts_mask_is_ordered_by_column_then_row_and_within_its_columns()
    {
        foreach (IStoneLayout layout in StoneLayoutTable.All)
        {
            for (int i = 1; i < layout.Mask.Count; i++)
            {
                StoneMaskEntry a = layout.Mask[i - 1], b = layout.Mask[i];
                Assert.True(a.Column < b.Column || (a.Column == b.Column && a.RowOffset < b.RowOffset), $"{layout.Name}: mask entry {i} is out of order");
            }
            Assert.Equal(layout.TraceColumns + layout.InteractionColumns, layout.Mask[^1].Column + 1);
        }
    }

    [Fact]
    public void A_real_statement_passes()
    {
        Assert.Null(RecursiveLayout.Instance.CheckPublicInput(Recursive()));
    }

    [Fact]
    public void Each_broken_fact_is_named()
    {
        AirPublicInput p = Recursive();
        IStoneLayout layout = RecursiveLayout.Instance;
        Assert.Contains("layout", layout.CheckPublicInput(With(p, layout: "small")));
        Assert.Contains("power of two", layout.CheckPublicInput(With(p, nSteps: 65535)));
        Assert.Contains("slots", layout.CheckPublicInput(With(p, nSteps: 2)));
        Assert.Contains("range-check bounds", layout.CheckPublicInput(With(p, rcMin: p.RcMax + 1)));
        Assert.Contains("range-check bounds", layout.CheckPublicInput(With(p, rcMax: 1 << 16)));
        Assert.Contains("'bitwise'", layout.CheckPublicInput(With(p, segments: [.. p.MemorySegments.Where(s => s.Name != "bitwise")])));
        // 65536 steps fit 65536·16/2048 = 512 pedersen instances of 3 cells.
        Assert.Null(layout.CheckPublicInput(With(p, segments: Resized(p, "pedersen", 512 * 3))));
        Assert.Contains("fits 512", layout.CheckPublicInput(With(p, segments: Resized(p, "pedersen", 513 * 3))));
        Assert.Contains("multiple of 5", layout.CheckPublicInput(With(p, segments: Resized(p, "bitwise", 7))));
    }
}
