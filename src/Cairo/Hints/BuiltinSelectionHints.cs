using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.builtin_selection</c> (<c>select_input_builtins</c>, <c>inner_select_builtins</c>):
/// the bootloader passes a task the pointers of the builtins the task declares, walking the sorted list of all
/// builtin encodings beside the task's sorted list; the hint only guesses "is this one selected", which the Cairo
/// code checks against the encodings.
/// </summary>
internal static class BuiltinSelectionHints
{
    public const string EnterScope = "vm_enter_scope({'n_selected_builtins': ids.n_selected_builtins})";

    public const string SelectBuiltin = """
        # A builtin should be selected iff its encoding appears in the selected encodings list
        # and the list wasn't exhausted.
        # Note that testing inclusion by a single comparison is possible since the lists are sorted.
        ids.select_builtin = int(
          n_selected_builtins > 0 and memory[ids.selected_encodings] == memory[ids.all_encodings])
        if ids.select_builtin:
          n_selected_builtins = n_selected_builtins - 1
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(EnterScope, ctx => ctx.Processor.EnterScope(new() { ["n_selected_builtins"] = Int(ctx, "n_selected_builtins") })),
        new(SelectBuiltin, Select),
    ];

    private static void Select(HintContext ctx)
    {
        BigInteger left = ScopeInt(ctx, "n_selected_builtins");
        // Python's `and` stops at the count: past the task's list its cell is never read.
        bool select = left > 0 && ctx.Memory.Get(ctx.GetPtr("selected_encodings")).Equals(ctx.Memory.Get(ctx.GetPtr("all_encodings")));
        ctx.Set("select_builtin", MaybeRelocatable.FromFelt(select ? Felt.One : Felt.Zero));
        if (select) SetScope(ctx, "n_selected_builtins", left - 1);
    }
}
