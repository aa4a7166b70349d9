using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// Runs a <see cref="ConstraintProgram"/> on <see cref="Points"/> points at once: each slot holds the points' values, so
/// every instruction is a loop over them — in the native kernel's eight IFMA lanes, the slots kept in its limb form
/// from the loads to the group sums' store, where it runs (<see cref="FeltLanes.UsesNative"/>), else in
/// <see cref="FeltLanes"/>. The same numbers either way. One per thread; not thread-safe.
/// </summary>
internal sealed unsafe class ConstraintProgramRunner
{
    private readonly ConstraintProgram _program;
    private readonly Felt[] _slots;
    private readonly int[] _loaded;
    private readonly nint[] _sources;
    private readonly byte[]? _scratch;

    /// <summary>A runner of <paramref name="program"/> on <paramref name="points"/> points (a multiple of the native lanes).</summary>
    public ConstraintProgramRunner(ConstraintProgram program, int points)
    {
        if (points <= 0 || points % NativeLanes.Lanes != 0)
            throw new ArgumentOutOfRangeException(nameof(points), points, $"a run takes a positive multiple of {NativeLanes.Lanes} points");
        _program = program;
        Points = points;
        _slots = GC.AllocateArray<Felt>(program.SlotCount * points, pinned: true);
        _loaded = new int[program.Loads.Length];
        _sources = new nint[program.Loads.Length];
        for (int i = 0; i < _loaded.Length; i++)
        {
            ProgramLoad load = program.Loads[i];
            _loaded[i] = load.Slot;
            if (load.Kind == ProgramLoadKind.Constant) Slot(load.Slot).Fill(load.Constant);
        }
        if (NativeLanes.IsSupported)
            _scratch = GC.AllocateUninitializedArray<byte>((int)NativeLanes.ProgramScratchBytes(program.SlotCount, points), pinned: true);
    }

    /// <summary>Points per run.</summary>
    public int Points { get; }

    /// <summary>
    /// Runs the program: mask entry k's values are the <see cref="Points"/> at <paramref name="frames"/> + k·<see cref="Points"/>,
    /// periodic column j's at <paramref name="periodic"/> + j·<see cref="Points"/> (both pinned, read in place where the
    /// kernel runs). Then <see cref="GroupSum"/> holds each group's Σ α_k·t_k.
    /// </summary>
    public void Run(Felt* frames, Felt* periodic)
    {
        int k = Points;
        for (int i = 0; i < _sources.Length; i++)
        {
            ProgramLoad load = _program.Loads[i];
            _sources[i] = load.Kind switch
            {
                ProgramLoadKind.Mask => (nint)(frames + (long)load.Index * k),
                ProgramLoadKind.Periodic => (nint)(periodic + (long)load.Index * k),
                _ => 0,
            };
        }
        Execute(_program.Code, _program.Weights, _slots, _program.SlotCount, k, _loaded, _sources, _program.GroupSums, _program.GroupSums, _scratch);
    }

    /// <summary>
    /// Runs <paramref name="code"/> on <paramref name="points"/> points, slot s being slots[s·points …]: loaded slot
    /// <paramref name="loaded"/>[i] from <paramref name="sources"/>[i] where that is not 0 (pinned; read in place by the
    /// kernel, copied in elsewhere), else as it stands; the <paramref name="cleared"/> slots from zero; afterwards the
    /// <paramref name="stored"/> slots hold their values. In the native kernel where <paramref name="scratch"/>
    /// (<see cref="NativeLanes.ProgramScratchBytes"/>) is given and it runs, else in <see cref="FeltLanes"/>: the same
    /// numbers. The Stone layouts' evaluator runs its program through here too.
    /// </summary>
    internal static void Execute(NativeLanes.ProgramInstruction[] code, Felt[] weights, Felt[] slotValues, int slotCount, int points,
        int[] loaded, nint[] sources, int[] cleared, int[] stored, byte[]? scratch)
    {
        int k = points;
        fixed (Felt* slots = slotValues)
        {
            if (scratch is not null && FeltLanes.UsesNative)
            {
                fixed (NativeLanes.ProgramInstruction* c = code)
                fixed (Felt* w = weights)
                fixed (int* l = loaded, cl = cleared, st = stored)
                fixed (nint* src = sources)
                fixed (byte* sc = scratch)
                    NativeLanes.RunProgram(c, code.Length, w, slots, slotCount, k, l, (Felt**)src, loaded.Length, cl, cleared.Length, st, stored.Length, sc);
                return;
            }
            for (int i = 0; i < loaded.Length; i++)
                if (sources[i] != 0) new ReadOnlySpan<Felt>((Felt*)sources[i], k).CopyTo(new Span<Felt>(slots + (long)loaded[i] * k, k));
            foreach (int slot in cleared) new Span<Felt>(slots + (long)slot * k, k).Clear();
            foreach (NativeLanes.ProgramInstruction instruction in code)
            {
                Felt* d = slots + (long)instruction.Destination * k, a = slots + (long)instruction.A * k;
                switch (instruction.Op)
                {
                    case 0: Add(d, a, slots + (long)instruction.B * k, k); break;
                    case 1: Sub(d, a, slots + (long)instruction.B * k, k); break;
                    case 2: Mul(d, a, slots + (long)instruction.B * k, k); break;
                    default: AddScaled(d, a, weights[instruction.B], k); break;
                }
            }
        }
    }

    /// <summary>Group <paramref name="group"/>'s Σ α_k·t_k at the points of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<Felt> GroupSum(int group) => Slot(_program.GroupSums[group]);

    private Span<Felt> Slot(int slot) => _slots.AsSpan(slot * Points, Points);

    /// <summary>d = a + b over <paramref name="count"/> elements.</summary>
    internal static void Add(Felt* d, Felt* a, Felt* b, int count)
    {
        for (int i = FeltLanes.Add(a, b, d, count); i < count; i++) d[i] = Felt.Add(a[i], b[i]);
    }

    /// <summary>d = a − b over <paramref name="count"/> elements.</summary>
    internal static void Sub(Felt* d, Felt* a, Felt* b, int count)
    {
        for (int i = FeltLanes.Sub(a, b, d, count); i < count; i++) d[i] = Felt.Sub(a[i], b[i]);
    }

    /// <summary>d = a · b over <paramref name="count"/> elements.</summary>
    internal static void Mul(Felt* d, Felt* a, Felt* b, int count)
    {
        for (int i = FeltLanes.Mul(a, b, d, count); i < count; i++) d[i] = Felt.Mul(a[i], b[i]);
    }

    /// <summary>accumulator += weight · x over <paramref name="count"/> elements.</summary>
    internal static void AddScaled(Felt* accumulator, Felt* x, Felt weight, int count)
    {
        for (int i = FeltLanes.AddScaled(accumulator, x, weight, count); i < count; i++) accumulator[i] = Felt.Add(accumulator[i], Felt.Mul(weight, x[i]));
    }
}
