using System.Numerics;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// The hint of <c>starkware.cairo.common.modulo.run_mod_p_circuit</c>: cairo-lang's
/// <c>ModBuiltinRunner.fill_memory</c> (mod_builtin_runner.py), which copies the first add_mod / mul_mod instance
/// to the following ones, pads the offsets table, and fills the values table: for each gate in order it deduces
/// the one unknown among a, b, c from the other two (c = a op b reduced; an add operand as c − known mod p; a mul
/// operand as c / known mod p, or, when known is not invertible, the "nullifier" p / gcd that makes
/// the mul_mod count stop at that gate).
/// </summary>
/// <remarks>
/// Values are 4 words of 96 bits; add_mod reduces with k_bound 2, mul_mod with k_bound 2^384 (the instance
/// definitions of cairo-lang's layouts, batch size 1). Where the Python loop would spin forever (an add gate with
/// two unknowns and no mul gate left to make progress) this fails instead.
/// </remarks>
public static class ModuloHints
{
    /// <summary><c>run_mod_p_circuit</c> (cairo-lang modulo.cairo, batch size 1).</summary>
    public const string RunModPCircuit = """
        from starkware.cairo.lang.builtins.modulo.mod_builtin_runner import ModBuiltinRunner
        assert builtin_runners["add_mod_builtin"].instance_def.batch_size == 1
        assert builtin_runners["mul_mod_builtin"].instance_def.batch_size == 1

        ModBuiltinRunner.fill_memory(
            memory=memory,
            add_mod=(ids.add_mod_ptr.address_, builtin_runners["add_mod_builtin"], ids.add_mod_n),
            mul_mod=(ids.mul_mod_ptr.address_, builtin_runners["mul_mod_builtin"], ids.mul_mod_n),
        )
        """;

    /// <summary><c>run_mod_p_circuit</c> with a batch size constant (lambdaclass cairo-vm's variant).</summary>
    public const string RunModPCircuitWithBatchSize = """
        from starkware.cairo.lang.builtins.modulo.mod_builtin_runner import ModBuiltinRunner
        assert builtin_runners["add_mod_builtin"].instance_def.batch_size == ids.BATCH_SIZE
        assert builtin_runners["mul_mod_builtin"].instance_def.batch_size == ids.BATCH_SIZE

        ModBuiltinRunner.fill_memory(
            memory=memory,
            add_mod=(ids.add_mod_ptr.address_, builtin_runners["add_mod_builtin"], ids.add_mod_n),
            mul_mod=(ids.mul_mod_ptr.address_, builtin_runners["mul_mod_builtin"], ids.mul_mod_n),
        )
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(RunModPCircuit, ctx => Run(ctx, 1)),
        new(RunModPCircuitWithBatchSize, ctx => Run(ctx, ctx.Constant("BATCH_SIZE"))),
    ];

    private const int WordBits = 96;
    private const int NWords = 4;
    private const long MaxN = 100_000;
    private static readonly BigInteger Shift = BigInteger.One << WordBits;
    private static readonly BigInteger IntLim = BigInteger.One << (WordBits * NWords);

    private enum FillResult { Success, MissingOperand, ZeroDivisor }

    private sealed record Inputs(BigInteger P, Relocatable ValuesPtr, Relocatable OffsetsPtr, BigInteger? N);

    private static void Run(HintContext ctx, BigInteger batchSize)
    {
        if (ctx.Runner.Find("add_mod") is not ModBuiltinRunner) throw ctx.Fail("builtin_runners has no add_mod_builtin");
        if (ctx.Runner.Find("mul_mod") is not ModBuiltinRunner) throw ctx.Fail("builtin_runners has no mul_mod_builtin");
        if (batchSize != 1) throw ctx.Fail($"assert builtin_runners[...].instance_def.batch_size == {batchSize} failed: the batch size is 1");
        long addN = SmallN(ctx, "add_mod_n"), mulN = SmallN(ctx, "mul_mod_n");
        FillMemory(ctx, ctx.GetPtr("add_mod_ptr"), addN, ctx.GetPtr("mul_mod_ptr"), mulN);
    }

    private static long SmallN(HintContext ctx, string name)
    {
        BigInteger n = Int(ctx, name);
        if (n > MaxN) throw ctx.Fail($"{name} = {n}: n must be <= {MaxN}");
        return (long)n;
    }

    /// <summary>cairo-lang <c>ModBuiltinRunner.fill_memory</c> for add_mod at <paramref name="addPtr"/> and mul_mod at <paramref name="mulPtr"/>.</summary>
    private static void FillMemory(HintContext ctx, Relocatable addPtr, long addN, Relocatable mulPtr, long mulN)
    {
        Memory memory = ctx.Memory;
        Inputs? addInputs = null, mulInputs = null;
        if (addN > 0)
        {
            addInputs = ReadInputs(ctx, "add_mod", addPtr, readN: true);
            FillInputs(ctx, "add_mod", addPtr, addInputs);
            FillOffsets(ctx, addInputs, addN, (long)addInputs.N!.Value - addN);
        }
        if (mulN > 0) mulInputs = ReadInputs(ctx, "mul_mod", mulPtr, readN: false);
        if (addInputs is null && mulInputs is null) throw ctx.Fail("At least one of add_mod and mul_mod must be given.");

        long addIndex = 0, mulIndex = 0;
        long? computedMulGates = null;
        while (addIndex < addN || mulIndex < mulN)
        {
            if (addIndex < addN && FillValue(ctx, isMul: false, addInputs!, addIndex) == FillResult.Success)
            {
                addIndex++;
                continue;
            }
            if (mulIndex < mulN)
            {
                FillResult r = FillValue(ctx, isMul: true, mulInputs!, mulIndex);
                if (r == FillResult.MissingOperand)
                    throw ctx.Fail($"Could not fill the values table, add_mod_index={addIndex}, mul_mod_index={mulIndex}");
                if (r == FillResult.ZeroDivisor && computedMulGates is null) computedMulGates = mulIndex;
                mulIndex++;
                continue;
            }
            throw ctx.Fail($"Could not fill the values table, add_mod_index={addIndex}, mul_mod_index={mulIndex}");
        }

        if (mulInputs is not null)
        {
            Relocatable nAddr = mulPtr.Add(6);
            long n;
            if (computedMulGates is null)
            {
                MaybeRelocatable written = memory.Get(nAddr);
                if (written.IsEmpty) n = mulN;
                else if (!written.IsFelt || !TrySmall(written.Felt, out n)) throw ctx.Fail($"mul_mod builtin: Expected integer at address {nAddr}. Got: {written}.");
                FillOffsets(ctx, mulInputs, mulN, n - mulN);
            }
            else
            {
                n = computedMulGates.Value;
            }
            memory.Insert(nAddr, F(n));
            FillInputs(ctx, "mul_mod", mulPtr, mulInputs with { N = n });
        }
    }

    private static bool TrySmall(Felt f, out long n)
    {
        n = 0;
        if (!FeltMath.TryToUInt64(f, out ulong u) || u > long.MaxValue) return false;
        n = (long)u;
        return true;
    }

    private static Inputs ReadInputs(HintContext ctx, string name, Relocatable ptr, bool readN)
    {
        Memory memory = ctx.Memory;
        MaybeRelocatable values = memory.Get(ptr.Add(4)), offsets = memory.Get(ptr.Add(5));
        if (!values.IsRelocatable) throw ctx.Fail($"{name} builtin: Expected RelocatableValue at address {ptr.Add(4)}. Got: {values}.");
        if (!offsets.IsRelocatable) throw ctx.Fail($"{name} builtin: Expected RelocatableValue at address {ptr.Add(5)}. Got: {offsets}.");
        BigInteger? n = null;
        if (readN)
        {
            MaybeRelocatable nv = memory.Get(ptr.Add(6));
            if (!nv.IsFelt) throw ctx.Fail($"{name} builtin: Expected integer at address {ptr.Add(6)}. Got: {nv}.");
            BigInteger nb = nv.Felt.ToBigInteger();
            if (nb < 1) throw ctx.Fail($"{name} builtin: Expected n >= 1. Got: {nb}.");
            n = nb;
        }
        var (count, p) = ReadValue(ctx, name, ptr);
        if (p is null) throw ctx.Fail($"{name} builtin: Missing value at address {ptr.Add(count)}.");
        return new Inputs(p.Value, values.Relocatable, offsets.Relocatable, n);
    }

    /// <summary><c>read_n_words_value</c>: the words present from <paramref name="addr"/> and the value when all 4 are.</summary>
    private static (int Count, BigInteger? Value) ReadValue(HintContext ctx, string name, Relocatable addr)
    {
        BigInteger value = BigInteger.Zero;
        for (int i = 0; i < NWords; i++)
        {
            MaybeRelocatable w = ctx.Memory.Get(addr.Add(i));
            if (w.IsEmpty) return (i, null);
            if (!w.IsFelt) throw ctx.Fail($"{name} builtin: Expected integer at address {addr.Add(i)}. Got: {w}.");
            BigInteger word = w.Felt.ToBigInteger();
            if (word >= Shift) throw ctx.Fail($"{name} builtin: Expected integer at address {addr.Add(i)} to be smaller than 2^{WordBits}. Got: {word}.");
            value += word << (WordBits * i);
        }
        return (NWords, value);
    }

    private static void WriteValue(HintContext ctx, Relocatable addr, BigInteger value)
    {
        BigInteger rest = value;
        for (int i = 0; i < NWords; i++)
        {
            ctx.Memory.Insert(addr.Add(i), F(rest % Shift));
            rest /= Shift;
        }
        if (!rest.IsZero) throw ctx.Fail($"value {value} does not fit in {NWords} words of {WordBits} bits");
    }

    /// <summary><c>fill_inputs</c>: instances 1..n−1 repeat p and values_ptr, with offsets_ptr + 3i and n − i.</summary>
    private static void FillInputs(HintContext ctx, string name, Relocatable ptr, Inputs inputs)
    {
        BigInteger n = inputs.N!.Value;
        if (n > MaxN) throw ctx.Fail($"{name} builtin: n must be <= {MaxN}");
        for (long instance = 1; instance < (long)n; instance++)
        {
            Relocatable at = ptr.Add(7 * instance);
            BigInteger p = inputs.P;
            for (int i = 0; i < NWords; i++) ctx.Memory.Insert(at.Add(i), F((p >> (WordBits * i)) % Shift));
            ctx.Memory.Insert(at.Add(4), MaybeRelocatable.FromRelocatable(inputs.ValuesPtr));
            ctx.Memory.Insert(at.Add(5), MaybeRelocatable.FromRelocatable(inputs.OffsetsPtr.Add(3 * instance)));
            ctx.Memory.Insert(at.Add(6), F(n - instance));
        }
    }

    /// <summary><c>fill_offsets</c>: copies the first gate's three offsets to gates index .. index + copies − 1.</summary>
    private static void FillOffsets(HintContext ctx, Inputs inputs, long index, long copies)
    {
        if (copies <= 0) return;
        Span<MaybeRelocatable> first = stackalloc MaybeRelocatable[3];
        for (int j = 0; j < 3; j++)
        {
            first[j] = ctx.Memory.Get(inputs.OffsetsPtr.Add(j));
            if (first[j].IsEmpty) throw ctx.Fail($"memory cell {inputs.OffsetsPtr.Add(j)} is empty");
        }
        for (long i = 0; i < copies; i++)
            for (int j = 0; j < 3; j++)
                ctx.Memory.Insert(inputs.OffsetsPtr.Add(3 * (index + i) + j), first[j]);
    }

    /// <summary><c>InstanceData.fill_value</c> for gate <paramref name="index"/>.</summary>
    private static FillResult FillValue(HintContext ctx, bool isMul, Inputs inputs, long index)
    {
        string name = isMul ? "mul_mod" : "add_mod";
        Span<Relocatable> addresses = stackalloc Relocatable[3];
        var values = new BigInteger?[3];
        for (int j = 0; j < 3; j++)
        {
            Relocatable offsetAddr = inputs.OffsetsPtr.Add(3 * index + j);
            MaybeRelocatable offset = ctx.Memory.Get(offsetAddr);
            if (!offset.IsFelt || !TrySmall(offset.Felt, out long off)) throw ctx.Fail($"{name} builtin: Expected integer offset at address {offsetAddr}. Got: {offset}.");
            addresses[j] = inputs.ValuesPtr.Add(off);
            values[j] = ReadValue(ctx, name, addresses[j]).Value;
        }
        BigInteger? a = values[0], b = values[1], c = values[2];
        if (a is not null && b is not null && c is not null) return FillResult.Success;
        BigInteger p = inputs.P;
        BigInteger kBound = isMul ? IntLim : 2;
        if (c is null && a is not null && b is not null)
        {
            BigInteger tmp = isMul ? a.Value * b.Value : a.Value + b.Value;
            if (tmp - (kBound - 1) * p > IntLim - 1)
                throw ctx.Fail($"{name} builtin: Expected a {(isMul ? "*" : "+")} b - {kBound - 1} * p <= {IntLim - 1}. Got: values=[{a}, {b}, None], p={p}.");
            WriteValue(ctx, addresses[2], tmp < kBound * p ? tmp % p : tmp - (kBound - 1) * p);
            return FillResult.Success;
        }
        int ind;
        BigInteger known, res;
        if (b is null && a is not null && c is not null) { ind = 1; known = a.Value; res = c.Value; }
        else if (a is null && b is not null && c is not null) { ind = 0; known = b.Value; res = c.Value; }
        else return FillResult.MissingOperand;
        var (result, value) = isMul ? MulOperand(ctx, known, res, p) : AddOperand(ctx, known, res, p);
        WriteValue(ctx, addresses[ind], value);
        return result;
    }

    private static (FillResult, BigInteger) AddOperand(HintContext ctx, BigInteger known, BigInteger res, BigInteger p)
    {
        if (known > res + p) throw ctx.Fail($"add_mod builtin: addend greater than sum + p: {known} > {res} + {p}.");
        return (FillResult.Success, known <= res ? res - known : res + p - known);
    }

    private static (FillResult, BigInteger) MulOperand(HintContext ctx, BigInteger known, BigInteger res, BigInteger p)
    {
        if (p.Sign <= 0) throw ctx.Fail($"mul_mod builtin: modulus {p} is not positive");
        BigInteger gcd = BigInteger.GreatestCommonDivisor(known, p);
        if (gcd != 1) return (FillResult.ZeroDivisor, p / gcd);
        BigInteger tmpVal = Mod(res * SecpHints.DivModP(ctx, BigInteger.One, known, p), p);
        BigInteger tmpK = SecpHints.SafeDiv(ctx, known * tmpVal - res, p);
        if (tmpK >= IntLim) throw ctx.Fail($"mul_mod builtin: (({known} * q) - {res}) / {p} > {IntLim} for any q > 0, such that {known} * q = {res} (mod {p}).");
        if (tmpK.Sign >= 0) return (FillResult.Success, tmpVal);
        return (FillResult.Success, tmpVal + p * BigInteger.Divide(known - 1 - tmpK, known));
    }
}
