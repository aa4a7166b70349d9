using System.Numerics;
using System.Runtime.InteropServices;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Air.Opcodes;
using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The lanes' and opcode extensions' constraints are written once over <see cref="IConstraintValue{T}"/>: evaluated
/// over <see cref="FeltValue"/> (the AIR's one-point path) and over <see cref="CountingValue"/> (a second value type
/// that only carries the element and counts the ring operations) on the same random frames they give the same
/// elements bit for bit, write exactly the constraints their Add…Constraints methods declare, and perform the same
/// operations whatever the values (a straight-line text, as the prover's recording requires).
/// </summary>
public sealed class GenericLaneEvaluationTests
{
    private const int Seeds = 3;
    private static readonly BigInteger s_p = (BigInteger.One << 251) + 17 * (BigInteger.One << 192) + 1;

    /// <summary>
    /// An element as a constraint value that counts what the constraint text does with it: the evaluation's own
    /// arithmetic is <see cref="Felt"/>'s, so it shares nothing with <see cref="FeltValue"/> but the constraint text.
    /// </summary>
    private readonly struct CountingValue(Felt value) : IConstraintValue<CountingValue>
    {
        [ThreadStatic] private static long t_operations;
        [ThreadStatic] private static long t_constants;

        public Felt Value { get; } = value;

        /// <summary>Ring operations since the last <see cref="Reset"/> on this thread.</summary>
        public static long Operations => t_operations;

        /// <summary>Constants converted since the last <see cref="Reset"/> on this thread.</summary>
        public static long Constants => t_constants;

        public static void Reset() => (t_operations, t_constants) = (0, 0);

        public static CountingValue operator +(CountingValue a, CountingValue b) { t_operations++; return new(a.Value + b.Value); }

        public static CountingValue operator -(CountingValue a, CountingValue b) { t_operations++; return new(a.Value - b.Value); }

        public static CountingValue operator *(CountingValue a, CountingValue b) { t_operations++; return new(a.Value * b.Value); }

        public static implicit operator CountingValue(Felt constant) { t_constants++; return new(constant); }
    }

    /// <summary>One evaluation of a constraint text: inputs as spans of T, constraints written from <c>o</c> on.</summary>
    private interface IText
    {
        string Name { get; }
        int Declared { get; }
        int Inputs { get; }
        void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T>;
    }

    /// <summary>A builtin lane at column 3 of a frame: its width, then its next entries, then its periodic values.</summary>
    private sealed class BuiltinText(IBuiltinLane lane) : IText
    {
        private const int Column = 3;
        public string Name => lane.Builtin;
        public int Declared { get; } = Count(add => lane.AddConstraints(0, add));
        private int Frame => Column + lane.Width + lane.NextEntries.Count;
        public int Inputs => Frame + lane.Periodic.Count;

        public void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T> =>
            lane.Evaluate(inputs[..Frame], Column, NextAt(Column + lane.Width, lane.NextEntries.Count), inputs[Frame..], result, ref o);
    }

    private sealed class Qm31LaneText : IText
    {
        private const int Column = 2;
        public string Name => "qm31 lane";
        public int Declared { get; } = Count(add => Qm31Lane.AddConstraints(0, add));
        private static int Frame => Column + Qm31Lane.Width + Qm31Lane.NextEntries.Count;
        public int Inputs => Frame + 1;

        public void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T> =>
            Qm31Lane.Evaluate(inputs[..Frame], Column, NextAt(Column + Qm31Lane.Width, Qm31Lane.NextEntries.Count), inputs[Frame], result, ref o);
    }

    private sealed class Blake2sLaneText : IText
    {
        private const int Column = 2;
        public string Name => "blake2s lane";
        public int Declared { get; } = Count(add => Blake2sLane.AddConstraints(0, add));
        private static int Frame => Column + Blake2sLane.Width + Blake2sLane.NextEntries.Count;
        public int Inputs => Frame + Blake2sLane.Periodic.Count;

        public void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T> =>
            Blake2sLane.Evaluate(inputs[..Frame], Column, NextAt(Column + Blake2sLane.Width, Blake2sLane.NextEntries.Count), inputs[Frame..], result, ref o);
    }

    /// <summary>The QM31 CPU constraints on the CPU columns followed by the component (one lane).</summary>
    private sealed class Qm31CpuText : IText
    {
        public string Name => "qm31 cpu";
        public int Declared { get; } = Count(Qm31Operations.AddCpuConstraints);
        public int Inputs => CairoColumns.CpuWidth + Qm31Operations.Width(1);

        public void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T> =>
            Qm31Operations.EvaluateCpu(inputs, CairoColumns.CpuWidth, result, ref o);
    }

    /// <summary>The Blake2s CPU constraints, with the QM31 flag in the column after the component or without it (−1).</summary>
    private sealed class Blake2sCpuText(bool withQm31) : IText
    {
        public string Name => withQm31 ? "blake2s cpu with qm31" : "blake2s cpu";
        public int Declared { get; } = Count(add => Blake2sOperations.AddCpuConstraints(withQm31, add));
        public int Inputs => CairoColumns.CpuWidth + Blake2sOperations.Width(1) + 1;

        public void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T> =>
            Blake2sOperations.EvaluateCpu(inputs, CairoColumns.CpuWidth, withQm31 ? Inputs - 1 : -1, result, ref o);
    }

    /// <summary>
    /// A lookup over <paramref name="lanes"/> lanes: main columns (CPU, component), auxiliary columns (A, B_l), a
    /// frame of next-row values, then z and α. <paramref name="blake"/> picks the Blake2s lookup (five-entry tuples).
    /// </summary>
    private sealed class LookupText(bool blake, int lanes) : IText
    {
        private int Main => CairoColumns.CpuWidth + (blake ? Blake2sOperations.Width(lanes) : Qm31Operations.Width(lanes));
        private int Tuple => blake ? 5 : 4;
        public string Name => $"{(blake ? "blake2s" : "qm31")} lookup, {lanes} lanes";
        public int Declared { get; } = Count(add => { if (blake) Blake2sOperations.AddLookupConstraints(lanes, add); else Qm31Operations.AddLookupConstraints(lanes, add); });
        public int Inputs => Main + (1 + lanes) + (1 + Tuple) + 2;

        public void Evaluate<T>(ReadOnlySpan<T> inputs, Span<T> result, ref int o) where T : struct, IConstraintValue<T>
        {
            ReadOnlySpan<T> main = inputs[..Main], aux = inputs.Slice(Main, 1 + lanes), frame = inputs.Slice(Main + 1 + lanes, 1 + Tuple);
            T z = inputs[^2], alpha = inputs[^1];
            // A' at frame index 0, the next tuple in reverse order (any frame indices serve).
            ReadOnlySpan<int> nextTuple = blake ? [5, 4, 3, 2, 1] : [4, 3, 2, 1];
            if (blake) Blake2sOperations.EvaluateLookup(main, aux, frame, CairoColumns.CpuWidth, lanes, 0, 0, nextTuple, z, alpha, result, ref o);
            else Qm31Operations.EvaluateLookup(main, aux, frame, CairoColumns.CpuWidth, lanes, 0, 0, nextTuple, z, alpha, result, ref o);
        }
    }

    private static int Count(Action<Action<string, int>> add)
    {
        int count = 0;
        add((_, _) => count++);
        return count;
    }

    /// <summary>Frame indices of the next entries: after the lane's columns, in reverse order (any order serves).</summary>
    private static int[] NextAt(int first, int count)
    {
        var at = new int[count];
        for (int i = 0; i < count; i++) at[i] = first + count - 1 - i;
        return at;
    }

    private static IText[] Texts() =>
    [
        .. BuiltinLanes.All.Select(l => new BuiltinText(l)),
        new Qm31LaneText(), new Blake2sLaneText(), new Qm31CpuText(), new Blake2sCpuText(false), new Blake2sCpuText(true),
        new LookupText(false, 1), new LookupText(false, 3), new LookupText(true, 1), new LookupText(true, 2),
    ];

    /// <summary>Every constraint text, by index into <see cref="Texts"/>.</summary>
    public static TheoryData<int> TextIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Texts().Length; i++) data.Add(i);
        return data;
    }

    private static Felt[] RandomElements(int seed, int count)
    {
        var rng = new Random(seed);
        var values = new Felt[count];
        var bytes = new byte[40];
        for (int i = 0; i < count; i++)
        {
            // Mostly uniform elements, with some 0, 1 and −1 so that the identities x·1, x·0, x + 0 are met too.
            int kind = rng.Next(8);
            if (kind == 0) values[i] = Felt.Zero;
            else if (kind == 1) values[i] = Felt.One;
            else if (kind == 2) values[i] = -Felt.One;
            else
            {
                rng.NextBytes(bytes);
                values[i] = Felt.FromBigInteger(new BigInteger(bytes, isUnsigned: true) % s_p);
            }
        }
        return values;
    }

    /// <summary>The text over <see cref="CountingValue"/>: the elements, the count written and the operations performed.</summary>
    private static (Felt[] Values, int Written, long Operations) Count(IText text, Felt[] inputs, int slots)
    {
        var values = new CountingValue[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) values[i] = new CountingValue(inputs[i]);
        var result = new CountingValue[slots];
        CountingValue.Reset();
        int o = 1;
        text.Evaluate<CountingValue>(values, result, ref o);
        long operations = CountingValue.Operations;
        var elements = new Felt[slots];
        for (int i = 0; i < slots; i++) elements[i] = result[i].Value;
        return (elements, o - 1, operations);
    }

    [Theory]
    [MemberData(nameof(TextIndices))]
    public void FeltValueAndCountingValueAgreeBitForBit(int index)
    {
        IText text = Texts()[index];
        long? operations = null;
        for (int k = 0; k < Seeds; k++)
        {
            int seed = 20261207 + 1000 * index + k;
            Felt[] inputs = RandomElements(seed, text.Inputs);
            // Written from slot 1 on, with a slot to spare after: neither neighbour may be touched.
            int slots = text.Declared + 2;
            var felt = new Felt[slots];
            int o = 1;
            text.Evaluate<FeltValue>(FeltValue.Of(inputs), FeltValue.Of(felt.AsSpan()), ref o);
            Assert.True(o - 1 == text.Declared, $"{text.Name}, seed {seed}: wrote {o - 1} constraints, declares {text.Declared}");
            Assert.True(felt[0].IsZero && felt[^1].IsZero, $"{text.Name}, seed {seed}: wrote outside its constraints");

            (Felt[] counted, int written, long performed) = Count(text, inputs, slots);
            Assert.True(written == text.Declared, $"{text.Name}, seed {seed}: wrote {written} counted constraints, declares {text.Declared}");
            for (int i = 0; i < slots; i++)
                Assert.True(MemoryMarshal.AsBytes(felt.AsSpan(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(counted.AsSpan(i, 1))),
                    $"{text.Name}, seed {seed}: constraint {i - 1} is {felt[i].ToHexString()} over FeltValue, {counted[i].ToHexString()} over CountingValue");

            // Every constraint is at least one operation, and the operations do not depend on the values.
            Assert.True(performed >= text.Declared, $"{text.Name}, seed {seed}: {performed} operations for {text.Declared} constraints");
            operations ??= performed;
            Assert.True(operations == performed, $"{text.Name}, seed {seed}: {performed} operations, {operations} on the first seed");
        }
    }
}
