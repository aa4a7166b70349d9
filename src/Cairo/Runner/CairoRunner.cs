using System.Text.Json;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using MemorySegment = Zetina.Cairo.Vm.MemorySegment;

namespace Zetina.Cairo.Runner;

/// <summary>
/// Runs a program as cairo-run does: builds the layout's builtins and the segments (program, execution,
/// builtins, then the return segments), lays out the entry stack, runs until the end pc and, in proof mode,
/// pads the trace to the layout's step count and finalizes segment sizes and public memory; then relocates.
/// </summary>
/// <remarks>
/// <see cref="Run"/> fills the run model directly: <see cref="RelocatedTrace"/> and <see cref="Memory"/> in every
/// mode, and in proof mode <see cref="Result"/> (with the public input), which the AIR proves; the file types of
/// <c>Zetina.Cairo.Run</c> write cairo-run's files from the same objects. See docs/cairo-vm.md.
/// </remarks>
public sealed class CairoRunner
{
    private readonly List<BuiltinRunner> _builtins = new();
    private readonly List<long> _executionPublicMemory = new();
    private Relocatable _programBase, _executionBase, _end;
    private long[] _relocationTable = [];
    private int _zeroSegment = -1;
    private bool _ran;
    private CairoRun? _result;

    /// <summary>Creates a runner; in proof mode a program compiled without <c>--proof_mode</c> gets the standard header.</summary>
    public CairoRunner(CairoProgram program, RunOptions options)
    {
        Options = options;
        Program = options.ProofMode ? program.WithProofModeHeader() : program;
        Vm = new VirtualMachine { TraceEnabled = options.Trace || options.ProofMode };
    }

    /// <summary>The program as run (with the proof-mode header when one was added).</summary>
    public CairoProgram Program { get; }

    /// <summary>The options.</summary>
    public RunOptions Options { get; }

    /// <summary>The VM (registers, memory, unrelocated trace).</summary>
    public VirtualMachine Vm { get; }

    /// <summary>The builtin runners in segment order (all layout builtins in proof mode).</summary>
    public IReadOnlyList<BuiltinRunner> Builtins => _builtins;

    /// <summary>Execution state of the program's hints (scopes, program input).</summary>
    public HintProcessor? HintProcessor { get; private set; }

    /// <summary>The relocated trace (ap, fp, pc per step), after <see cref="Run"/>.</summary>
    public RegisterState[] RelocatedTrace { get; private set; } = [];

    /// <summary>The relocated memory (written cells in address order), after <see cref="Run"/>.</summary>
    public MemoryImage Memory { get; private set; } = MemoryImage.FromOrderedCells([], []);

    /// <summary>
    /// The finished proof-mode run (trace, memory, public input, ecdsa witness, program header), after
    /// <see cref="Run"/>. Throws <see cref="InvalidOperationException"/> when the run was not in proof mode.
    /// </summary>
    public CairoRun Result => _result ?? throw new InvalidOperationException("the run has no public input (not proof mode)");

    /// <summary>Relocated base address of each segment.</summary>
    public ReadOnlySpan<long> RelocationTable => _relocationTable;

    /// <summary>Steps executed (after padding in proof mode).</summary>
    public long Steps => Vm.CurrentStep;

    /// <summary>Called after the segments and entry stack are set up and before the first step (PIE re-runs preload memory here).</summary>
    internal Action<Memory>? BeforeRun { get; set; }

    /// <summary>Called when the step loop has reached the end pc (benchmarks time the loop alone with it).</summary>
    internal Action? AfterSteps { get; set; }

    /// <summary>Runs the program to its end and relocates; throws <see cref="CairoException"/> on failure.</summary>
    public void Run()
    {
        if (_ran) throw new InvalidOperationException("the runner has already run");
        _ran = true;
        Initialize();
        BeforeRun?.Invoke(Vm.Memory);
        long maxSteps = Options.MaxSteps;
        // cairo-run --steps N: the end must come within N steps, counting proof mode's extra step at __end__.
        if (Options.Steps is { } steps) maxSteps = Math.Min(maxSteps, steps - (Options.ProofMode ? 1 : 0));
        Vm.RunUntilPc(_end, maxSteps);
        AfterSteps?.Invoke();
        if (Options.ProofMode)
        {
            // Execute __end__ once more so the last executed pc is __end__ (cairo-run does the same).
            Vm.RunSteps(1);
        }
        if (Options.MinSteps is { } min) RunUntilSteps(min);
        if (Options.Steps is { } exact) RunUntilSteps(exact);
        EndRun();
        ReadReturnValues();
        if (Options.ProofMode) FinalizeSegments();
        Relocate();
        if (Options.ProofMode)
            _result = new CairoRun(RelocatedTrace, Memory, BuildPublicInput(), (ulong)(Program.Main ?? 0), Program.Builtins)
            {
                EcdsaSignatures = Find("ecdsa") is EcdsaBuiltinRunner ecdsa ? ecdsa.SignatureInputs(Vm.Memory) : new Dictionary<long, (Felt, Felt)>(),
            };
    }

    private void Initialize()
    {
        CairoLayout layout = Options.Layout;
        var programBuiltins = new HashSet<string>(Program.Builtins, StringComparer.Ordinal);
        foreach (LayoutBuiltin lb in layout.Builtins)
        {
            bool included = programBuiltins.Remove(lb.Name);
            if (included || Options.ProofMode) _builtins.Add(BuiltinFactory.Create(lb.Name, included, lb.Ratio));
        }
        if (programBuiltins.Count > 0 && Options.ProofMode && Options.EmptySegmentsForMissingBuiltins)
        {
            // Ratio 0 allots no instance: the segment exists but may hold no cell (checked in EndRun).
            foreach (string name in Program.Builtins)
                if (programBuiltins.Contains(name)) _builtins.Add(BuiltinFactory.Create(name, included: true, ratio: 0));
            programBuiltins.Clear();
        }
        if (programBuiltins.Count > 0 && !Options.AllowMissingBuiltins)
            throw new CairoException(CairoErrorKind.UnknownBuiltin,
                $"the program uses builtins the layout '{layout.Name}' does not have: {string.Join(", ", programBuiltins)}");

        Memory mem = Vm.Memory;
        _programBase = mem.AddSegment(Math.Max(Program.Data.Length, 16));
        _executionBase = mem.AddSegment(1024);
        foreach (BuiltinRunner b in _builtins) b.InitializeSegments(mem);

        var stack = new List<MaybeRelocatable>();
        foreach (string name in Program.Builtins)
        {
            BuiltinRunner? b = Find(name);
            if (b is null) stack.Add(MaybeRelocatable.FromFelt(Felt.Zero));
            else b.InitialStack(stack);
        }

        long entry;
        if (Options.ProofMode)
        {
            var prefix = new List<MaybeRelocatable>
            {
                MaybeRelocatable.FromRelocatable(_executionBase.Add(2)),
                MaybeRelocatable.FromFelt(Felt.Zero),
            };
            prefix.AddRange(stack);
            stack = prefix;
            for (int i = 0; i < stack.Count; i++) _executionPublicMemory.Add(i);
            entry = Program.Start ?? throw new CairoException(CairoErrorKind.RunnerError, "proof mode needs __start__");
            Vm.Context.Ap = Vm.Context.Fp = _executionBase.Offset + 2;
            _end = _programBase.Add(Program.End ?? throw new CairoException(CairoErrorKind.RunnerError, "proof mode needs __end__"));
        }
        else
        {
            Relocatable returnFp = mem.AddSegment(4);
            _end = mem.AddSegment(4);
            entry = Program.Main ?? throw new CairoException(CairoErrorKind.RunnerError, "the program has no main function");
            stack.Add(MaybeRelocatable.FromRelocatable(returnFp));
            stack.Add(MaybeRelocatable.FromRelocatable(_end));
            Vm.Context.Ap = Vm.Context.Fp = _executionBase.Offset + stack.Count;
        }

        // The mod builtins share a zero segment of NWords zeros (cairo-vm initialize_zero_segment).
        foreach (BuiltinRunner b in _builtins)
        {
            if (b is not ModBuiltinRunner mod) continue;
            if (_zeroSegment < 0)
            {
                _zeroSegment = mem.AddSegment().Segment;
                for (int i = 0; i < ModBuiltinRunner.NWords; i++)
                {
                    mem.Insert(new Relocatable(_zeroSegment, i), MaybeRelocatable.FromFelt(Felt.Zero));
                    mem.MarkAccessed(new Relocatable(_zeroSegment, i));
                }
            }
            mod.ZeroSegment = new Relocatable(_zeroSegment, 0);
        }

        mem.Load(_programBase, Program.Data);
        for (int i = 0; i < Program.Data.Length; i++) mem.MarkAccessed(_programBase.Add(i));
        mem.Load(_executionBase, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stack));
        Vm.Context.Pc = _programBase.Add(entry);

        Vm.PrepareProgramCache(Program.Data.Length);
        if (Program.Hints.Count > 0)
        {
            HintProcessor = new HintProcessor(Program, this, Options.ProgramInputJson);
            Vm.Hints = HintProcessor;
            Vm.SetHintPcs(Program.Hints.Keys, Program.Data.Length);
        }
        Vm.ErrorMessages = pc => Program.ErrorMessagesAt(pc);
    }

    /// <summary>The builtin runner called <paramref name="name"/>, or null.</summary>
    public BuiltinRunner? Find(string name)
    {
        foreach (BuiltinRunner b in _builtins) if (b.Name == name) return b;
        return null;
    }

    private void EndRun()
    {
        // cairo-lang's end_run: temporary segments move to their relocation rules' destinations first.
        Vm.Memory.RelocateTemporarySegments();
        VerifyAutoDeductions();
        if (!Options.ProofMode) return;
        CheckMissingBuiltinsUnused();
        if (Options.DisableTracePadding || Options.Steps is not null) return;
        RunUntilNextPowerOfTwo();
        while (!CheckUsedCells())
        {
            Vm.RunSteps(1);
            RunUntilNextPowerOfTwo();
        }
    }

    /// <summary>cairo-lang <c>run_until_steps</c>: steps until <paramref name="steps"/> have run (nothing if already).</summary>
    private void RunUntilSteps(long steps)
    {
        if (steps <= Vm.CurrentStep) return;
        Vm.ReserveTrace(steps);
        Vm.RunSteps(steps - Vm.CurrentStep);
    }

    private void RunUntilNextPowerOfTwo()
    {
        long target = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(Vm.CurrentStep, 1));
        Vm.ReserveTrace(target);
        Vm.RunSteps(target - Vm.CurrentStep);
    }

    private void VerifyAutoDeductions()
    {
        Memory mem = Vm.Memory;
        foreach (BuiltinRunner b in _builtins)
        {
            MemorySegment seg = mem.Segment(b.Base);
            ReadOnlySpan<MaybeRelocatable> cells = seg.Written;
            for (int i = 0; i < cells.Length; i++)
            {
                if (cells[i].IsEmpty) continue;
                if (b.TryDeduce(mem, seg, i, out MaybeRelocatable expected) && !expected.Equals(cells[i]))
                    throw new CairoException(CairoErrorKind.BuiltinError,
                        $"{b.Name} builtin: inconsistent value at {b.Base}:{i}: the builtin computes {expected}, memory holds {cells[i]}");
            }
        }
    }

    /// <summary>
    /// Under <see cref="RunOptions.EmptySegmentsForMissingBuiltins"/>: throws <see cref="CairoErrorKind.UnknownBuiltin"/>
    /// when a builtin the layout lacks holds a cell (no padding could allot it one, so this is checked first).
    /// </summary>
    private void CheckMissingBuiltinsUnused()
    {
        foreach (BuiltinRunner b in _builtins)
        {
            if (b.Ratio != 0 || Options.Layout.Has(b.Name)) continue;
            long used = b.UsedCells(Vm.Memory);
            if (used > 0)
                throw new CairoException(CairoErrorKind.UnknownBuiltin,
                    $"the run wrote {used} cells of the {b.Name} builtin, which the layout '{Options.Layout.Name}' does not have");
        }
    }

    /// <summary>True when the layout allots enough cells at the current step count (cairo-lang <c>check_used_cells</c>).</summary>
    private bool CheckUsedCells()
    {
        try
        {
            long steps = Vm.CurrentStep;
            foreach (BuiltinRunner b in _builtins) b.UsedCellsAndAllocatedSize(steps, Vm.Memory);
            CheckRangeCheckUsage(steps);
            CheckMemoryUsage(steps);
            CheckDilutedUsage(steps);
            return true;
        }
        catch (InsufficientAllocatedCellsException)
        {
            return false;
        }
    }

    /// <summary>(rc_min, rc_max) over instruction offsets and range-check builtin parts, or null when nothing ran.</summary>
    public (long Min, long Max)? RangeCheckLimits()
    {
        long min = Vm.RcMin, max = Vm.RcMax;
        bool any = Vm.RcMin <= Vm.RcMax;
        foreach (BuiltinRunner b in _builtins)
        {
            if (b.RangeCheckUsage(Vm.Memory) is not { } u) continue;
            min = any ? Math.Min(min, u.Min) : u.Min;
            max = any ? Math.Max(max, u.Max) : u.Max;
            any = true;
        }
        return any ? (min, max) : null;
    }

    private void CheckRangeCheckUsage(long steps)
    {
        if (RangeCheckLimits() is not { } lim) return;
        long usedByBuiltins = 0;
        foreach (BuiltinRunner b in _builtins) usedByBuiltins += b.UsedPermRangeCheckUnits(steps, Vm.Memory);
        long unused = (Options.Layout.RcUnits - 3) * steps - usedByBuiltins;
        if (unused < lim.Max - lim.Min)
            throw new InsufficientAllocatedCellsException($"range-check units: {unused} unused, {lim.Max - lim.Min} needed");
    }

    private void CheckMemoryUsage(long steps)
    {
        CairoLayout l = Options.Layout;
        long builtinUnits = 0;
        foreach (BuiltinRunner b in _builtins) builtinUnits += b.AllocatedMemoryUnits(steps, Vm.Memory);
        long total = l.MemoryUnitsPerStep * steps;
        if (total % l.PublicMemoryFraction != 0)
            throw new InsufficientAllocatedCellsException($"memory units {total} not divisible by the public memory fraction {l.PublicMemoryFraction}");
        long publicUnits = total / l.PublicMemoryFraction;
        long instructionUnits = 4 * steps;
        long unused = total - (publicUnits + instructionUnits + builtinUnits);
        long holes = MemoryHoles();
        if (unused < holes)
            throw new InsufficientAllocatedCellsException($"memory: {unused} unused units, {holes} holes");
    }

    /// <summary>Unaccessed cells inside the used part of non-builtin segments (the output segment counts).</summary>
    public long MemoryHoles()
    {
        Memory mem = Vm.Memory;
        long holes = 0;
        for (int i = 0; i < mem.SegmentCount; i++)
        {
            MemorySegment seg = mem.Segment(i);
            if (seg.Builtin is { } b && b is not OutputBuiltinRunner) continue;
            long accessed = seg.AccessedCount();
            if (accessed == 0) continue;
            holes += seg.Size - accessed;
        }
        return holes;
    }

    private void CheckDilutedUsage(long steps)
    {
        if (Options.Layout.Diluted is not { } pool) return;
        long used = 0;
        foreach (BuiltinRunner b in _builtins)
        {
            long units = b.UsedDilutedCheckUnits(pool.Spacing, pool.NBits);
            if (units == 0) continue;
            used += units * b.AllocatedInstances(steps, Vm.Memory);
        }
        long total = pool.UnitsPerStep * steps;
        long unused = Math.Max(0, total - used);
        long bound = 1L << pool.NBits;
        if (unused < bound) throw new InsufficientAllocatedCellsException($"diluted units: {unused} unused, {bound} needed");
    }

    private void ReadReturnValues()
    {
        Relocatable pointer = Vm.Context.ApAddress;
        for (int i = Program.Builtins.Count - 1; i >= 0; i--)
        {
            BuiltinRunner? b = Find(Program.Builtins[i]);
            if (b is null)
            {
                pointer = pointer.Add(-1);
                continue;
            }
            pointer = b.FinalStack(Vm.Memory, pointer);
        }
        foreach (BuiltinRunner b in _builtins) b.StopPtr ??= 0;
        if (Options.ProofMode)
        {
            for (long o = pointer.Offset - _executionBase.Offset; o < Vm.Context.Ap - _executionBase.Offset; o++)
                _executionPublicMemory.Add(o);
        }
    }

    private readonly Dictionary<int, List<(long Offset, int Page)>> _publicMemory = new();

    private void FinalizeSegments()
    {
        Memory mem = Vm.Memory;
        long steps = Vm.CurrentStep;
        MemorySegment program = mem.Segment(_programBase.Segment);
        program.FinalSize = Program.Data.Length;
        var pm = new List<(long, int)>();
        for (int i = 0; i < Program.Data.Length; i++) pm.Add((i, 0));
        _publicMemory[_programBase.Segment] = pm;

        pm = new List<(long, int)>();
        foreach (long o in _executionPublicMemory) pm.Add((o + _executionBase.Offset, 0));
        _publicMemory[_executionBase.Segment] = pm;

        foreach (BuiltinRunner b in _builtins)
        {
            (long used, long size) = b.UsedCellsAndAllocatedSize(steps, mem);
            mem.Segment(b.Base).FinalSize = size;
            if (b is OutputBuiltinRunner output)
            {
                pm = new List<(long, int)>();
                int[] pages = output.PageOfEachCell(used);
                for (long i = 0; i < used; i++) pm.Add((i, pages[i]));
                _publicMemory[b.Base] = pm;
            }
        }
        if (_zeroSegment >= 0) mem.Segment(_zeroSegment).FinalSize = ModBuiltinRunner.NWords;
    }

    private void Relocate()
    {
        Memory mem = Vm.Memory;
        int n = mem.SegmentCount;
        _relocationTable = new long[n];
        long next = 1;
        for (int i = 0; i < n; i++)
        {
            _relocationTable[i] = next;
            next += mem.Segment(i).Size;
        }
        long total = next;
        MemorySegment last = mem.Segment(n - 1);
        total = Math.Max(total, _relocationTable[n - 1] + last.UsedSize);
        var values = new Felt[total];
        var present = new bool[total];
        for (int i = 0; i < n; i++)
        {
            MemorySegment seg = mem.Segment(i);
            ReadOnlySpan<MaybeRelocatable> cells = seg.Written;
            long b = _relocationTable[i];
            for (int o = 0; o < cells.Length; o++)
            {
                MaybeRelocatable v = cells[o];
                if (v.IsEmpty) continue;
                long addr = b + o;
                if (addr >= values.Length)
                {
                    Array.Resize(ref values, (int)addr + 1);
                    Array.Resize(ref present, (int)addr + 1);
                }
                values[addr] = v.IsFelt ? v.Felt : Felt.FromUInt64((ulong)(_relocationTable[v.Segment] + v.Offset));
                present[addr] = true;
            }
        }
        Memory = WrittenCells(values, present);

        ReadOnlySpan<TraceEntry> trace = Vm.Trace;
        var rt = new RegisterState[trace.Length];
        long execBase = _relocationTable[RunContext.ExecutionSegment];
        for (int i = 0; i < trace.Length; i++)
        {
            Relocatable pc = trace[i].Pc;
            rt[i] = new RegisterState((ulong)(execBase + trace[i].Ap), (ulong)(execBase + trace[i].Fp), (ulong)(_relocationTable[pc.Segment] + pc.Offset));
        }
        RelocatedTrace = rt;
        Vm.ReleaseTrace();
        foreach (BuiltinRunner b in _builtins)
            if (b is ModBuiltinRunner mod)
            {
                if (mod.ZeroSegment is { } z) mod.ZeroValueAddress = _relocationTable[z.Segment] + z.Offset;
                mod.Relocate = RelocateAddress;
            }
    }

    /// <summary>The written cells of the dense relocated memory, in address order.</summary>
    private static MemoryImage WrittenCells(Felt[] values, bool[] present)
    {
        int n = 0;
        foreach (bool p in present) if (p) n++;
        var addresses = new ulong[n];
        var written = new Felt[n];
        int k = 0;
        for (int a = 0; a < present.Length; a++)
        {
            if (!present[a]) continue;
            addresses[k] = (ulong)a;
            written[k++] = values[a];
        }
        return MemoryImage.FromOrderedCells(addresses, written);
    }

    /// <summary>Relocates an address to its absolute value.</summary>
    public long RelocateAddress(Relocatable address) => _relocationTable[address.Segment] + address.Offset;

    /// <summary>
    /// The public input: the relocated segment bounds (program, execution, then the builtins in layout order), the
    /// public memory (program, the execution segment's entry and return cells, the output), rc bounds and n_steps.
    /// </summary>
    private AirPublicInput BuildPublicInput()
    {
        if (RelocatedTrace.Length == 0) throw new CairoException(CairoErrorKind.RunnerError, "the trace is empty");
        var segments = new List<Zetina.Cairo.Run.MemorySegment>
        {
            new("program", RelocatedTrace[0].Pc, RelocatedTrace[^1].Pc),
            new("execution", RelocatedTrace[0].Ap, RelocatedTrace[^1].Ap),
        };
        foreach (BuiltinRunner b in _builtins)
        {
            long begin = _relocationTable[b.Base];
            segments.Add(new(b.Name, (ulong)begin, (ulong)(begin + (b.StopPtr ?? 0))));
        }
        var pub = new List<PublicMemoryEntry>();
        for (int s = 0; s < Vm.Memory.SegmentCount; s++)
        {
            if (!_publicMemory.TryGetValue(s, out var list)) continue;
            foreach ((long offset, int page) in list)
            {
                ulong addr = (ulong)(_relocationTable[s] + offset);
                if (!Memory.TryGet(addr, out Felt v))
                    throw new CairoException(CairoErrorKind.RunnerError, $"public memory address {addr} was never written");
                pub.Add(new PublicMemoryEntry(addr, v, page));
            }
        }
        (long rcMin, long rcMax) = RangeCheckLimits() ?? throw new CairoException(CairoErrorKind.RunnerError, "no range-check limits");
        return new AirPublicInput
        {
            Layout = Options.Layout.Name, RcMin = rcMin, RcMax = rcMax, NSteps = RelocatedTrace.Length,
            MemorySegments = segments, PublicMemory = pub,
        };
    }

    /// <summary>The builtins with a private input, in the order cairo-vm writes them into air_private_input.json.</summary>
    private static readonly string[] PrivateInputOrder =
        ["pedersen", "range_check", "range_check96", "ecdsa", "bitwise", "ec_op", "keccak", "poseidon", "add_mod", "mul_mod"];

    /// <summary>
    /// The private input of a proof-mode run, without trace and memory paths (set them with <c>with</c>): one entry
    /// per builtin with a witness (all layout builtins but output).
    /// </summary>
    public AirPrivateInput PrivateInput()
    {
        CairoRun run = Result;
        var builtins = new List<BuiltinPrivateInput>();
        foreach (string name in PrivateInputOrder)
        {
            BuiltinRunner? b = Find(name);
            if (b is null || !b.HasPrivateInput) continue;
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer)) b.WritePrivateInput(w, Vm.Memory);
            using JsonDocument entry = JsonDocument.Parse(buffer.WrittenMemory);
            builtins.Add(new BuiltinPrivateInput(name, entry.RootElement.Clone()));
        }
        return new AirPrivateInput { Builtins = builtins, EcdsaSignatures = run.EcdsaSignatures };
    }

    /// <summary>The output builtin's values (relocated), empty when the program has no output builtin.</summary>
    public List<Felt> Output()
    {
        var list = new List<Felt>();
        if (Find("output") is not OutputBuiltinRunner o) return list;
        foreach (MaybeRelocatable v in o.Output(Vm.Memory))
            list.Add(v.IsFelt ? v.Felt : Felt.FromUInt64((ulong)RelocateAddress(v.Relocatable)));
        return list;
    }
}
