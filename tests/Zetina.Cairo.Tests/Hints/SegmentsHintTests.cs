using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class SegmentsHintTests
{
    [Fact]
    public void RelocateSegment_TemporaryCellsMoveToTheDestinationAtTheEnd()
    {
        Relocatable temp = default, dest = default;
        var r = HintHarness.Run(SegmentsHints.RelocateSegment, [("src_ptr", "felt*"), ("dest_ptr", "felt*"), ("copy", "felt*")], (m, b) =>
        {
            temp = m.AddTemporarySegment();
            dest = m.AddSegment();
            m.Insert(dest, F(100));               // dest already holds its first cell; the temporary one must agree.
            m.Insert(temp, F(100));
            m.Insert(temp.Add(1), F(7));
            m.Insert(temp.Add(2), MaybeRelocatable.FromRelocatable(temp.Add(1)));   // an address into itself
            m.Insert(b, MaybeRelocatable.FromRelocatable(temp));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(dest.Add(0)));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(temp.Add(2)));
        });
        Memory mem = r.Vm.Memory;
        Assert.Equal(-1, temp.Segment);
        Assert.Equal(0, mem.TemporarySegmentCount);
        Assert.Equal(7, (long)mem.GetFelt(dest.Add(1)).ToBigInteger());
        Assert.Equal(dest.Add(1), mem.GetRelocatable(dest.Add(2)));
        // Cells that held addresses in the temporary segment now hold the relocated addresses.
        Assert.Equal(dest, mem.GetRelocatable(new Relocatable(1, 2)));
        Assert.Equal(dest.Add(2), mem.GetRelocatable(new Relocatable(1, 4)));
    }

    [Fact]
    public void RelocateSegment_ConflictingDestinationCell_IsAWriteConflict()
    {
        Assert.ThrowsAny<WriteConflictException>(() => HintHarness.Run(SegmentsHints.RelocateSegment, [("src_ptr", "felt*"), ("dest_ptr", "felt*")], (m, b) =>
        {
            Relocatable temp = m.AddTemporarySegment(), dest = m.AddSegment();
            m.Insert(dest, F(1));
            m.Insert(temp, F(2));
            m.Insert(b, MaybeRelocatable.FromRelocatable(temp));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(dest));
        }));
    }

    [Fact]
    public void RelocateSegment_SourceNotATemporarySegment_FailsAtThePc()
    {
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(SegmentsHints.RelocateSegment, [("src_ptr", "felt*"), ("dest_ptr", "felt*")], (m, b) =>
        {
            Relocatable real = m.AddSegment();
            m.Insert(b, MaybeRelocatable.FromRelocatable(real));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(real));
        }));
        Assert.Contains("segment_index must be < 0", e.Message);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void TemporarySegmentWithValuesButNoRule_FailsWhenTheRunEnds()
    {
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(SegmentsHints.TemporaryArray, [("temporary_array", "felt*")], (m, b) =>
        {
            Relocatable temp = m.AddTemporarySegment();
            m.Insert(temp, F(3));
        }));
        Assert.Contains("no relocation rule", e.Message);
    }

    [Fact]
    public void TemporaryArray_WritesANegativeSegmentBase_LeftWithoutRuleFailsAtTheEnd()
    {
        // The base lands at [ap] (1:2); with no relocation rule the address cannot be relocated when the run ends.
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(SegmentsHints.TemporaryArray, [("temporary_array", "felt*")], (_, _) => { }));
        Assert.Contains("memory cell 1:2 holds -1:0", e.Message);
    }

    [Fact]
    public void RelocationRules_Chain_ResolveToTheRealSegment()
    {
        var m = new Memory();
        Relocatable real = m.AddSegment();
        Relocatable t1 = m.AddTemporarySegment(), t2 = m.AddTemporarySegment();
        m.Insert(t2.Add(1), F(9));
        m.AddRelocationRule(t2, t1.Add(3));
        m.AddRelocationRule(t1, real.Add(10));
        Assert.Equal(real.Add(14), m.Resolve(t2.Add(1)));
        Assert.Throws<CairoException>(() => m.AddRelocationRule(t1, real));
        m.RelocateTemporarySegments();
        Assert.Equal(9, (long)m.GetFelt(real.Add(14)).ToBigInteger());
    }
}
