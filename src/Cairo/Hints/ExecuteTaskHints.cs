using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.bootloaders.simple_bootloader.execute_task</c> (cairo-lang 0.13): load the task's
/// header and code, check its hash, load its hints (program task) or relocate its memory (PIE task), swap the
/// output builtin's page state around it, and afterwards fill the builtin pointers it returned and record its fact
/// topology.
/// </summary>
internal static class ExecuteTaskHints
{
    public const string AllocateProgramData = "ids.program_data_ptr = program_data_base = segments.add()";

    public const string LoadProgram = """
        from starkware.cairo.bootloaders.simple_bootloader.utils import load_program

        # Call load_program to load the program header and code to memory.
        program_address, program_data_size = load_program(
            task=task, memory=memory, program_header=ids.program_header,
            builtins_offset=ids.ProgramHeader.builtin_list)
        segments.finalize(program_data_base.segment_index, program_data_size)
        """;

    /// <summary>cairo-lang 0.13.0: the hash is always Pedersen's chain.</summary>
    public const string ValidateHash = """
        # Validate hash.
        from starkware.cairo.bootloaders.hash_program import compute_program_hash_chain

        assert memory[ids.output_ptr + 1] == compute_program_hash_chain(task.get_program()), \
          'Computed hash does not match input.'
        """;

    /// <summary>cairo-lang 0.13.1 on: Pedersen or Poseidon as <c>use_poseidon</c> says.</summary>
    public const string ValidateHashWithPoseidon = """
        # Validate hash.
        from starkware.cairo.bootloaders.hash_program import compute_program_hash_chain

        assert memory[ids.output_ptr + 1] == compute_program_hash_chain(
            program=task.get_program(),
            use_poseidon=bool(ids.use_poseidon)), 'Computed hash does not match input.'
        """;

    public const string SanityCheck = """
        # Sanity check.
        assert ids.program_address == program_address
        """;

    public const string CallTask = """
        from starkware.cairo.bootloaders.simple_bootloader.objects import (
            CairoPieTask,
            RunProgramTask,
            Task,
        )
        from starkware.cairo.bootloaders.simple_bootloader.utils import (
            load_cairo_pie,
            prepare_output_runner,
        )

        assert isinstance(task, Task)
        n_builtins = len(task.get_program().builtins)
        new_task_locals = {}
        if isinstance(task, RunProgramTask):
            new_task_locals['program_input'] = task.program_input
            new_task_locals['WITH_BOOTLOADER'] = True

            vm_load_program(task.program, program_address)
        elif isinstance(task, CairoPieTask):
            ret_pc = ids.ret_pc_label.instruction_offset_ - ids.call_task.instruction_offset_ + pc
            load_cairo_pie(
                task=task.cairo_pie, memory=memory, segments=segments,
                program_address=program_address, execution_segment_address= ap - n_builtins,
                builtin_runners=builtin_runners, ret_fp=fp, ret_pc=ret_pc)
        else:
            raise NotImplementedError(f'Unexpected task type: {type(task).__name__}.')

        output_runner_data = prepare_output_runner(
            task=task,
            output_builtin=output_builtin,
            output_ptr=ids.pre_execution_builtin_ptrs.output)
        vm_enter_scope(new_task_locals)
        """;

    public const string TaskReturned = """
        vm_exit_scope()
        # Note that bootloader_input will only be available in the next hint.
        """;

    public const string WriteReturnBuiltins = """
        from starkware.cairo.bootloaders.simple_bootloader.utils import write_return_builtins

        # Fill the values of all builtin pointers after executing the task.
        builtins = task.get_program().builtins
        write_return_builtins(
            memory=memory, return_builtins_addr=ids.return_builtin_ptrs.address_,
            used_builtins=builtins, used_builtins_addr=ids.used_builtins_addr,
            pre_execution_builtins_addr=ids.pre_execution_builtin_ptrs.address_, task=task)

        vm_enter_scope({'n_selected_builtins': n_builtins})
        """;

    public const string AppendFactTopology = """
        from starkware.cairo.bootloaders.simple_bootloader.utils import get_task_fact_topology

        # Add the fact topology of the current task to 'fact_topologies'.
        output_start = ids.pre_execution_builtin_ptrs.output
        output_end = ids.return_builtin_ptrs.output
        fact_topologies.append(get_task_fact_topology(
            output_size=output_end - output_start,
            task=task,
            output_builtin=output_builtin,
            output_runner_data=output_runner_data,
        ))
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(AllocateProgramData, ctx =>
        {
            Relocatable b = ctx.Memory.AddSegment();
            ctx.Processor.Scope["program_data_base"] = b;
            ctx.Set("program_data_ptr", MaybeRelocatable.FromRelocatable(b));
        }),
        new(LoadProgram, LoadProgramHint),
        new(ValidateHash, ctx => Validate(ctx, usePoseidon: false)),
        new(ValidateHashWithPoseidon, ctx => Validate(ctx, usePoseidon: !ctx.GetFelt("use_poseidon").IsZero)),
        new(SanityCheck, ctx =>
        {
            if (ctx.GetPtr("program_address") != ScopeObject<Relocatable>(ctx, "program_address"))
                throw ctx.Fail($"assert ids.program_address == program_address failed: {ctx.GetPtr("program_address")} != {ScopeObject<Relocatable>(ctx, "program_address")}");
        }),
        new(CallTask, CallTaskHint),
        new(TaskReturned, ctx => ctx.Processor.ExitScope()),
        new(WriteReturnBuiltins, WriteReturnBuiltinsHint),
        new(AppendFactTopology, AppendFactTopologyHint),
    ];

    /// <summary>The runner's output builtin (<c>output_builtin</c> in hints).</summary>
    internal static OutputBuiltinRunner OutputBuiltin(HintContext ctx) =>
        ctx.Runner.Find("output") as OutputBuiltinRunner ?? throw ctx.Fail("the run has no output builtin");

    private static void LoadProgramHint(HintContext ctx)
    {
        BootloaderTask task = ScopeObject<BootloaderTask>(ctx, "task");
        Relocatable header = ctx.GetPtr("program_header");
        (Relocatable address, long size) = TaskProgramLoader.Load(ctx.Memory, header, ctx.StructMemberOffset("ProgramHeader", "builtin_list"), task);
        ctx.Processor.Scope["program_address"] = address;
        ctx.Processor.Scope["program_data_size"] = (BigInteger)size;
        Relocatable dataBase = ScopeObject<Relocatable>(ctx, "program_data_base");
        // segments.finalize(index, size): the segment is exactly the header and the code.
        ctx.Memory.Segment(dataBase.Segment).FinalSize = size;
    }

    private static void Validate(HintContext ctx, bool usePoseidon)
    {
        BootloaderTask task = ScopeObject<BootloaderTask>(ctx, "task");
        Stark.Field.Felt written = ctx.Memory.GetFelt(ctx.GetPtr("output_ptr").Add(1));
        Stark.Field.Felt expected = TaskProgramHash.Of(task, usePoseidon);
        if (written != expected) throw ctx.Fail($"Computed hash does not match input: the bootloader wrote {written.ToHexString()}, the task's hash is {expected.ToHexString()}");
    }

    private static void CallTaskHint(HintContext ctx)
    {
        BootloaderTask task = ScopeObject<BootloaderTask>(ctx, "task");
        Relocatable programAddress = ScopeObject<Relocatable>(ctx, "program_address");
        int nBuiltins = task.Builtins.Count;
        ctx.Processor.Scope["n_builtins"] = (BigInteger)nBuiltins;
        var locals = new Dictionary<string, object?>();
        OutputBuiltinRunner output = OutputBuiltin(ctx);
        Relocatable outputPtr = ctx.Memory.GetRelocatable(ctx.MemberAddress("pre_execution_builtin_ptrs", "output"));
        switch (task)
        {
            case ProgramTask p:
                locals["program_input"] = p.ProgramInput;
                locals["WITH_BOOTLOADER"] = true;
                ctx.Processor.LoadProgram(p.Program, ctx.Runner, programAddress);
                ctx.Vm.HintsOutsideProgram = true;
                // prepare_output_runner: the task's pages count from its own output start.
                ctx.Processor.Scope["output_runner_data"] = output.State;
                output.NewState(outputPtr);
                break;
            case PieTask pie:
                Relocatable retPc = ctx.Pc.Add(ctx.LabelPc("ret_pc_label") - ctx.LabelPc("call_task"));
                PieTaskLoader.Load(pie.Pie, ctx.Memory, programAddress, ctx.Ap.Add(-nBuiltins), ctx.Fp, retPc,
                    ctx.Runner.Find("ecdsa") as EcdsaBuiltinRunner);
                ctx.Processor.Scope["output_runner_data"] = null;
                break;
            default:
                throw ctx.Fail($"Unexpected task type: {task.GetType().Name}.");
        }
        ctx.Processor.EnterScope(locals);
    }

    /// <summary>
    /// cairo-lang <c>write_return_builtins</c>: for each builtin of the bootloader (the <c>BuiltinData</c> members in
    /// order), the pointer the task returned if the task uses it, else the pointer it was given; for a PIE task each
    /// used builtin must have advanced by the size the PIE records for its segment.
    /// </summary>
    private static void WriteReturnBuiltinsHint(HintContext ctx)
    {
        BootloaderTask task = ScopeObject<BootloaderTask>(ctx, "task");
        Relocatable returned = ctx.AddressOf("return_builtin_ptrs");
        Relocatable used = ctx.GetPtr("used_builtins_addr");
        Relocatable before = ctx.AddressOf("pre_execution_builtin_ptrs");
        var taskBuiltins = new HashSet<string>(task.Builtins, StringComparer.Ordinal);
        int usedOffset = 0;
        IReadOnlyList<string> all = AllBuiltins(ctx);
        for (int i = 0; i < all.Count; i++)
        {
            if (!taskBuiltins.Contains(all[i]))
            {
                ctx.Memory.Insert(returned.Add(i), ctx.Memory.Get(before.Add(i)));
                continue;
            }
            MaybeRelocatable end = ctx.Memory.Get(used.Add(usedOffset++));
            ctx.Memory.Insert(returned.Add(i), end);
            if (task is PieTask pie) CheckBuiltinUsage(ctx, pie.Pie, all[i], ctx.Memory.Get(before.Add(i)), end);
        }
        ctx.Processor.EnterScope(new() { ["n_selected_builtins"] = ScopeInt(ctx, "n_builtins") });
    }

    private static void CheckBuiltinUsage(HintContext ctx, CairoPie pie, string builtin, MaybeRelocatable start, MaybeRelocatable end)
    {
        long recorded = -1;
        foreach (var kv in pie.BuiltinSegments) if (kv.Key == builtin) recorded = kv.Value.Size;
        if (!start.IsRelocatable || !end.IsRelocatable || start.Segment != end.Segment)
            throw ctx.Fail($"Builtin usage is inconsistent with the CairoPie: {builtin} went from {start} to {end}");
        long advanced = end.Offset - start.Offset;
        if (recorded != advanced)
            throw ctx.Fail($"Builtin usage is inconsistent with the CairoPie: the task advanced {builtin} by {advanced} cells, the PIE records {recorded}");
    }

    /// <summary>The bootloader's builtins, in <c>BuiltinData</c>'s member order (cairo-lang's <c>ALL_BUILTINS</c> for that version).</summary>
    private static IReadOnlyList<string> AllBuiltins(HintContext ctx)
    {
        JsonElement members = ctx.Identifier("BuiltinData").GetProperty("members");
        var list = new List<(long Offset, string Name)>();
        foreach (JsonProperty m in members.EnumerateObject()) list.Add((m.Value.GetProperty("offset").GetInt64(), m.Name));
        list.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return list.ConvertAll(x => x.Name);
    }

    private static void AppendFactTopologyHint(HintContext ctx)
    {
        BootloaderTask task = ScopeObject<BootloaderTask>(ctx, "task");
        Relocatable start = ctx.Memory.GetRelocatable(ctx.MemberAddress("pre_execution_builtin_ptrs", "output"));
        Relocatable end = ctx.Memory.GetRelocatable(ctx.MemberAddress("return_builtin_ptrs", "output"));
        if (start.Segment != end.Segment) throw ctx.Fail($"the task's output ends at {end}, in another segment than its start {start}");
        long size = end.Offset - start.Offset;
        OutputBuiltinRunner output = OutputBuiltin(ctx);
        FactTopology topology;
        switch (task)
        {
            case ProgramTask:
                topology = FactTopology.FromOutputData(size, output.Pages, output.Attributes);
                output.SetState(ScopeObject<OutputBuiltinState>(ctx, "output_runner_data"));
                break;
            case PieTask pie:
                topology = PieFactTopology(ctx, pie.Pie, size);
                break;
            default:
                throw ctx.Fail($"Unexpected task type: {task.GetType().Name}.");
        }
        ScopeObject<List<FactTopology>>(ctx, "fact_topologies").Add(topology);
    }

    /// <summary>A PIE task's topology from its output builtin's additional data; a PIE without an output builtin is one page.</summary>
    private static FactTopology PieFactTopology(HintContext ctx, CairoPie pie, long size)
    {
        using JsonDocument doc = JsonDocument.Parse(pie.AdditionalDataJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("output_builtin", out JsonElement data) || data.ValueKind == JsonValueKind.Null)
            return FactTopology.FromOutputData(size, new SortedDictionary<int, OutputPage>(), new Dictionary<string, JsonElement>());
        var pages = new SortedDictionary<int, OutputPage>();
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        try
        {
            foreach (JsonProperty p in data.GetProperty("pages").EnumerateObject())
                pages[int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)] = new OutputPage(p.Value[0].GetInt64(), p.Value[1].GetInt64());
            foreach (JsonProperty a in data.GetProperty("attributes").EnumerateObject()) attributes[a.Name] = a.Value.Clone();
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new CairoException(CairoErrorKind.MalformedPie, $"the PIE's output builtin data is malformed: {e.Message}");
        }
        return FactTopology.FromOutputData(size, pages, attributes);
    }
}
