using System.Text.Json;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.bootloaders.simple_bootloader</c> (<c>simple_bootloader.cairo</c>,
/// <c>run_simple_bootloader.cairo</c>; cairo-lang 0.13): reading the input, writing the task count, handing each
/// task to <c>execute_task</c>, and at the end marking the output pages of each task's facts.
/// </summary>
/// <remarks>
/// Scope variables, as in cairo-lang: <c>simple_bootloader_input</c> (<see cref="SimpleBootloaderInput"/>),
/// <c>fact_topologies</c> (a list of <see cref="FactTopology"/>, one per task, appended by <c>execute_task</c>),
/// <c>task</c> (the current <see cref="BootloaderTask"/>).
/// </remarks>
internal static class SimpleBootloaderHints
{
    public const string LoadInput = """
        from starkware.cairo.bootloaders.simple_bootloader.objects import SimpleBootloaderInput
        simple_bootloader_input = SimpleBootloaderInput.Schema().load(program_input)
        """;

    public const string StartTasks = """
        n_tasks = len(simple_bootloader_input.tasks)
        memory[ids.output_ptr] = n_tasks

        # Task range checks are located right after simple bootloader validation range checks, and
        # this is validated later in this function.
        ids.task_range_check_ptr = ids.range_check_ptr + ids.BuiltinData.SIZE * n_tasks

        # A list of fact_toplogies that instruct how to generate the fact from the program output
        # for each task.
        fact_topologies = []
        """;

    public const string Tasks = "tasks = simple_bootloader_input.tasks";

    public const string HalfOfNum = "memory[ap] = to_felt_or_relocatable(ids.num // 2)";

    public const string LoadTask = """
        from starkware.cairo.bootloaders.simple_bootloader.objects import Task

        # Pass current task to execute_task.
        task_id = len(simple_bootloader_input.tasks) - ids.n_tasks
        task = simple_bootloader_input.tasks[task_id].load_task()
        """;

    /// <summary>cairo-lang 0.13.0: <c>tempvar use_poseidon = nondet %{ 0 %}</c>, every task hashed with Pedersen.</summary>
    public const string UsePoseidonZero = "memory[ap] = to_felt_or_relocatable(0)";

    /// <summary>cairo-lang 0.13.1 on: the task's own <c>use_poseidon</c>.</summary>
    public const string UsePoseidonOfTask = "memory[ap] = to_felt_or_relocatable(1 if task.use_poseidon else 0)";

    public const string ConfigurePages = """
        # Dump fact topologies to a json file.
        from starkware.cairo.bootloaders.simple_bootloader.utils import (
            configure_fact_topologies,
            write_to_fact_topologies_file,
        )

        # The task-related output is prefixed by a single word that contains the number of tasks.
        tasks_output_start = output_builtin.base + 1

        if not simple_bootloader_input.single_page:
            # Configure the memory pages in the output builtin, based on fact_topologies.
            configure_fact_topologies(
                fact_topologies=fact_topologies, output_start=tasks_output_start,
                output_builtin=output_builtin,
            )

        if simple_bootloader_input.fact_topologies_path is not None:
            write_to_fact_topologies_file(
                fact_topologies_path=simple_bootloader_input.fact_topologies_path,
                fact_topologies=fact_topologies,
            )
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(LoadInput, ctx => ctx.Processor.Scope["simple_bootloader_input"] = ReadInput(ctx, simple: true)),
        new(StartTasks, StartTasksHint),
        new(Tasks, ctx => ctx.Processor.Scope["tasks"] = ScopeObject<SimpleBootloaderInput>(ctx, "simple_bootloader_input").Tasks),
        new(HalfOfNum, ctx => ctx.Memory.Insert(ctx.Ap, F(Int(ctx, "num") / 2))),
        new(LoadTask, LoadTaskHint),
        new(UsePoseidonZero, ctx => WriteBoolAtAp(ctx, false)),
        new(UsePoseidonOfTask, ctx => WriteBoolAtAp(ctx, ScopeObject<BootloaderTask>(ctx, "task").UsePoseidon)),
        new(ConfigurePages, ConfigurePagesHint),
    ];

    /// <summary>
    /// The bootloader input: the one given in code (<see cref="Runner.RunOptions.BootloaderInput"/>) or
    /// <c>program_input</c> read as cairo-lang's JSON (PIE paths relative to the working directory).
    /// </summary>
    internal static SimpleBootloaderInput ReadInput(HintContext ctx, bool simple)
    {
        if (ctx.Runner.Options.BootloaderInput is { } given)
            return simple || given is BootloaderInput ? given : throw ctx.Fail("the bootloader needs a BootloaderInput (config and packed outputs), not a simple bootloader's");
        if (ctx.Processor.ProgramInput is not JsonElement input)
            throw new Errors.CairoException(Errors.CairoErrorKind.BadBootloaderInput, "the bootloader needs --program_input (its tasks as JSON)");
        return simple
            ? BootloaderInputReader.ReadSimple(input, Environment.CurrentDirectory)
            : BootloaderInputReader.Read(input, Environment.CurrentDirectory);
    }

    private static void StartTasksHint(HintContext ctx)
    {
        int n = ScopeObject<SimpleBootloaderInput>(ctx, "simple_bootloader_input").Tasks.Count;
        ctx.Processor.Scope["n_tasks"] = (System.Numerics.BigInteger)n;
        ctx.Memory.Insert(ctx.GetPtr("output_ptr"), F(n));
        ctx.Set("task_range_check_ptr", MaybeRelocatable.FromRelocatable(ctx.GetPtr("range_check_ptr").Add(ctx.StructSize("BuiltinData") * n)));
        ctx.Processor.Scope["fact_topologies"] = new List<FactTopology>();
    }

    private static void LoadTaskHint(HintContext ctx)
    {
        IReadOnlyList<BootloaderTask> tasks = ScopeObject<SimpleBootloaderInput>(ctx, "simple_bootloader_input").Tasks;
        System.Numerics.BigInteger id = tasks.Count - Int(ctx, "n_tasks");
        if (id < 0 || id >= tasks.Count) throw ctx.Fail($"task index {id} is outside the {tasks.Count} tasks");
        ctx.Processor.Scope["task_id"] = id;
        ctx.Processor.Scope["task"] = tasks[(int)id];
    }

    private static void ConfigurePagesHint(HintContext ctx)
    {
        var input = ScopeObject<SimpleBootloaderInput>(ctx, "simple_bootloader_input");
        var topologies = ScopeObject<List<FactTopology>>(ctx, "fact_topologies");
        OutputBuiltinRunner output = ExecuteTaskHints.OutputBuiltin(ctx);
        if (!input.SinglePage) OutputPages.Configure(topologies, output.StateBase.Add(1), output);
        if (input.FactTopologiesPath is { } path) FactTopology.WriteFile(path, topologies);
    }
}
