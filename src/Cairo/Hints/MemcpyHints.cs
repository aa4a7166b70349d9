using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>Hints of <c>starkware.cairo.common.memcpy</c> and <c>memset</c> (loop counters kept in the scope).</summary>
public static class MemcpyHints
{
    public const string EnterScopeLen = "vm_enter_scope({'n': ids.len})";
    public const string EnterScopeN = "vm_enter_scope({'n': ids.n})";
    public const string ContinueCopying = "n -= 1\nids.continue_copying = 1 if n > 0 else 0";
    public const string ContinueLoop = "n -= 1\nids.continue_loop = 1 if n > 0 else 0";
    public const string ExitScope = "vm_exit_scope()";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(EnterScopeLen, ctx => ctx.Processor.EnterScope(new() { ["n"] = Count(ctx, "len") })),
        new(EnterScopeN, ctx => ctx.Processor.EnterScope(new() { ["n"] = Count(ctx, "n") })),
        new(ContinueCopying, ctx => Decrement(ctx, "continue_copying")),
        new(ContinueLoop, ctx => Decrement(ctx, "continue_loop")),
        new(ExitScope, ctx => ctx.Processor.ExitScope()),
    ];

    private static long Count(HintContext ctx, string id)
    {
        if (!FeltMath.TryToUInt64(ctx.GetFelt(id), out ulong n) || n > long.MaxValue) throw ctx.Fail($"ids.{id} is too large");
        return (long)n;
    }

    private static void Decrement(HintContext ctx, string flag)
    {
        if (ctx.Processor.Scope.TryGetValue("n", out object? o) is false || o is not long n) throw ctx.Fail("variable n is not in scope");
        n--;
        ctx.Processor.Scope["n"] = n;
        ctx.Set(flag, MaybeRelocatable.FromFelt(n > 0 ? Felt.One : Felt.Zero));
    }
}
