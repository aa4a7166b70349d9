using System.Numerics;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.bootloaders.bootloader.bootloader</c> (cairo-lang 0.13.0): the bootloader runs the
/// simple bootloader into a scratch segment (the output builtin's state swapped to it), writes its config, then
/// unpacks each task's output into the real output — plain outputs copied, composite ones (a Cairo verifier's
/// output) replaced by the subtask outputs whose hash it checks — and marks the output pages of the plain tasks.
/// </summary>
/// <remarks>
/// Scope variables: <c>bootloader_input</c> (<see cref="BootloaderInput"/>), <c>output_builtin_state</c>,
/// <c>output_start</c>, <c>packed_outputs</c> (the list being unpacked) and, per subtask, a scope holding
/// <c>packed_output</c>.
/// </remarks>
internal static class BootloaderHints
{
    public const string LoadInput = """
        from starkware.cairo.bootloaders.bootloader.objects import BootloaderInput
        bootloader_input = BootloaderInput.Schema().load(program_input)

        ids.simple_bootloader_output_start = segments.add()

        # Change output builtin state to a different segment in preparation for calling the
        # simple bootloader.
        output_builtin_state = output_builtin.get_state()
        output_builtin.new_state(base=ids.simple_bootloader_output_start)
        """;

    public const string SimpleBootloaderInput = "simple_bootloader_input = bootloader_input";

    public const string RestoreOutputState = """
        # Restore the bootloader's output builtin state.
        output_builtin.set_state(output_builtin_state)
        """;

    public const string WriteConfig = """
        from starkware.cairo.bootloaders.bootloader.objects import BootloaderConfig
        bootloader_config: BootloaderConfig = bootloader_input.bootloader_config

        ids.bootloader_config = segments.gen_arg(
            [
                bootloader_config.simple_bootloader_program_hash,
                len(bootloader_config.supported_cairo_verifier_program_hashes),
                bootloader_config.supported_cairo_verifier_program_hashes,
            ],
        )
        """;

    public const string OutputStart = "output_start = ids.output_ptr";

    public const string PackedOutputs = "packed_outputs = bootloader_input.packed_outputs";

    public const string ConfigurePages = """
        from typing import List

        from starkware.cairo.bootloaders.bootloader.utils import compute_fact_topologies
        from starkware.cairo.bootloaders.fact_topology import FactTopology
        from starkware.cairo.bootloaders.simple_bootloader.utils import (
            configure_fact_topologies,
            write_to_fact_topologies_file,
        )

        # Compute the fact topologies of the plain packed outputs based on packed_outputs and
        # fact_topologies of the inner tasks.
        plain_fact_topologies: List[FactTopology] = compute_fact_topologies(
            packed_outputs=packed_outputs, fact_topologies=fact_topologies,
        )

        # Configure the memory pages in the output builtin, based on plain_fact_topologies.
        configure_fact_topologies(
            fact_topologies=plain_fact_topologies, output_start=output_start,
            output_builtin=output_builtin,
        )

        # Dump fact topologies to a json file.
        if bootloader_input.fact_topologies_path is not None:
            write_to_fact_topologies_file(
                fact_topologies_path=bootloader_input.fact_topologies_path,
                fact_topologies=plain_fact_topologies,
            )
        """;

    public const string EnterPackedOutput = """
        from starkware.cairo.bootloaders.bootloader.objects import PackedOutput

        task_id = len(packed_outputs) - ids.n_subtasks
        packed_output: PackedOutput = packed_outputs[task_id]

        vm_enter_scope(new_scope_locals=dict(packed_output=packed_output))
        """;

    public const string ImportPackedOutputs = """
        from starkware.cairo.bootloaders.bootloader.objects import (
            CompositePackedOutput,
            PlainPackedOutput,
        )
        """;

    public const string IsPlain = "memory[ap] = to_felt_or_relocatable(isinstance(packed_output, PlainPackedOutput))";

    public const string AssertComposite = "assert isinstance(packed_output, CompositePackedOutput)";

    public const string GuessSubtasksOutput = """
        data = packed_output.elements_for_hash()
        ids.nested_subtasks_output_len = len(data)
        ids.nested_subtasks_output = segments.gen_arg(data)
        """;

    public const string NestedPackedOutputs = "packed_outputs = packed_output.subtasks";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(LoadInput, LoadInputHint),
        new(SimpleBootloaderInput, ctx => ctx.Processor.Scope["simple_bootloader_input"] = ScopeObject<BootloaderInput>(ctx, "bootloader_input")),
        new(RestoreOutputState, ctx => ExecuteTaskHints.OutputBuiltin(ctx).SetState(ScopeObject<OutputBuiltinState>(ctx, "output_builtin_state"))),
        new(WriteConfig, WriteConfigHint),
        new(OutputStart, ctx => ctx.Processor.Scope["output_start"] = ctx.GetPtr("output_ptr")),
        new(PackedOutputs, ctx => ctx.Processor.Scope["packed_outputs"] = ScopeObject<BootloaderInput>(ctx, "bootloader_input").PackedOutputs),
        new(ConfigurePages, ConfigurePagesHint),
        new(EnterPackedOutput, EnterPackedOutputHint),
        new(ImportPackedOutputs, _ => { }),
        new(IsPlain, ctx => WriteBoolAtAp(ctx, ScopeObject<PackedOutput>(ctx, "packed_output") is PlainPackedOutput)),
        new(AssertComposite, ctx =>
        {
            if (ScopeObject<PackedOutput>(ctx, "packed_output") is not CompositePackedOutput) throw ctx.Fail("assert isinstance(packed_output, CompositePackedOutput) failed");
        }),
        new(GuessSubtasksOutput, GuessSubtasksOutputHint),
        new(NestedPackedOutputs, ctx =>
            ctx.Processor.Scope["packed_outputs"] = ScopeObject<PackedOutput>(ctx, "packed_output") is CompositePackedOutput c
                ? c.Subtasks
                : throw ctx.Fail("a plain packed output has no subtasks")),
    ];

    private static void LoadInputHint(HintContext ctx)
    {
        ctx.Processor.Scope["bootloader_input"] = (BootloaderInput)SimpleBootloaderHints.ReadInput(ctx, simple: false);
        Relocatable scratch = ctx.Memory.AddSegment();
        ctx.Set("simple_bootloader_output_start", MaybeRelocatable.FromRelocatable(scratch));
        OutputBuiltinRunner output = ExecuteTaskHints.OutputBuiltin(ctx);
        ctx.Processor.Scope["output_builtin_state"] = output.State;
        output.NewState(scratch);
    }

    private static void WriteConfigHint(HintContext ctx)
    {
        BootloaderConfig config = ScopeObject<BootloaderInput>(ctx, "bootloader_input").Config;
        var hashes = new List<object>();
        foreach (BigInteger h in config.SupportedCairoVerifierProgramHashes) hashes.Add(h);
        ctx.Set("bootloader_config", MaybeRelocatable.FromRelocatable(GenArg(ctx,
            [config.SimpleBootloaderProgramHash, (BigInteger)config.SupportedCairoVerifierProgramHashes.Count, hashes])));
    }

    /// <summary>cairo-lang <c>bootloader/utils.compute_fact_topologies</c>, then the pages of the plain tasks' outputs.</summary>
    private static void ConfigurePagesHint(HintContext ctx)
    {
        var packed = ScopeObject<IReadOnlyList<PackedOutput>>(ctx, "packed_outputs");
        var topologies = ScopeObject<List<FactTopology>>(ctx, "fact_topologies");
        if (packed.Count != topologies.Count) throw ctx.Fail($"{packed.Count} packed outputs for {topologies.Count} task fact topologies");
        var plain = new List<FactTopology>();
        for (int i = 0; i < packed.Count; i++) plain.AddRange(packed[i].PlainFactTopologies(topologies[i]));
        OutputPages.Configure(plain, ScopeObject<Relocatable>(ctx, "output_start"), ExecuteTaskHints.OutputBuiltin(ctx));
        if (ScopeObject<BootloaderInput>(ctx, "bootloader_input").FactTopologiesPath is { } path) FactTopology.WriteFile(path, plain);
    }

    private static void EnterPackedOutputHint(HintContext ctx)
    {
        var packed = ScopeObject<IReadOnlyList<PackedOutput>>(ctx, "packed_outputs");
        BigInteger id = packed.Count - Int(ctx, "n_subtasks");
        if (id < 0 || id >= packed.Count) throw ctx.Fail($"packed output index {id} is outside the {packed.Count} packed outputs");
        ctx.Processor.Scope["task_id"] = id;
        ctx.Processor.EnterScope(new() { ["packed_output"] = packed[(int)id] });
    }

    private static void GuessSubtasksOutputHint(HintContext ctx)
    {
        if (ScopeObject<PackedOutput>(ctx, "packed_output") is not CompositePackedOutput c) throw ctx.Fail("a plain packed output has no elements to hash");
        var data = new List<object>();
        foreach (BigInteger x in c.Outputs) data.Add(x);
        ctx.Set("nested_subtasks_output_len", F(data.Count));
        ctx.Set("nested_subtasks_output", MaybeRelocatable.FromRelocatable(GenArg(ctx, data)));
    }
}
