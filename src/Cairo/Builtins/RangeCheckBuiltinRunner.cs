using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The range-check builtins: every cell must hold a felt below 2^(16·nParts) — <c>range_check</c> (8 parts,
/// 2^128) and <c>range_check96</c> (6 parts, 2^96). Each value's 16-bit parts enter the AIR's permutation range
/// check, so they widen rc_min/rc_max.
/// </summary>
public sealed class RangeCheckBuiltinRunner : BuiltinRunner
{
    /// <param name="name">The builtin's name in the program: <c>range_check</c> or <c>range_check96</c>.</param>
    /// <param name="included">Whether the program uses the builtin (an unused builtin keeps an empty segment).</param>
    /// <param name="ratio">Steps per instance in the layout (null: no ratio, as in the plain layout).</param>
    /// <param name="nParts">8 for range_check, 6 for range_check96.</param>
    public RangeCheckBuiltinRunner(string name, bool included, int? ratio, int nParts)
        : base(name, included, ratio, 1, 1)
    {
        NParts = nParts;
    }

    /// <summary>Number of 16-bit parts a value is split into.</summary>
    public int NParts { get; }

    internal override void Validate(MemorySegment segment, long offset, in MaybeRelocatable value)
    {
        var address = new Relocatable(segment.Index, offset);
        if (!value.IsFelt) throw Error(address, $"expected a felt, found the address {value}");
        value.Felt.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        int bits = 16 * NParts;
        bool ok = bits switch
        {
            128 => (x2 | x3) == 0,
            96 => (x2 | x3) == 0 && (x1 >> 32) == 0,
            _ => false,
        };
        if (!ok) throw Error(address, $"value {value.Felt.ToHexString()} is out of range [0, 2^{bits})");
    }

    public override (long Min, long Max)? RangeCheckUsage(Memory memory)
    {
        long min = long.MaxValue, max = long.MinValue;
        bool any = false;
        foreach (MaybeRelocatable v in memory.Segment(Base).Written)
        {
            if (!v.IsFelt) continue;
            any = true;
            v.Felt.ToCanonical(out ulong x0, out ulong x1, out _, out _);
            for (int i = 0; i < NParts; i++)
            {
                ulong limb = i < 4 ? x0 : x1;
                long part = (long)((limb >> (16 * (i & 3))) & 0xFFFF);
                if (part < min) min = part;
                if (part > max) max = part;
            }
        }
        return any ? (min, max) : null;
    }

    public override long UsedPermRangeCheckUnits(long steps, Memory memory) =>
        UsedCellsAndAllocatedSize(steps, memory).Used * NParts;

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        writer.WriteStartArray();
        ReadOnlySpan<MaybeRelocatable> cells = memory.Segment(Base).Written;
        for (int i = 0; i < cells.Length; i++)
        {
            if (!cells[i].IsFelt) continue;
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            writer.WriteString("value", cells[i].Felt.ToHexString());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
