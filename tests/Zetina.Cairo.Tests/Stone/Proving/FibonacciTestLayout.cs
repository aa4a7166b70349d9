using Zetina.Stark.Air;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>
/// A tiny layout for testing the prover pipeline without a Cairo trace: columns a, b (original) and p (interaction,
/// one element λ), one row per step. Constraints, in order:
/// 0: a′ = b and 1: b′ = a + b on every row but the last (a Fibonacci pair);
/// 2: (a − 1)² = 0 on row 0 (quadratic, so the composition needs both of its columns);
/// 3: p′ = p·(λ − a) on every row but the last (a running product over the interaction element);
/// 4: p = 1 on row 0; 5: b = the first public memory value on row 0 (binds the statement).
/// </summary>
internal sealed class FibonacciTestLayout : IStoneLayout
{
    public string Name => "fibonacci_test";
    public int RowsPerStep => 1;
    public int TraceColumns => 2;
    public int InteractionColumns => 1;
    public int InteractionElementCount => 1;
    public int ConstraintCount => 6;
    public int ConstraintDegree => 2;
    public IReadOnlyList<StoneMaskEntry> Mask { get; } = StoneMask.FromColumns([0, 1], [0, 1], [0, 1]);
    public IReadOnlyList<string> Builtins => [];

    public string? CheckPublicInput(AirPublicInput publicInput) => null;

    public Felt EvaluateComposition(StoneCompositionPoint at)
    {
        var sum = new StoneConstraintSumAtPoint(this, at);
        AddConstraints(sum);
        return sum.Finish(ConstraintCount);
    }

    public void AddConstraints<T>(StoneConstraintSum<T> sum) where T : struct, IConstraintValue<T>
    {
        T a = sum.Cell(new StoneMaskEntry(0, 0)), aNext = sum.Cell(new StoneMaskEntry(0, 1));
        T b = sum.Cell(new StoneMaskEntry(1, 0)), bNext = sum.Cell(new StoneMaskEntry(1, 1));
        T p = sum.Cell(new StoneMaskEntry(2, 0)), pNext = sum.Cell(new StoneMaskEntry(2, 1));
        Felt lambda = sum.InteractionElements[0];
        T notLast = sum.Row(-1);
        sum.Add((aNext - b) * notLast, sum.Every(1));
        sum.Add((bNext - a - b) * notLast, sum.Every(1));
        sum.Add((a - Felt.One) * (a - Felt.One), sum.Row(0));
        sum.Add((pNext - p * (lambda - a)) * notLast, sum.Every(1));
        sum.Add(p - Felt.One, sum.Row(0));
        sum.Add(b - sum.PublicInput.PublicMemory[0].Value, sum.Row(0));
        sum.CheckCount(ConstraintCount);
    }

    /// <summary>A statement for this layout: n steps, b₀ = <paramref name="b0"/> as the one public memory cell.</summary>
    public static AirPublicInput Statement(int steps, ulong b0) => new()
    {
        Layout = "fibonacci_test", RcMin = 0, RcMax = 0, NSteps = steps,
        MemorySegments = [new MemorySegment("program", 1, 2), new MemorySegment("execution", 2, 3)],
        PublicMemory = [new PublicMemoryEntry(1, Felt.FromUInt64(b0), 0)],
    };
}

/// <summary>The trace that satisfies <see cref="FibonacciTestLayout"/>: a₀ = 1, b₀ from the statement, p₀ = 1.</summary>
internal sealed class FibonacciTestTrace : IStoneTraceSource
{
    public FibonacciTestTrace(int rows, Felt b0)
    {
        Main = new StoneTraceTable(2, rows);
        Felt a = Felt.One, b = b0;
        for (int i = 0; i < rows; i++)
        {
            Main.Columns[0][i] = a;
            Main.Columns[1][i] = b;
            (a, b) = (b, a + b);
        }
    }

    public StoneTraceTable Main { get; }

    public StoneTraceTable BuildInteraction(Felt[] interactionElements)
    {
        var table = new StoneTraceTable(1, Main.Rows, firstColumn: 2);
        Felt p = Felt.One;
        for (int i = 0; i < Main.Rows; i++)
        {
            table.Columns[0][i] = p;
            p *= interactionElements[0] - Main.Columns[0][i];
        }
        return table;
    }
}
