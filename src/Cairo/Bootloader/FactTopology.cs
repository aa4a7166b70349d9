using System.Text.Json;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// How a task's output splits into facts (cairo-lang <c>bootloaders/fact_topology.py</c>): the page sizes of its
/// output (page 0 first) and the Merkle-tree shape the fact registry hashes them into.
/// </summary>
/// <param name="TreeStructure">Pairs (number of pages or nodes to merge, whether to add a node), as in <c>gps_fact_topology</c>.</param>
/// <param name="PageSizes">The size of each output page, page 0 first.</param>
public sealed record FactTopology(IReadOnlyList<long> TreeStructure, IReadOnlyList<long> PageSizes)
{
    /// <summary>The attribute of the output builtin that carries a task's tree structure.</summary>
    public const string GpsFactTopologyAttribute = "gps_fact_topology";

    /// <summary>
    /// The topology of a task's output from its output builtin's pages and attributes (cairo-lang
    /// <c>get_fact_topology_from_additional_data</c>): without a <c>gps_fact_topology</c> attribute the output is one
    /// page, tree [1, 0]; with it, pages 1, 2, … must be adjacent and cover the output from page 1's start to the end.
    /// </summary>
    public static FactTopology FromOutputData(long outputSize, IReadOnlyDictionary<int, OutputPage> pages, IReadOnlyDictionary<string, JsonElement> attributes)
    {
        List<long> tree;
        if (attributes.TryGetValue(GpsFactTopologyAttribute, out JsonElement t))
        {
            tree = [];
            if (t.ValueKind == JsonValueKind.Array)
                foreach (JsonElement x in t.EnumerateArray()) tree.Add(x.TryGetInt64(out long v) && v >= 0 && v < 1L << 30 ? v : -1);
            if (tree.Count == 0 || tree.Count % 2 != 0 || tree.Count > 10 || tree.Contains(-1))
                throw Bad($"invalid tree structure in the '{GpsFactTopologyAttribute}' attribute");
        }
        else
        {
            if (pages.Count > 0) throw Bad($"additional pages cannot be used since the '{GpsFactTopologyAttribute}' attribute is not specified");
            tree = [1, 0];
        }
        return new FactTopology(tree, SizesOfPages(outputSize, pages));
    }

    /// <summary>cairo-lang <c>get_page_sizes_from_page_dict</c>: [page 0's size, page 1's size, …].</summary>
    private static List<long> SizesOfPages(long outputSize, IReadOnlyDictionary<int, OutputPage> pages)
    {
        long page0 = outputSize, expectedStart = 0;
        int expectedId = 1;
        var sizes = new List<long> { 0 };
        foreach (int id in pages.Keys.Order())
        {
            OutputPage p = pages[id];
            if (id != expectedId) throw Bad($"expected output page id {expectedId}, found {id}");
            if (id == 1)
            {
                if (p.Start <= 0 || p.Start > outputSize) throw Bad($"invalid start {p.Start} of output page 1");
                page0 = p.Start;
            }
            else if (p.Start != expectedStart) throw Bad($"expected output page {id} to start at {expectedStart}, found {p.Start}");
            if (p.Size <= 0 || p.Size > outputSize) throw Bad($"invalid size {p.Size} of output page {id}");
            sizes.Add(p.Size);
            expectedStart = p.Start + p.Size;
            expectedId++;
        }
        if (pages.Count > 0 && expectedStart != outputSize) throw Bad("the output pages must cover the entire task output");
        sizes[0] = page0;
        return sizes;
    }

    /// <summary>Writes <c>{"fact_topologies": [{"tree_structure": […], "page_sizes": […]}, …]}</c> (cairo-lang <c>write_to_fact_topologies_file</c>).</summary>
    public static void WriteFile(string path, IReadOnlyList<FactTopology> topologies)
    {
        using FileStream f = File.Create(path);
        using var w = new Utf8JsonWriter(f, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("fact_topologies");
        foreach (FactTopology t in topologies)
        {
            w.WriteStartObject();
            w.WriteStartArray("tree_structure");
            foreach (long x in t.TreeStructure) w.WriteNumberValue(x);
            w.WriteEndArray();
            w.WriteStartArray("page_sizes");
            foreach (long x in t.PageSizes) w.WriteNumberValue(x);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static CairoException Bad(string message) => new(CairoErrorKind.HintFailed, "fact topology: " + message);
}
