using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>Hints of <c>starkware.cairo.common.find_element</c>, <c>set</c>, <c>usort</c> and <c>pow</c>.</summary>
public static class CollectionHints
{
    public const string FindElement = """
        array_ptr = ids.array_ptr
        elm_size = ids.elm_size
        assert isinstance(elm_size, int) and elm_size > 0, \
            f'Invalid value for elm_size. Got: {elm_size}.'
        key = ids.key

        if '__find_element_index' in globals():
            ids.index = __find_element_index
            found_key = memory[array_ptr + elm_size * __find_element_index]
            assert found_key == key, \
                f'Invalid index found in __find_element_index. index: {__find_element_index}, ' \
                f'expected key {key}, found key: {found_key}.'
            # Delete __find_element_index to make sure it's not used for the next calls.
            del __find_element_index
        else:
            n_elms = ids.n_elms
            assert isinstance(n_elms, int) and n_elms >= 0, \
                f'Invalid value for n_elms. Got: {n_elms}.'
            if '__find_element_max_size' in globals():
                assert n_elms <= __find_element_max_size, \
                    f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \
                    f'Got: n_elms={n_elms}.'

            for i in range(n_elms):
                if memory[array_ptr + elm_size * i] == key:
                    ids.index = i
                    break
            else:
                raise ValueError(f'Key {key} was not found.')
        """;

    public const string SearchSortedLower = """
        array_ptr = ids.array_ptr
        elm_size = ids.elm_size
        assert isinstance(elm_size, int) and elm_size > 0, \
            f'Invalid value for elm_size. Got: {elm_size}.'

        n_elms = ids.n_elms
        assert isinstance(n_elms, int) and n_elms >= 0, \
            f'Invalid value for n_elms. Got: {n_elms}.'
        if '__find_element_max_size' in globals():
            assert n_elms <= __find_element_max_size, \
                f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \
                f'Got: n_elms={n_elms}.'

        for i in range(n_elms):
            if memory[array_ptr + elm_size * i] >= ids.key:
                ids.index = i
                break
        else:
            ids.index = n_elms
        """;

    public const string SetAdd = """
        assert ids.elm_size > 0
        assert ids.set_ptr <= ids.set_end_ptr
        elm_list = memory.get_range(ids.elm_ptr, ids.elm_size)
        for i in range(0, ids.set_end_ptr - ids.set_ptr, ids.elm_size):
            if memory.get_range(ids.set_ptr + i, ids.elm_size) == elm_list:
                ids.index = i // ids.elm_size
                ids.is_elm_in_set = 1
                break
        else:
            ids.is_elm_in_set = 0
        """;

    public const string UsortEnterScope = """
        vm_enter_scope(dict(__usort_max_size = globals().get('__usort_max_size')))
        """;

    public const string UsortBody = """
        from collections import defaultdict

        input_ptr = ids.input
        input_len = int(ids.input_len)
        if __usort_max_size is not None:
            assert input_len <= __usort_max_size, (
                f"usort() can only be used with input_len<={__usort_max_size}. "
                f"Got: input_len={input_len}."
            )

        positions_dict = defaultdict(list)
        for i in range(input_len):
            val = memory[input_ptr + i]
            positions_dict[val].append(i)

        output = sorted(positions_dict.keys())
        ids.output_len = len(output)
        ids.output = segments.gen_arg(output)
        ids.multiplicities = segments.gen_arg([len(positions_dict[k]) for k in output])
        """;

    public const string UsortVerify = """
        last_pos = 0
        positions = positions_dict[ids.value][::-1]
        """;

    public const string UsortVerifyMultiplicityAssert = """
        assert len(positions) == 0
        """;

    public const string UsortVerifyMultiplicityBody = """
        current_pos = positions.pop()
        ids.next_item_index = current_pos - last_pos
        last_pos = current_pos + 1
        """;

    public const string Pow = """
        ids.locs.bit = (ids.prev_locs.exp % PRIME) & 1
        """;

    public const string VmEnterScope = """
        vm_enter_scope()
        """;

    /// <summary>(cairo-lang pow.cairo).</summary>
    public const string PowNegativeBaseZero = """
        assert ids.base != 0, "Cannot raise 0 to a negative power."
        """;


    /// <summary>(cairo-lang find_element.cairo).</summary>
    public const string SearchSortedOptimistic = """
        array_ptr = ids.array_ptr
        elm_size = ids.elm_size
        assert isinstance(elm_size, int) and elm_size > 0, \
            f'Invalid value for elm_size. Got: {elm_size}.'

        n_elms = ids.n_elms
        assert isinstance(n_elms, int) and n_elms >= 0, \
            f'Invalid value for n_elms. Got: {n_elms}.'
        if '__find_element_max_size' in globals():
            assert n_elms <= __find_element_max_size, \
                f'find_element() can only be used with n_elms<={__find_element_max_size}. ' \
                f'Got: n_elms={n_elms}.'

        for i in range(n_elms):
            if memory[array_ptr + elm_size * i] >= ids.key:
                ids.index = i
                ids.exists = 1 if memory[array_ptr + elm_size * i] == ids.key else 0
                break
        else:
            ids.index = n_elms
            ids.exists = 0
        """;


    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(PowNegativeBaseZero, ctx =>
        {
            if (ctx.GetFelt("base").IsZero) throw ctx.Fail("Cannot raise 0 to a negative power.");
        }),
        new(SearchSortedOptimistic, ctx =>
        {
            Relocatable array = ctx.GetPtr("array_ptr");
            long elmSize = Small(ctx, "elm_size");
            if (elmSize <= 0) throw ctx.Fail($"Invalid value for elm_size. Got: {elmSize}.");
            long n = Small(ctx, "n_elms");
            if (ctx.Processor.Scope.GetValueOrDefault("__find_element_max_size") is long max && n > max)
                throw ctx.Fail($"find_element() can only be used with n_elms<={max}. Got: n_elms={n}.");
            Felt key = ctx.GetFelt("key");
            for (long i = 0; i < n; i++)
            {
                Felt v = ctx.Memory.GetFelt(array.Add(elmSize * i));
                if (v.CompareTo(key) >= 0)
                {
                    ctx.Set("index", Felt.FromUInt64((ulong)i));
                    ctx.Set("exists", v == key ? Felt.One : Felt.Zero);
                    return;
                }
            }
            ctx.Set("index", Felt.FromUInt64((ulong)n));
            ctx.Set("exists", Felt.Zero);
        }),

        new(FindElement, ctx =>
        {
            Relocatable array = ctx.GetPtr("array_ptr");
            long elmSize = Small(ctx, "elm_size");
            if (elmSize <= 0) throw ctx.Fail($"Invalid value for elm_size. Got: {elmSize}.");
            MaybeRelocatable key = ctx.Get("key");
            long n = Small(ctx, "n_elms");
            for (long i = 0; i < n; i++)
            {
                if (ctx.Memory.Get(array.Add(elmSize * i)).Equals(key))
                {
                    ctx.Set("index", Felt.FromUInt64((ulong)i));
                    return;
                }
            }
            throw ctx.Fail($"Key {key} was not found.");
        }),
        new(SearchSortedLower, ctx =>
        {
            Relocatable array = ctx.GetPtr("array_ptr");
            long elmSize = Small(ctx, "elm_size");
            if (elmSize <= 0) throw ctx.Fail($"Invalid value for elm_size. Got: {elmSize}.");
            long n = Small(ctx, "n_elms");
            Felt key = ctx.GetFelt("key");
            for (long i = 0; i < n; i++)
            {
                if (ctx.Memory.GetFelt(array.Add(elmSize * i)).CompareTo(key) >= 0)
                {
                    ctx.Set("index", Felt.FromUInt64((ulong)i));
                    return;
                }
            }
            ctx.Set("index", Felt.FromUInt64((ulong)n));
        }),
        new(SetAdd, ctx =>
        {
            long elmSize = Small(ctx, "elm_size");
            if (elmSize <= 0) throw ctx.Fail("assert ids.elm_size > 0");
            Relocatable set = ctx.GetPtr("set_ptr"), end = ctx.GetPtr("set_end_ptr"), elm = ctx.GetPtr("elm_ptr");
            if (set.Segment != end.Segment || set.Offset > end.Offset) throw ctx.Fail("assert ids.set_ptr <= ids.set_end_ptr");
            for (long i = 0; i < end.Offset - set.Offset; i += elmSize)
            {
                bool same = true;
                for (long k = 0; k < elmSize && same; k++) same = ctx.Memory.Get(set.Add(i + k)).Equals(ctx.Memory.Get(elm.Add(k)));
                if (same)
                {
                    ctx.Set("index", Felt.FromUInt64((ulong)(i / elmSize)));
                    ctx.Set("is_elm_in_set", Felt.One);
                    return;
                }
            }
            ctx.Set("is_elm_in_set", Felt.Zero);
        }),
        new(UsortEnterScope, ctx => ctx.Processor.EnterScope(new() { ["__usort_max_size"] = ctx.Processor.Scope.GetValueOrDefault("__usort_max_size") })),
        new(UsortBody, ctx =>
        {
            Relocatable input = ctx.GetPtr("input");
            long len = Small(ctx, "input_len");
            if (ctx.Processor.Scope.GetValueOrDefault("__usort_max_size") is long max && len > max)
                throw ctx.Fail($"usort() can only be used with input_len<={max}. Got: input_len={len}.");
            var positions = new SortedDictionary<Felt, List<long>>();
            for (long i = 0; i < len; i++)
            {
                Felt v = ctx.Memory.GetFelt(input.Add(i));
                if (!positions.TryGetValue(v, out List<long>? list)) positions[v] = list = new List<long>();
                list.Add(i);
            }
            ctx.Processor.Scope["positions_dict"] = positions;
            ctx.Set("output_len", Felt.FromUInt64((ulong)positions.Count));
            Relocatable output = ctx.Memory.AddSegment(), mult = ctx.Memory.AddSegment();
            int k = 0;
            foreach (var kv in positions)
            {
                ctx.Memory.Insert(output.Add(k), kv.Key);
                ctx.Memory.Insert(mult.Add(k), Felt.FromUInt64((ulong)kv.Value.Count));
                k++;
            }
            ctx.Set("output", output);
            ctx.Set("multiplicities", mult);
        }),
        new(UsortVerify, ctx =>
        {
            if (ctx.Processor.Scope.GetValueOrDefault("positions_dict") is not SortedDictionary<Felt, List<long>> dict) throw ctx.Fail("positions_dict is not in scope");
            var positions = new List<long>(dict.TryGetValue(ctx.GetFelt("value"), out List<long>? l) ? l : []);
            positions.Reverse();
            ctx.Processor.Scope["positions"] = positions;
            ctx.Processor.Scope["last_pos"] = 0L;
        }),
        new(UsortVerifyMultiplicityAssert, ctx =>
        {
            if (ctx.Processor.Scope.GetValueOrDefault("positions") is not List<long> p || p.Count != 0) throw ctx.Fail("assert len(positions) == 0");
        }),
        new(UsortVerifyMultiplicityBody, ctx =>
        {
            if (ctx.Processor.Scope.GetValueOrDefault("positions") is not List<long> p || p.Count == 0) throw ctx.Fail("positions is empty");
            long current = p[^1];
            p.RemoveAt(p.Count - 1);
            long last = ctx.Processor.Scope.GetValueOrDefault("last_pos") is long lp ? lp : 0;
            ctx.Set("next_item_index", FeltMath.FromInt64(current - last));
            ctx.Processor.Scope["last_pos"] = current + 1;
        }),
        new(Pow, ctx =>
        {
            Felt exp = ctx.Memory.GetFelt(ctx.MemberAddress("prev_locs", "exp"));
            exp.ToCanonical(out ulong x0, out _, out _, out _);
            ctx.Memory.Insert(ctx.MemberAddress("locs", "bit"), (x0 & 1) == 1 ? Felt.One : Felt.Zero);
        }),
        new(VmEnterScope, ctx => ctx.Processor.EnterScope()),
    ];

    private static long Small(HintContext ctx, string name)
    {
        if (!FeltMath.TryToUInt64(ctx.GetFelt(name), out ulong v) || v > int.MaxValue) throw ctx.Fail($"ids.{name} is too large");
        return (long)v;
    }
}
