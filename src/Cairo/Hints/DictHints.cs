using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.dict</c>, <c>default_dict</c> and <c>squash_dict</c>. The Python
/// <c>__dict_manager</c> lives in the execution scope as a <see cref="DictManager"/>; the squash loop keeps its
/// state (access indices, keys, current key) in the scope as the Python hints do.
/// </summary>
public static class DictHints
{
    private const int DictAccessSize = 3;

    public const string DictNew = """
        if '__dict_manager' not in globals():
            from starkware.cairo.common.dict import DictManager
            __dict_manager = DictManager()

        memory[ap] = __dict_manager.new_dict(segments, initial_dict)
        del initial_dict
        """;

    public const string DefaultDictNew = """
        if '__dict_manager' not in globals():
            from starkware.cairo.common.dict import DictManager
            __dict_manager = DictManager()

        memory[ap] = __dict_manager.new_default_dict(segments, ids.default_value)
        """;

    public const string DictRead = """
        dict_tracker = __dict_manager.get_tracker(ids.dict_ptr)
        dict_tracker.current_ptr += ids.DictAccess.SIZE
        ids.value = dict_tracker.data[ids.key]
        """;

    public const string DictWrite = """
        dict_tracker = __dict_manager.get_tracker(ids.dict_ptr)
        dict_tracker.current_ptr += ids.DictAccess.SIZE
        ids.dict_ptr.prev_value = dict_tracker.data[ids.key]
        dict_tracker.data[ids.key] = ids.new_value
        """;

    public const string DictUpdate = """
        # Verify dict pointer and prev value.
        dict_tracker = __dict_manager.get_tracker(ids.dict_ptr)
        current_value = dict_tracker.data[ids.key]
        assert current_value == ids.prev_value, \
            f'Wrong previous value in dict. Got {ids.prev_value}, expected {current_value}.'

        # Update value.
        dict_tracker.data[ids.key] = ids.new_value
        dict_tracker.current_ptr += ids.DictAccess.SIZE
        """;

    public const string SquashDict = """
        dict_access_size = ids.DictAccess.SIZE
        address = ids.dict_accesses.address_
        assert ids.ptr_diff % dict_access_size == 0, \
            'Accesses array size must be divisible by DictAccess.SIZE'
        n_accesses = ids.n_accesses
        if '__squash_dict_max_size' in globals():
            assert n_accesses <= __squash_dict_max_size, \
                f'squash_dict() can only be used with n_accesses<={__squash_dict_max_size}. ' \
                f'Got: n_accesses={n_accesses}.'
        # A map from key to the list of indices accessing it.
        access_indices = {}
        for i in range(n_accesses):
            key = memory[address + dict_access_size * i]
            access_indices.setdefault(key, []).append(i)
        # Descending list of keys.
        keys = sorted(access_indices.keys(), reverse=True)
        # Are the keys used bigger than range_check bound.
        ids.big_keys = 1 if keys[0] >= range_check_builtin.bound else 0
        ids.first_key = key = keys.pop()
        """;

    public const string SquashDictInnerSkipLoop = """
        ids.should_skip_loop = 0 if current_access_indices else 1
        """;

    public const string SquashDictInnerFirstIteration = """
        current_access_indices = sorted(access_indices[key])[::-1]
        current_access_index = current_access_indices.pop()
        memory[ids.range_check_ptr] = current_access_index
        """;

    public const string SquashDictInnerCheckAccessIndex = """
        new_access_index = current_access_indices.pop()
        ids.loop_temps.index_delta_minus1 = new_access_index - current_access_index - 1
        current_access_index = new_access_index
        """;

    public const string SquashDictInnerContinueLoop = """
        ids.loop_temps.should_continue = 1 if current_access_indices else 0
        """;

    public const string SquashDictInnerAssertLenKeys = """
        assert len(keys) == 0
        """;

    public const string SquashDictInnerLenAssert = """
        assert len(current_access_indices) == 0
        """;

    public const string SquashDictInnerUsedAccessesAssert = """
        assert ids.n_used_accesses == len(access_indices[key])
        """;

    public const string SquashDictInnerNextKey = """
        assert len(keys) > 0, 'No keys left but remaining_accesses > 0.'
        ids.next_key = key = keys.pop()
        """;

    public const string DictSquashCopyDict = """
        # Prepare arguments for dict_new. In particular, the same dictionary values should be copied
        # to the new (squashed) dictionary.
        vm_enter_scope({
            # Make __dict_manager accessible.
            '__dict_manager': __dict_manager,
            # Create a copy of the dict, in case it changes in the future.
            'initial_dict': dict(__dict_manager.get_dict(ids.dict_accesses_end)),
        })
        """;

    public const string DictSquashUpdatePtr = """
        # Update the DictTracker's current_ptr to point to the end of the squashed dict.
        __dict_manager.get_tracker(ids.squashed_dict_start).current_ptr = \
            ids.squashed_dict_end.address_
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(DictNew, ctx =>
        {
            DictManager manager = Manager(ctx, create: true);
            if (ctx.Processor.Scope.GetValueOrDefault("initial_dict") is not Dictionary<Felt, MaybeRelocatable> initial)
                throw ctx.Fail("initial_dict is not in scope");
            ctx.Memory.Insert(ctx.Ap, manager.NewDict(ctx.Memory, initial, null));
            ctx.Processor.Scope.Remove("initial_dict");
        }),
        new(DefaultDictNew, ctx =>
        {
            DictManager manager = Manager(ctx, create: true);
            ctx.Memory.Insert(ctx.Ap, manager.NewDict(ctx.Memory, new Dictionary<Felt, MaybeRelocatable>(), ctx.Get("default_value")));
        }),
        new(DictRead, ctx =>
        {
            DictTracker t = Manager(ctx).Tracker(ctx, ctx.GetPtr("dict_ptr"));
            t.CurrentPtr = t.CurrentPtr.Add(DictAccessSize);
            ctx.Set("value", t.Read(ctx, ctx.GetFelt("key")));
        }),
        new(DictWrite, ctx =>
        {
            Relocatable dictPtr = ctx.GetPtr("dict_ptr");
            DictTracker t = Manager(ctx).Tracker(ctx, dictPtr);
            t.CurrentPtr = t.CurrentPtr.Add(DictAccessSize);
            Felt key = ctx.GetFelt("key");
            ctx.Memory.Insert(ctx.MemberAddress("dict_ptr", "prev_value"), t.Read(ctx, key));
            t.Data[key] = ctx.Get("new_value");
        }),
        new(DictUpdate, ctx =>
        {
            DictTracker t = Manager(ctx).Tracker(ctx, ctx.GetPtr("dict_ptr"));
            Felt key = ctx.GetFelt("key");
            MaybeRelocatable current = t.Read(ctx, key), prev = ctx.Get("prev_value");
            if (!current.Equals(prev)) throw ctx.Fail($"Wrong previous value in dict. Got {prev}, expected {current}.");
            t.Data[key] = ctx.Get("new_value");
            t.CurrentPtr = t.CurrentPtr.Add(DictAccessSize);
        }),
        new(SquashDict, ctx =>
        {
            Relocatable address = ctx.GetPtr("dict_accesses");
            BigInteger ptrDiff = ctx.GetFelt("ptr_diff").ToBigInteger();
            if (ptrDiff % DictAccessSize != 0) throw ctx.Fail("Accesses array size must be divisible by DictAccess.SIZE");
            if (!FeltMath.TryToUInt64(ctx.GetFelt("n_accesses"), out ulong n) || n > int.MaxValue) throw ctx.Fail("n_accesses is too large");
            if (ctx.Processor.Scope.GetValueOrDefault("__squash_dict_max_size") is long max && (long)n > max)
                throw ctx.Fail($"squash_dict() can only be used with n_accesses<={max}. Got: n_accesses={n}.");
            var accessIndices = new Dictionary<Felt, List<long>>();
            for (long i = 0; i < (long)n; i++)
            {
                Felt key = ctx.Memory.GetFelt(address.Add(DictAccessSize * i));
                if (!accessIndices.TryGetValue(key, out List<long>? list)) accessIndices[key] = list = new List<long>();
                list.Add(i);
            }
            if (accessIndices.Count == 0) throw ctx.Fail("squash_dict: no accesses");
            var keys = new List<Felt>(accessIndices.Keys);
            keys.Sort((a, b) => b.CompareTo(a));
            ctx.Processor.Scope["access_indices"] = accessIndices;
            ctx.Set("big_keys", keys[0].ToBigInteger() >= MathHints.RcBound ? Felt.One : Felt.Zero);
            Felt first = keys[^1];
            keys.RemoveAt(keys.Count - 1);
            ctx.Processor.Scope["keys"] = keys;
            ctx.Processor.Scope["key"] = first;
            ctx.Set("first_key", first);
        }),
        new(SquashDictInnerSkipLoop, ctx => ctx.Set("should_skip_loop", CurrentIndices(ctx).Count > 0 ? Felt.Zero : Felt.One)),
        new(SquashDictInnerFirstIteration, ctx =>
        {
            var indices = new List<long>(AccessIndices(ctx)[Key(ctx)]);
            indices.Sort();
            indices.Reverse();
            long current = indices[^1];
            indices.RemoveAt(indices.Count - 1);
            ctx.Processor.Scope["current_access_indices"] = indices;
            ctx.Processor.Scope["current_access_index"] = current;
            ctx.Memory.Insert(ctx.GetPtr("range_check_ptr"), Felt.FromUInt64((ulong)current));
        }),
        new(SquashDictInnerCheckAccessIndex, ctx =>
        {
            List<long> indices = CurrentIndices(ctx);
            if (indices.Count == 0) throw ctx.Fail("no access index left");
            long next = indices[^1];
            indices.RemoveAt(indices.Count - 1);
            long current = ctx.Processor.Scope.GetValueOrDefault("current_access_index") is long c ? c : throw ctx.Fail("current_access_index is not in scope");
            ctx.Memory.Insert(ctx.MemberAddress("loop_temps", "index_delta_minus1"), FeltMath.FromInt64(next - current - 1));
            ctx.Processor.Scope["current_access_index"] = next;
        }),
        new(SquashDictInnerContinueLoop, ctx =>
            ctx.Memory.Insert(ctx.MemberAddress("loop_temps", "should_continue"), CurrentIndices(ctx).Count > 0 ? Felt.One : Felt.Zero)),
        new(SquashDictInnerAssertLenKeys, ctx =>
        {
            if (Keys(ctx).Count != 0) throw ctx.Fail("assert len(keys) == 0");
        }),
        new(SquashDictInnerLenAssert, ctx =>
        {
            if (CurrentIndices(ctx).Count != 0) throw ctx.Fail("assert len(current_access_indices) == 0");
        }),
        new(SquashDictInnerUsedAccessesAssert, ctx =>
        {
            if (!FeltMath.TryToUInt64(ctx.GetFelt("n_used_accesses"), out ulong used) || (long)used != AccessIndices(ctx)[Key(ctx)].Count)
                throw ctx.Fail("assert ids.n_used_accesses == len(access_indices[key])");
        }),
        new(SquashDictInnerNextKey, ctx =>
        {
            List<Felt> keys = Keys(ctx);
            if (keys.Count == 0) throw ctx.Fail("No keys left but remaining_accesses > 0.");
            Felt next = keys[^1];
            keys.RemoveAt(keys.Count - 1);
            ctx.Processor.Scope["key"] = next;
            ctx.Set("next_key", next);
        }),
        new(DictSquashCopyDict, ctx =>
        {
            DictManager manager = Manager(ctx);
            DictTracker t = manager.Tracker(ctx, ctx.GetPtr("dict_accesses_end"));
            ctx.Processor.EnterScope(new()
            {
                ["__dict_manager"] = manager,
                ["initial_dict"] = new Dictionary<Felt, MaybeRelocatable>(t.Data),
            });
        }),
        new(DictSquashUpdatePtr, ctx =>
        {
            Relocatable start = ctx.GetPtr("squashed_dict_start");
            DictTracker t = Manager(ctx).Tracker(ctx, start);
            t.CurrentPtr = ctx.GetPtr("squashed_dict_end");
        }),
    ];

    private static DictManager Manager(HintContext ctx, bool create = false)
    {
        if (ctx.Processor.Scope.GetValueOrDefault("__dict_manager") is DictManager m) return m;
        if (!create) throw ctx.Fail("__dict_manager is not in scope");
        m = new DictManager();
        ctx.Processor.Scope["__dict_manager"] = m;
        return m;
    }

    private static Dictionary<Felt, List<long>> AccessIndices(HintContext ctx) =>
        ctx.Processor.Scope.GetValueOrDefault("access_indices") as Dictionary<Felt, List<long>> ?? throw ctx.Fail("access_indices is not in scope");

    private static List<Felt> Keys(HintContext ctx) =>
        ctx.Processor.Scope.GetValueOrDefault("keys") as List<Felt> ?? throw ctx.Fail("keys is not in scope");

    private static Felt Key(HintContext ctx) =>
        ctx.Processor.Scope.GetValueOrDefault("key") is Felt k ? k : throw ctx.Fail("key is not in scope");

    private static List<long> CurrentIndices(HintContext ctx) =>
        ctx.Processor.Scope.GetValueOrDefault("current_access_indices") as List<long> ?? throw ctx.Fail("current_access_indices is not in scope");
}

/// <summary>The dictionaries a program created, one per segment (Python's <c>DictManager</c>).</summary>
public sealed class DictManager
{
    private readonly Dictionary<int, DictTracker> _trackers = new();

    /// <summary>Creates a dictionary in a new segment; <paramref name="defaultValue"/> for default dicts.</summary>
    public MaybeRelocatable NewDict(Memory memory, Dictionary<Felt, MaybeRelocatable> initial, MaybeRelocatable? defaultValue)
    {
        Relocatable b = memory.AddSegment();
        _trackers[b.Segment] = new DictTracker(new Dictionary<Felt, MaybeRelocatable>(initial), b, defaultValue);
        return MaybeRelocatable.FromRelocatable(b);
    }

    /// <summary>The tracker of the dictionary <paramref name="ptr"/> points into; its current pointer must equal <paramref name="ptr"/>.</summary>
    public DictTracker Tracker(HintContext ctx, Relocatable ptr)
    {
        if (!_trackers.TryGetValue(ptr.Segment, out DictTracker? t)) throw ctx.Fail($"no dictionary at {ptr}");
        if (t.CurrentPtr != ptr) throw ctx.Fail($"Wrong dict pointer supplied. Got {ptr}, expected {t.CurrentPtr}.");
        return t;
    }
}

/// <summary>One dictionary: its current contents, the end of its access list, and its default value.</summary>
public sealed class DictTracker(Dictionary<Felt, MaybeRelocatable> data, Relocatable currentPtr, MaybeRelocatable? defaultValue)
{
    public Dictionary<Felt, MaybeRelocatable> Data { get; } = data;

    public Relocatable CurrentPtr { get; set; } = currentPtr;

    public MaybeRelocatable? DefaultValue { get; } = defaultValue;

    /// <summary>The value at <paramref name="key"/> (the default for default dicts); fails for a missing key otherwise.</summary>
    public MaybeRelocatable Read(HintContext ctx, Felt key)
    {
        if (Data.TryGetValue(key, out MaybeRelocatable v)) return v;
        if (DefaultValue is { } d) return d;
        throw ctx.Fail($"dict has no key {key}");
    }
}
