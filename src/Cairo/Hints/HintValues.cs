using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Value helpers the hint modules share: Python-int views of felts, <c>segments.write_arg</c>, scope variables.
/// </summary>
internal static class HintValues
{
    /// <summary>A felt cell for the integer <paramref name="v"/>, reduced modulo the prime (negative values wrap).</summary>
    public static MaybeRelocatable F(BigInteger v) => MaybeRelocatable.FromFelt(Felt.FromBigInteger(v));

    /// <summary>The felt <c>ids.name</c> as a Python int in [0, PRIME).</summary>
    public static BigInteger Int(HintContext ctx, string name) => ctx.GetFelt(name).ToBigInteger();

    /// <summary>The felt at <paramref name="address"/> as a Python int in [0, PRIME).</summary>
    public static BigInteger Int(HintContext ctx, Relocatable address) => ctx.Memory.GetFelt(address).ToBigInteger();

    /// <summary><c>as_int(v, PRIME)</c>: the representative of a felt in (−PRIME/2, PRIME/2].</summary>
    public static BigInteger AsInt(BigInteger v) => v > Felt.Modulus / 2 ? v - Felt.Modulus : v;

    /// <summary>Python's <c>a % m</c> for m &gt; 0: the result is in [0, m).</summary>
    public static BigInteger Mod(BigInteger a, BigInteger m)
    {
        BigInteger r = BigInteger.Remainder(a, m);
        return r.Sign < 0 ? r + m : r;
    }

    /// <summary>Python's <c>divmod(a, m)</c> for m &gt; 0 (floor division).</summary>
    public static (BigInteger Q, BigInteger R) DivMod(BigInteger a, BigInteger m)
    {
        BigInteger r = Mod(a, m);
        return ((a - r) / m, r);
    }

    /// <summary><c>segments.write_arg(address, values)</c>: writes the values to consecutive cells.</summary>
    public static void WriteArg(HintContext ctx, Relocatable address, ReadOnlySpan<BigInteger> values)
    {
        for (int i = 0; i < values.Length; i++) ctx.Memory.Insert(address.Add(i), F(values[i]));
    }

    /// <summary><c>memory.get_range(address, n)</c> as ints; every cell must hold a felt.</summary>
    public static BigInteger[] ReadRange(HintContext ctx, Relocatable address, int n)
    {
        var values = new BigInteger[n];
        for (int i = 0; i < n; i++) values[i] = Int(ctx, address.Add(i));
        return values;
    }

    /// <summary>A constant the hint reads as <c>int(ids.NAME)</c>, checked to lie in [0, <paramref name="bound"/>).</summary>
    public static int SmallConstant(HintContext ctx, string name, int bound)
    {
        BigInteger v = ctx.Constant(name);
        if (v.Sign < 0 || v >= bound) throw ctx.Fail($"assert 0 <= {name} < {bound} failed: {name} = {v}");
        return (int)v;
    }

    /// <summary>An int variable of the current scope (set by an earlier hint); a missing one is Python's NameError.</summary>
    public static BigInteger ScopeInt(HintContext ctx, string name)
    {
        if (!ctx.Processor.Scope.TryGetValue(name, out object? o)) throw ctx.Fail($"name '{name}' is not defined");
        return o switch
        {
            BigInteger b => b,
            long l => l,
            int i => i,
            bool t => t ? BigInteger.One : BigInteger.Zero,
            _ => throw ctx.Fail($"variable {name} is not an integer"),
        };
    }

    /// <summary>A variable of the current scope holding a <typeparamref name="T"/> (set by an earlier hint); a missing one is Python's NameError.</summary>
    public static T ScopeObject<T>(HintContext ctx, string name)
    {
        if (!ctx.Processor.Scope.TryGetValue(name, out object? o)) throw ctx.Fail($"name '{name}' is not defined");
        return o is T t ? t : throw ctx.Fail($"variable {name} is not a {typeof(T).Name}");
    }

    /// <summary>
    /// <c>segments.gen_arg(values)</c>: a new segment holding the values, a nested list becoming a pointer to a
    /// segment of its own (added after the outer one, as Python adds them).
    /// </summary>
    public static Relocatable GenArg(HintContext ctx, IReadOnlyList<object> values)
    {
        Relocatable b = ctx.Memory.AddSegment();
        for (int i = 0; i < values.Count; i++)
        {
            MaybeRelocatable v = values[i] switch
            {
                BigInteger x => F(x),
                IReadOnlyList<object> list => MaybeRelocatable.FromRelocatable(GenArg(ctx, list)),
                _ => throw ctx.Fail($"gen_arg: cannot write a {values[i].GetType().Name}"),
            };
            ctx.Memory.Insert(b.Add(i), v);
        }
        return b;
    }

    /// <summary>Sets an int variable of the current scope.</summary>
    public static void SetScope(HintContext ctx, string name, BigInteger value) => ctx.Processor.Scope[name] = value;

    /// <summary>Writes 1 or 0 at ap (<c>memory[ap] = int(condition)</c>).</summary>
    public static void WriteBoolAtAp(HintContext ctx, bool value) => ctx.Memory.Insert(ctx.Ap, value ? Felt.One : Felt.Zero);
}
