using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone;

/// <summary>Computes <see cref="StoneFact"/> from the public memory's main page (Integrity's <c>verify_strict</c>).</summary>
internal static class StoneFacts
{
    /// <summary>The fact, or null when the program or output cells are not all in the public memory.</summary>
    public static StoneFact? TryCompute(AirPublicInput input)
    {
        if (!input.TryGetSegment("program", out MemorySegment program) || !input.TryGetSegment("execution", out MemorySegment execution))
            return null;
        var cells = new Dictionary<ulong, Felt>();
        foreach (PublicMemoryEntry e in input.PublicMemory)
            if (e.Page == 0) cells.TryAdd(e.Address, e.Value);
        ulong programEnd = execution.BeginAddr - 2;
        if (programEnd < program.BeginAddr) return null;
        var code = new List<Felt>();
        for (ulong a = program.BeginAddr; a < programEnd; a++)
        {
            if (!cells.TryGetValue(a, out Felt v)) return null;
            code.Add(v);
        }
        var output = new List<Felt>();
        if (input.TryGetSegment("output", out MemorySegment o))
            for (ulong a = o.BeginAddr; a < o.StopPtr; a++)
            {
                if (!cells.TryGetValue(a, out Felt v)) return null;
                output.Add(v);
            }
        Felt programHash = PoseidonHash.HashMany(code.ToArray());
        Felt outputHash = PoseidonHash.HashMany(output.ToArray());
        return new StoneFact(programHash, outputHash, PoseidonHash.HashMany([programHash, outputHash]), [.. output]);
    }
}
