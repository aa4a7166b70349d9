using System.Text;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// What a Cairo proof states, as the verifier sees it: the AIR public input (layout, rc bounds, n_steps, segments,
/// public memory), the trace shape the prover chose (extra slots per row), the program hash and the binding data.
/// </summary>
public sealed class CairoStatement
{
    /// <summary>The public input in cairo-run's vocabulary.</summary>
    public required AirPublicInput PublicInput { get; init; }

    /// <summary>The trace layout (rows, range_check builtin columns, extra slots).</summary>
    public required CairoTraceShape Shape { get; init; }

    /// <summary>The binding data (job id, executor address).</summary>
    public required CairoBinding Binding { get; init; }

    /// <summary>The program's <c>main</c> pc for the hash header (0 when the program file is not at hand).</summary>
    public ulong ProgramMain { get; init; }

    /// <summary>The program's declared builtins for the hash header (empty when the program file is not at hand).</summary>
    public IReadOnlyList<string> ProgramBuiltins { get; init; } = [];

    /// <summary>The program hash, recomputed from the header and the public bytecode (see <see cref="Air.ProgramHash"/>).</summary>
    public Felt ProgramHash => _programHash ??= Air.ProgramHash.Compute(ProgramMain, ProgramBuiltins, Air.ProgramHash.Bytecode(PublicInput));

    private Felt? _programHash;

    /// <summary>The output: the public-memory values of the output segment, in address order (empty when none).</summary>
    public Felt[] Output()
    {
        if (!PublicInput.TryGetSegment("output", out MemorySegment seg) || seg.Used == 0) return [];
        var byAddress = new Dictionary<ulong, Felt>();
        foreach (PublicMemoryEntry e in PublicInput.PublicMemory) byAddress[e.Address] = e.Value;
        var result = new Felt[seg.Used];
        for (ulong a = seg.BeginAddr; a < seg.StopPtr; a++)
            if (!byAddress.TryGetValue(a, out result[a - seg.BeginAddr]))
                throw new CairoTraceException($"output cell {a} is not in the public memory");
        return result;
    }

    /// <summary>
    /// The statement as field elements, absorbed into the transcript first: binding (job id, executor address),
    /// program hash, program main and builtin count and names, layout name (as a Cairo short string), n_steps, rc_min, rc_max, shape (range_check builtin,
    /// k, r, then the number of lane builtins the shape states and, for each in <see cref="CairoTraceShape.StatedLaneBuiltins"/>'s
    /// order, its name as a short string and its lane count),
    /// segments (count, then name, begin, stop each), public memory (count, then address, value, page each).
    /// </summary>
    public Felt[] ToFelts()
    {
        var f = new List<Felt>
        {
            Binding.JobId, Binding.ExecutorAddress, ProgramHash, ProgramMain, (ulong)ProgramBuiltins.Count,
        };
        foreach (string b in ProgramBuiltins) f.Add(ShortString(b));
        f.AddRange(
        [
            ShortString(PublicInput.Layout),
            (ulong)PublicInput.NSteps, (ulong)PublicInput.RcMin, (ulong)PublicInput.RcMax,
            Shape.RangeCheckBuiltin ? Felt.One : Felt.Zero, (ulong)Shape.ExtraMemorySlots, (ulong)Shape.ExtraRangeCheckSlots,
        ]);
        IReadOnlyList<string> stated = Shape.StatedLaneBuiltins();
        f.Add((ulong)stated.Count);
        foreach (string b in stated)
        {
            f.Add(ShortString(b));
            f.Add((ulong)Shape.LaneCount(b));
        }
        f.Add((ulong)PublicInput.MemorySegments.Count);
        foreach (MemorySegment s in PublicInput.MemorySegments)
        {
            f.Add(ShortString(s.Name));
            f.Add(s.BeginAddr);
            f.Add(s.StopPtr);
        }
        f.Add((ulong)PublicInput.PublicMemory.Count);
        foreach (PublicMemoryEntry e in PublicInput.PublicMemory)
        {
            f.Add(e.Address);
            f.Add(e.Value);
            f.Add((ulong)e.Page);
        }
        return f.ToArray();
    }

    /// <summary>A Cairo short string: up to 31 ASCII bytes read as a big-endian number.</summary>
    public static Felt ShortString(string s)
    {
        byte[] b = Encoding.ASCII.GetBytes(s);
        if (b.Length > 31) throw new CairoTraceException($"name '{s}' is longer than 31 bytes");
        var buf = new byte[32];
        b.CopyTo(buf, 32 - b.Length);
        return Felt.FromBytesBigEndian(buf);
    }
}
