using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The builtins' share of a Stone trace: each builtin's cells in the original trace (used instances from the run,
/// unused ones as Stone's builtin prover contexts fill them) and its interaction columns (the diluted pool).
/// </summary>
/// <remarks>
/// This stand-in fills nothing, so only the layout's CPU, memory and 16-bit range-check constraints hold on a trace
/// built with it; the builtins' own fillers replace it.
/// </remarks>
internal static class StoneBuiltinTraces
{
    /// <summary>Writes the builtins' cells (and their memory-pool and range-check-pool cells) into <paramref name="main"/>.</summary>
    public static void Fill(StoneTraceTable main, StoneCairoLayout layout, CairoRun run)
    {
    }

    /// <summary>Writes the builtins' interaction columns (the diluted pool's) for the drawn <paramref name="elements"/>.</summary>
    public static void FillInteraction(StoneTraceTable interaction, StoneTraceTable main, StoneCairoLayout layout, Felt[] elements)
    {
    }
}
