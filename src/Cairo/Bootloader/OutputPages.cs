using Zetina.Cairo.Builtins;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// Marks the bootloader's output pages from its tasks' fact topologies (cairo-lang
/// <c>simple_bootloader/utils.configure_fact_topologies</c>). Each task's output is preceded by the two words the
/// bootloader writes for it (size, program hash), which stay on page 0 with the bootloader's own header; each page
/// of each task's topology then becomes the next page id, from 1:
/// <code>
/// [header…] [size, hash] [task 0: page 1 | page 2 …] [size, hash] [task 1: page k | …] …
/// </code>
/// </summary>
public static class OutputPages
{
    /// <summary>Adds the pages of <paramref name="topologies"/> to <paramref name="output"/>, the first task's prefix at <paramref name="start"/>.</summary>
    public static void Configure(IReadOnlyList<FactTopology> topologies, Relocatable start, OutputBuiltinRunner output)
    {
        int pageId = 1;
        Relocatable at = start;
        foreach (FactTopology t in topologies)
        {
            at = at.Add(2);
            foreach (long size in t.PageSizes)
            {
                output.AddPage(pageId++, at, size);
                at = at.Add(size);
            }
        }
    }
}
