using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Runs a <see cref="StoneConstraintProgram"/> on a chunk of points at once: each slot holds the chunk's values, so
/// every instruction is a loop over the chunk — products in SIMD lanes (<see cref="FeltLanes"/>, bit-identical to
/// <see cref="Felt"/>'s) — and the denominators of all the groups and points are inverted together by one batch
/// inversion (Montgomery's trick: one field inversion per chunk). One per thread; not thread-safe.
/// </summary>
/// <remarks>
/// Where the native kernel runs (<see cref="FeltLanes.UsesNative"/>) and the chunk is a multiple of its eight lanes,
/// the whole instruction list runs there in one call (<see cref="NativeLanes.RunProgram"/>): each slot stays in the
/// kernel's limb form from the inputs' load to the sums' and denominators' store, instead of being converted in and
/// out by every instruction — most of the cost of a sum or a difference. The same numbers either way; the tests run
/// both.
/// </remarks>
internal sealed unsafe class StoneProgramEvaluator
{
    private readonly StoneConstraintProgram _program;
    private readonly Felt[] _slots;
    private readonly Felt[] _denominators, _inverses, _scratch;
    private readonly KernelProgram _kernel;

    /// <summary>The program in the kernel's form (<see cref="ConstraintProgramRunner.Execute"/>): its instructions, the
    /// accumulations' weights, which slots it loads (inputs and constants) and from where (<see cref="ReadFrom"/>: a
    /// table in place, else the slot), which it clears (the groups' sums) and stores (sums and denominators); the
    /// native kernel's scratch where it can run (null: the managed lanes).</summary>
    private sealed record KernelProgram(NativeLanes.ProgramInstruction[] Code, Felt[] Weights, int[] Loaded, nint[] Sources, int[] InputLoaded,
        int[] Cleared, int[] Stored, byte[]? Scratch);

    /// <summary>An evaluator of <paramref name="program"/> on <paramref name="points"/> points at a time.</summary>
    public StoneProgramEvaluator(StoneConstraintProgram program, int points)
    {
        if (points <= 0) throw new ArgumentOutOfRangeException(nameof(points), points, "a chunk needs at least one point");
        _program = program;
        Points = points;
        _slots = GC.AllocateUninitializedArray<Felt>(program.SlotCount * points, pinned: true);
        int groups = program.Groups.Length * points;
        _denominators = GC.AllocateUninitializedArray<Felt>(groups, pinned: true);
        _inverses = GC.AllocateUninitializedArray<Felt>(groups, pinned: true);
        _scratch = GC.AllocateUninitializedArray<Felt>(Math.Max(groups, points), pinned: true);
        foreach (var (slot, value) in program.Constants) Slot(slot).Fill(value);
        _kernel = ForKernel(program, points, NativeLanes.IsSupported && points % NativeLanes.Lanes == 0);
    }

    private static KernelProgram ForKernel(StoneConstraintProgram program, int points, bool native)
    {
        var weights = new List<Felt>();
        var code = new NativeLanes.ProgramInstruction[program.Instructions.Length];
        for (int i = 0; i < code.Length; i++)
        {
            StoneConstraintProgram.Instruction instruction = program.Instructions[i];
            (int op, int b) = instruction.Op switch
            {
                StoneConstraintProgram.Op.Add => (0, instruction.B),
                StoneConstraintProgram.Op.Sub => (1, instruction.B),
                StoneConstraintProgram.Op.Mul => (2, instruction.B),
                _ => (3, weights.Count),
            };
            if (op == 3) weights.Add(instruction.Weight);
            code[i] = new NativeLanes.ProgramInstruction(op, instruction.Destination, instruction.A, b);
        }
        int[] loaded = [.. program.Inputs.Select(input => input.Slot).Concat(program.Constants.Select(constant => constant.Slot)).Distinct()];
        int[] inputLoaded = [.. program.Inputs.Select(input => Array.IndexOf(loaded, input.Slot))];
        int[] cleared = [.. program.Groups.Select(group => group.Sum)];
        int[] stored = [.. program.Groups.SelectMany(group => new[] { group.Sum, group.Denominator }).Distinct()];
        byte[]? scratch = native ? GC.AllocateUninitializedArray<byte>((int)NativeLanes.ProgramScratchBytes(program.SlotCount, points), pinned: true) : null;
        return new KernelProgram(code, [.. weights, Felt.Zero], loaded, new nint[loaded.Length], inputLoaded, cleared, stored, scratch);
    }

    /// <summary>Whether <see cref="Run"/> runs the whole program in the native kernel.</summary>
    public bool RunsNative => _kernel.Scratch is not null && FeltLanes.UsesNative;

    /// <summary>Points per chunk.</summary>
    public int Points { get; }

    /// <summary>Where the chunk's values of input <paramref name="input"/> (an index into the program's inputs) go.</summary>
    public Span<Felt> Input(int input)
    {
        _kernel.Sources[_kernel.InputLoaded[input]] = 0;
        return Slot(_program.Inputs[input].Slot);
    }

    /// <summary>
    /// Input <paramref name="input"/>'s chunk values are the <see cref="Points"/> at <paramref name="values"/>, which
    /// must not move or change until <see cref="Run"/> returns (a pinned table): the native kernel reads them in place;
    /// elsewhere they are copied into the input's slot.
    /// </summary>
    public void ReadFrom(int input, Felt* values)
    {
        if (RunsNative) _kernel.Sources[_kernel.InputLoaded[input]] = (nint)values;
        else new ReadOnlySpan<Felt>(values, Points).CopyTo(Input(input));
    }

    /// <summary>The composition at the chunk's points, from the inputs written since the last run.</summary>
    public void Run(Span<Felt> composition)
    {
        if (composition.Length != Points) throw new ArgumentException($"a chunk has {Points} points, got room for {composition.Length}", nameof(composition));
        ConstraintProgramRunner.Execute(_kernel.Code, _kernel.Weights, _slots, _program.SlotCount, Points, _kernel.Loaded, _kernel.Sources,
            _kernel.Cleared, _kernel.Stored, RunsNative ? _kernel.Scratch : null);
        fixed (Felt* slots = _slots) Finish(slots, composition);
    }

    /// <summary>Σ_groups sum_g / denominator_g, every denominator of the chunk inverted in one batch.</summary>
    private void Finish(Felt* slots, Span<Felt> composition)
    {
        int k = Points, groups = _program.Groups.Length;
        fixed (Felt* dens = _denominators, inverses = _inverses, scratch = _scratch, result = composition)
        {
            for (int g = 0; g < groups; g++)
                new ReadOnlySpan<Felt>(slots + (long)_program.Groups[g].Denominator * k, k).CopyTo(new Span<Felt>(dens + (long)g * k, k));
            int total = groups * k;
            int done = FeltLanes.BatchInverse(dens, inverses, scratch, total);
            if (done < total) Felt.BatchInverse(new ReadOnlySpan<Felt>(dens + done, total - done), new Span<Felt>(inverses + done, total - done));
            new Span<Felt>(result, k).Clear();
            for (int g = 0; g < groups; g++)
            {
                Felt* inverse = inverses + (long)g * k;
                ConstraintProgramRunner.Mul(scratch, slots + (long)_program.Groups[g].Sum * k, inverse, k);
                ConstraintProgramRunner.Add(result, result, scratch, k);
            }
        }
    }

    private Span<Felt> Slot(int slot) => _slots.AsSpan(slot * Points, Points);
}
