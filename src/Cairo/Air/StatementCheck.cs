using System.Text;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// Decides whether a statement is one whose proof the verifier looks at, and — under
/// <see cref="CairoStatementRules.ProofMode"/> — pins it to "this program ran from its start to its end and produced
/// this output". The prover runs the same check before proving, so it never spends minutes on a refused statement.
/// </summary>
/// <remarks>
/// <para>Every size is checked before anything is allocated or hashed: a statement of a few hundred bytes cannot
/// make the verifier allocate gigabytes.</para>
/// <para>The proof-mode pinning follows cairo-lang's proof mode and Integrity's <c>verify_cairo0</c>. With
/// <c>P</c> the public memory and <c>e = execution.begin_addr</c> (= initial ap = initial fp, fixed by the AIR's
/// boundary constraints):</para>
/// <list type="number">
/// <item>the program segment begins at 1 (initial pc) and every word of [1, e − 2) is in P: that is the hashed
/// bytecode, so the hash covers the code that ran;</item>
/// <item>the bytecode begins with the entry code <c>ap += k; call main; jmp rel 0</c>
/// (<see cref="ProofModeEntryCode"/>) and the final pc (the program segment's stop_ptr) is 5, the <c>__end__</c>
/// loop: the only way this program reaches pc 5 is main's return, so the run is complete;</item>
/// <item>P holds the prefix [e − 2] = e, [e − 1] = 0 (the fake caller frame of proof mode);</item>
/// <item>main is the call's target and k is the number of the program's builtins; main received builtin i's
/// pointer at [e + i] and returned it at [final_ap − k + i], both in P and equal to the segment's begin and stop:
/// the output and every builtin's cells are where the program wrote them;</item>
/// <item>every other segment is empty, no two non-empty segments overlap, and every output cell is in P.</item>
/// </list>
/// </remarks>
public static class StatementCheck
{
    /// <summary>The most memory segments a statement may list (the largest layout has 13).</summary>
    public const int MaxSegments = 32;

    /// <summary>The largest address a statement may name (addresses index the trace's memory columns).</summary>
    public const ulong MaxAddress = int.MaxValue;

    /// <summary>
    /// <see cref="StatementRefusal.None"/> when <paramref name="s"/> satisfies <paramref name="rules"/>; else the
    /// refusal with <paramref name="reason"/>, a sentence naming the problem with its numbers. The trace shape is
    /// checked against the statement by <see cref="CairoAir"/>.
    /// </summary>
    public static StatementRefusal Check(CairoStatement s, CairoStatementRules rules, out string? reason) =>
        Check(s.PublicInput, s.ProgramMain, s.ProgramBuiltins, rules, out reason);

    /// <summary>The same check before a trace exists: the prover's, on the run's public input and program header.</summary>
    public static StatementRefusal Check(AirPublicInput pi, ulong programMain, IReadOnlyList<string> programBuiltins, CairoStatementRules rules, out string? reason)
    {
        var memory = new Dictionary<ulong, Felt>();
        StatementRefusal r = CheckShape(pi, memory, out reason);
        if (r == StatementRefusal.None && rules == CairoStatementRules.ProofMode) r = CheckProofMode(pi, programMain, programBuiltins, memory, out reason);
        if (r == StatementRefusal.None) r = CheckOutput(pi, memory, out reason);
        return r;
    }

    /// <summary>What any statement must satisfy: layout, bounds, sizes, segments and a single-valued public memory.</summary>
    private static StatementRefusal CheckShape(AirPublicInput pi, Dictionary<ulong, Felt> memory, out string? reason)
    {
        reason = null;
        if (CairoLayout.Find(pi.Layout) is not { Provable: true }) return Refuse(StatementRefusal.LayoutUnsupported, $"layout '{pi.Layout}' is not one this prover supports", out reason);
        if (pi.NSteps is < 8 or > 1L << 30 || (pi.NSteps & (pi.NSteps - 1)) != 0)
            return Refuse(StatementRefusal.ShapeInvalid, $"n_steps {pi.NSteps} is not a power of two in [2^3, 2^30]", out reason);
        if (pi.RcMin < 0 || pi.RcMax >= 1 << 16 || pi.RcMin > pi.RcMax)
            return Refuse(StatementRefusal.ShapeInvalid, $"rc_min {pi.RcMin} / rc_max {pi.RcMax} do not bound a range in [0, 2^16)", out reason);
        if (pi.MemorySegments.Count > MaxSegments)
            return Refuse(StatementRefusal.TooLarge, $"{pi.MemorySegments.Count} memory segments, more than {MaxSegments}", out reason);
        if (pi.PublicMemory.Count > 4L * pi.NSteps)
            return Refuse(StatementRefusal.TooLarge, $"public memory has {pi.PublicMemory.Count} cells, more than the {4L * pi.NSteps} a trace of {pi.NSteps} steps can hold", out reason);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (MemorySegment seg in pi.MemorySegments)
        {
            if (!names.Add(seg.Name)) return Refuse(StatementRefusal.SegmentInvalid, $"segment '{seg.Name}' appears twice", out reason);
            if (seg.Name.Length is 0 or > 31 || Encoding.UTF8.GetByteCount(seg.Name) != seg.Name.Length)
                return Refuse(StatementRefusal.SegmentInvalid, "a segment name must be 1 to 31 ASCII characters", out reason);
            if (seg.BeginAddr == 0 || seg.BeginAddr > MaxAddress || seg.StopPtr > MaxAddress)
                return Refuse(StatementRefusal.SegmentInvalid, $"segment '{seg.Name}' [{seg.BeginAddr}, {seg.StopPtr}) lies outside [1, {MaxAddress}]", out reason);
            if (seg.StopPtr < seg.BeginAddr)
                return Refuse(StatementRefusal.SegmentInvalid, $"segment '{seg.Name}' stops at {seg.StopPtr}, before its begin {seg.BeginAddr}", out reason);
        }
        if (!names.Contains("program") || !names.Contains("execution"))
            return Refuse(StatementRefusal.SegmentInvalid, "the public input lacks the 'program' or 'execution' memory segment", out reason);
        foreach (PublicMemoryEntry e in pi.PublicMemory)
        {
            if (e.Address == 0 || e.Address > MaxAddress)
                return Refuse(StatementRefusal.PublicMemoryInvalid, $"public memory address {e.Address} is outside [1, {MaxAddress}]", out reason);
            if (memory.TryGetValue(e.Address, out Felt v) && v != e.Value)
                return Refuse(StatementRefusal.PublicMemoryInvalid, $"public memory address {e.Address} has two values", out reason);
            memory[e.Address] = e.Value;
        }
        return StatementRefusal.None;
    }

    /// <summary>The proof-mode pinning (see remarks on the type).</summary>
    private static StatementRefusal CheckProofMode(AirPublicInput pi, ulong programMain, IReadOnlyList<string> programBuiltins, Dictionary<ulong, Felt> memory, out string? reason)
    {
        MemorySegment program = pi.Segment("program"), execution = pi.Segment("execution");
        reason = null;
        const ulong start = 1;
        if (program.BeginAddr != start)
            return Refuse(StatementRefusal.ProgramNotAtStart, $"the program segment begins at {program.BeginAddr}: a proof-mode run starts at pc {start}", out reason);
        ulong e = execution.BeginAddr;
        if (e < start + ProofModeEntryCode.Length + 2)
            return Refuse(StatementRefusal.EntryCodeMissing, $"the execution segment begins at {e}: no room below it for the {ProofModeEntryCode.Length}-word entry code and the 2-cell prefix", out reason);
        ulong codeEnd = e - 2;
        Felt? Word(int offset) => memory.TryGetValue(start + (ulong)offset, out Felt w) ? w : null;
        if (Word(0) != ProofModeEntryCode.ApAddImmediate || Word(1) is null || Word(ProofModeEntryCode.CallOffset) != ProofModeEntryCode.CallRelImmediate
            || Word(ProofModeEntryCode.CallOffset + 1) is null || Word(ProofModeEntryCode.EndOffset) != ProofModeEntryCode.JumpRelImmediate
            || Word(ProofModeEntryCode.EndOffset + 1) != Felt.Zero)
            return Refuse(StatementRefusal.EntryCodeMissing,
                "the program does not begin with the proof-mode entry code (ap += k; call main; jmp rel 0): a Cairo 1 (cairo1-run) run or a program not laid out for proof mode; Cairo 1 programs are run as PIEs under the bootloader", out reason);
        if (codeEnd - start > (ulong)memory.Count)
            return Refuse(StatementRefusal.ProgramNotPublic, $"the program spans {codeEnd - start} words, more than the {memory.Count} public cells", out reason);
        for (ulong a = start; a < codeEnd; a++)
            if (!memory.ContainsKey(a))
                return Refuse(StatementRefusal.ProgramNotPublic, $"program word at {a} is not public: every word of [{start}, {codeEnd}) is hashed", out reason);
        ulong end = start + ProofModeEntryCode.EndOffset;
        if (program.StopPtr != end)
            return Refuse(StatementRefusal.RunNotFinished, $"the run's final pc is {program.StopPtr}; a finished run ends in the __end__ loop at pc {end}", out reason);
        if (!memory.TryGetValue(e - 2, out Felt fp) || fp != (Felt)e || !memory.TryGetValue(e - 1, out Felt pc) || !pc.IsZero)
            return Refuse(StatementRefusal.ExecutionPrefixMissing, $"the public memory lacks the prefix [{e - 2}] = {e}, [{e - 1}] = 0 below the execution segment", out reason);

        Felt main = Word(ProofModeEntryCode.CallOffset + 1)!.Value + (Felt)(ulong)ProofModeEntryCode.CallOffset;
        if (main != (Felt)programMain)
            return Refuse(StatementRefusal.MainMismatch, $"the statement puts main at {programMain}; the entry code calls {main.ToHexString()}", out reason);
        Felt reserved = Word(1)!.Value;
        int k = programBuiltins.Count;
        if (reserved != (Felt)(ulong)k)
            return Refuse(StatementRefusal.BuiltinsMismatch, $"the entry code reserves {reserved.ToHexString()} words for main's arguments; the statement names {k} builtins ({string.Join(", ", programBuiltins)})", out reason);
        var given = new List<MemorySegment>(k);
        foreach (string name in programBuiltins)
        {
            if (!pi.TryGetSegment(name, out MemorySegment seg) || name is "program" or "execution")
                return Refuse(StatementRefusal.BuiltinsMismatch, $"the program's builtin '{name}' has no segment", out reason);
            if (given.Contains(seg)) return Refuse(StatementRefusal.BuiltinsMismatch, $"the program names builtin '{name}' twice", out reason);
            given.Add(seg);
        }
        if (execution.StopPtr < e + (ulong)k)
            return Refuse(StatementRefusal.BuiltinPointerMismatch, $"the execution segment [{e}, {execution.StopPtr}) cannot hold main's {k} arguments and {k} return values", out reason);
        for (int i = 0; i < k; i++)
        {
            MemorySegment seg = given[i];
            ulong head = e + (ulong)i, tail = execution.StopPtr - (ulong)k + (ulong)i;
            if (!memory.TryGetValue(head, out Felt b) || b != (Felt)seg.BeginAddr)
                return Refuse(StatementRefusal.BuiltinPointerMismatch,
                    $"segment '{seg.Name}' begins at {seg.BeginAddr}, but main received {(memory.ContainsKey(head) ? b.ToHexString() : "no public pointer")} at {head}", out reason);
            if (!memory.TryGetValue(tail, out Felt t) || t != (Felt)seg.StopPtr)
                return Refuse(StatementRefusal.BuiltinPointerMismatch,
                    $"segment '{seg.Name}' stops at {seg.StopPtr}, but main returned {(memory.ContainsKey(tail) ? t.ToHexString() : "no public pointer")} at {tail}", out reason);
        }
        var areas = new List<(ulong Begin, ulong Stop, string Name)> { (start, e, "program"), (e, execution.StopPtr, "execution") };
        foreach (MemorySegment seg in pi.MemorySegments)
        {
            if (seg.Name is "program" or "execution" || seg.Used == 0) continue;
            if (!given.Contains(seg))
                return Refuse(StatementRefusal.UndeclaredBuiltinUsed, $"segment '{seg.Name}' holds {seg.Used} cells, but the program was not given that builtin", out reason);
            areas.Add((seg.BeginAddr, seg.StopPtr, seg.Name));
        }
        areas.Sort((x, y) => x.Begin.CompareTo(y.Begin));
        for (int i = 1; i < areas.Count; i++)
            if (areas[i].Begin < areas[i - 1].Stop)
                return Refuse(StatementRefusal.SegmentsOverlap, $"segments '{areas[i - 1].Name}' [{areas[i - 1].Begin}, {areas[i - 1].Stop}) and '{areas[i].Name}' [{areas[i].Begin}, {areas[i].Stop}) overlap", out reason);
        return StatementRefusal.None;
    }

    /// <summary>Every cell of the output segment is public (the output is what the proof reports).</summary>
    private static StatementRefusal CheckOutput(AirPublicInput pi, Dictionary<ulong, Felt> memory, out string? reason)
    {
        reason = null;
        if (!pi.TryGetSegment("output", out MemorySegment output) || output.Used == 0) return StatementRefusal.None;
        if (output.Used > (ulong)memory.Count)
            return Refuse(StatementRefusal.TooLarge, $"the output segment holds {output.Used} cells, more than the {memory.Count} public cells", out reason);
        for (ulong a = output.BeginAddr; a < output.StopPtr; a++)
            if (!memory.ContainsKey(a)) return Refuse(StatementRefusal.OutputNotPublic, $"output cell {a} is not in the public memory", out reason);
        return StatementRefusal.None;
    }

    private static StatementRefusal Refuse(StatementRefusal refusal, string message, out string? reason)
    {
        reason = message;
        return refusal;
    }
}
