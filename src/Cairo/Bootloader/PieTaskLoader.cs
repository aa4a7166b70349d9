using System.Text.Json;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// Loads a PIE task into the bootloader's memory (cairo-lang <c>simple_bootloader/utils.load_cairo_pie</c>): every
/// PIE segment is mapped to a place in the bootloader's memory, and every PIE cell (address and value) is moved
/// through that map. The task then runs without hints: what its hints wrote is among the cells.
/// </summary>
/// <remarks>
/// The map (a relocation table, PIE segment → bootloader address):
/// <list type="bullet">
/// <item>program → where the bootloader loaded the code (after the program header);</item>
/// <item>execution → <c>ap − n_builtins</c> at the call, where the bootloader pushed the task's builtin pointers;</item>
/// <item>ret_fp → the bootloader's fp, ret_pc → the pc after <c>call abs</c> (what the call pushes);</item>
/// <item>each builtin segment → the pointer the bootloader passes for it (read from the stack just pushed);</item>
/// <item>each extra segment → a new segment of the PIE's size.</item>
/// </list>
/// A PIE segment mapped twice, a cell outside every mapped segment or an ecdsa signature off the ecdsa segment is
/// refused (<see cref="CairoErrorKind.MalformedPie"/>). Signatures are registered before the cells are written, as
/// the ecdsa builtin checks a signature when its public key and message land.
/// </remarks>
public static class PieTaskLoader
{
    /// <summary>Relocates <paramref name="pie"/> into <paramref name="memory"/>; see the remarks for the map.</summary>
    public static void Load(CairoPie pie, Memory memory, Relocatable programAddress, Relocatable executionAddress,
        Relocatable retFp, Relocatable retPc, EcdsaBuiltinRunner? ecdsa)
    {
        var table = new Dictionary<int, Relocatable>();
        void Map(int pieSegment, Relocatable to, string what)
        {
            if (!table.TryAdd(pieSegment, to)) throw Bad($"PIE segment {pieSegment} ({what}) is mapped twice");
        }
        Map(pie.ProgramSegment.Index, programAddress, "program");
        Map(pie.ExecutionSegment.Index, executionAddress, "execution");
        Map(pie.RetFpSegment.Index, retFp, "ret_fp");
        Map(pie.RetPcSegment.Index, retPc, "ret_pc");

        var pieMemory = new Dictionary<Relocatable, MaybeRelocatable>();
        foreach (var kv in pie.Memory) pieMemory[kv.Key] = kv.Value;
        // The builtin bases are the first cells of the PIE's execution segment; the bootloader's pointers sit at the same place.
        for (int i = 0; i < pie.Builtins.Count; i++)
        {
            if (!pieMemory.TryGetValue(new Relocatable(pie.ExecutionSegment.Index, i), out MaybeRelocatable b) || !b.IsRelocatable || b.Offset != 0)
                throw Bad($"the PIE's execution cell {i} does not hold the base of its {pie.Builtins[i]} segment");
            Map(b.Segment, memory.GetRelocatable(executionAddress.Add(i)), pie.Builtins[i]);
        }
        foreach (PieSegment extra in pie.ExtraSegments)
        {
            Relocatable s = memory.AddSegment();
            memory.Segment(s.Segment).FinalSize = extra.Size;
            Map(extra.Index, s, "extra");
        }

        Relocatable Address(Relocatable a) =>
            table.TryGetValue(a.Segment, out Relocatable to) ? to.Add(a.Offset) : throw Bad($"PIE address {a} is in no segment the PIE declares");
        MaybeRelocatable Value(MaybeRelocatable v) => v.IsRelocatable ? MaybeRelocatable.FromRelocatable(Address(v.Relocatable)) : v;

        RegisterSignatures(pie, ecdsa, Address);
        foreach (var kv in pie.Memory) memory.Insert(Address(kv.Key), Value(kv.Value));
    }

    /// <summary>The PIE's ecdsa additional data, <c>[[[segment, offset], [r, s]], …]</c>, moved onto the bootloader's ecdsa segment.</summary>
    private static void RegisterSignatures(CairoPie pie, EcdsaBuiltinRunner? ecdsa, Func<Relocatable, Relocatable> address)
    {
        using JsonDocument doc = JsonDocument.Parse(pie.AdditionalDataJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("ecdsa_builtin", out JsonElement sigs) || sigs.ValueKind == JsonValueKind.Null)
            return;
        if (ecdsa is null) throw Bad("the PIE has ecdsa signatures but the bootloader runs without the ecdsa builtin");
        if (sigs.ValueKind != JsonValueKind.Array) throw Bad("the PIE's ecdsa additional data is not a list");
        foreach (JsonElement s in sigs.EnumerateArray())
        {
            try
            {
                JsonElement at = s[0], rs = s[1];
                var pieAddress = new Relocatable(at[0].GetInt32(), at[1].GetInt64());
                Relocatable to = address(pieAddress);
                if (to.Segment != ecdsa.Base) throw Bad($"the PIE's signature at {pieAddress} is not on the ecdsa segment");
                ecdsa.AddSignature(to, Felt.FromBigInteger(ProgramLoader.ParseBig(rs[0], "r")), Felt.FromBigInteger(ProgramLoader.ParseBig(rs[1], "s")));
            }
            catch (Exception e) when (e is InvalidOperationException or IndexOutOfRangeException or FormatException)
            {
                throw Bad($"the PIE's ecdsa additional data holds a malformed entry: {s.GetRawText()}");
            }
        }
    }

    private static CairoException Bad(string message) => new(CairoErrorKind.MalformedPie, "PIE task: " + message);
}
