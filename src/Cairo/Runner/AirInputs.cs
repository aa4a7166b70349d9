using System.Runtime.InteropServices;
using Zetina.Cairo.Air.Files;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Runner;

/// <summary>
/// Hands a finished proof-mode run to the Cairo AIR in memory, in the AIR's own input types, without going
/// through files: the register trace, the memory image and the public input.
/// </summary>
public static class AirInputs
{
    /// <summary>The relocated trace as the AIR's register states (same 24-byte ap, fp, pc layout, copied once).</summary>
    public static RegisterState[] Trace(CairoRunner runner) =>
        MemoryMarshal.Cast<Vm.RelocatedTraceEntry, RegisterState>(runner.RelocatedTrace).ToArray();

    /// <summary>The relocated memory as the AIR's memory image (written cells only, sorted by address).</summary>
    public static MemoryImage Memory(CairoRunner runner)
    {
        RelocatedMemory m = runner.Memory;
        int n = m.Count;
        var addresses = new ulong[n];
        var values = new Felt[n];
        int k = 0;
        for (int a = 0; a < m.Length; a++)
        {
            if (!m.Present[a]) continue;
            addresses[k] = (ulong)a;
            values[k++] = m.Values[a];
        }
        return MemoryImage.FromCells(addresses, values);
    }

    /// <summary>The public input as the AIR reads it; the run must have been in proof mode.</summary>
    public static AirPublicInput PublicInput(CairoRunner runner) =>
        AirPublicInput.Parse(AirInputJsonWriter.PublicInput(runner.PublicInput ?? throw new InvalidOperationException("the run was not in proof mode")));
}
