using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The Poseidon builtin: the Hades permutation (3 lanes, 8 full rounds, 83 partial) of each instance's 3 inputs gives
/// its 3 outputs (Stone's <c>poseidon/param_*</c>, <c>poseidon/poseidon/*</c>). Full rounds keep every lane; partial
/// rounds keep only the third, the other lanes following from the relations of <see cref="PoseidonRecurrences"/>.
/// </summary>
/// <remarks>
/// Cubes are written x·(x² cell), as Stone writes them. Periodic columns: the full round keys (8 per lane, the key
/// added after each full round, 0 after the last of each half) and, per part of the partial rounds, the recurrence's
/// key for each cell (0 for the part's last 3 cells and its unused ones).
/// </remarks>
internal static class PoseidonBuiltinComponent
{
    private const int Lanes = 3;
    private static readonly Lazy<Derived> s_derived = new(() => new Derived());

    private sealed class Derived
    {
        public readonly StonePeriodicColumn[] FullRoundKeys = new StonePeriodicColumn[Lanes];
        public readonly PoseidonRecurrences.Form PartialRound = PoseidonRecurrences.PartialRound(0);
        public readonly PoseidonRecurrences.Form[] FullToPartial = PoseidonRecurrences.FullToPartial();
        public readonly PoseidonRecurrences.Form[] PartialToFull = PoseidonRecurrences.PartialToFull();
        private readonly Dictionary<(int Start, int Size, int Capacity), StonePeriodicColumn> _partialKeys = [];

        public Derived()
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                var keys = new Felt[PoseidonHash.FullRounds];
                for (int cell = 0; cell < keys.Length; cell++) keys[cell] = PoseidonRecurrences.FullRoundKey(cell, lane);
                FullRoundKeys[lane] = new StonePeriodicColumn(keys);
            }
        }

        /// <summary>The recurrence keys of a part starting at partial round <paramref name="start"/>.</summary>
        public StonePeriodicColumn PartialKeys(int start, int size, int capacity)
        {
            lock (_partialKeys)
            {
                if (!_partialKeys.TryGetValue((start, size, capacity), out StonePeriodicColumn? column))
                {
                    var keys = new Felt[capacity];
                    for (int j = 0; j + 3 < size; j++) keys[j] = PoseidonRecurrences.PartialRound(start + j).Constant;
                    column = new StonePeriodicColumn(keys);
                    _partialKeys.Add((start, size, capacity), column);
                }
                return column;
            }
        }
    }

    /// <summary>Adds the builtin's constraints in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, PoseidonColumns c) where T : struct, IConstraintValue<T>
    {
        Derived d = s_derived.Value;
        int fullStep = c.FullState[0].Step;
        int instance = fullStep * PoseidonHash.FullRounds;
        int half = PoseidonHash.FullRounds / 2;
        T everyInstance = sum.Every(instance);
        Felt initialAddr = sum.PublicInput.Segment("poseidon").BeginAddr;

        // param_i: input i at begin + i, output i three cells later, the next instance's input three after that.
        for (int lane = 0; lane < Lanes; lane++)
        {
            StoneVirtualColumn addr = c.ParamAddr[lane];
            sum.Add(sum.Cell(addr) - (initialAddr + Felt.FromUInt64((ulong)lane)), sum.Row(0));
            sum.Add((sum.Cell(addr, 1) - (sum.Cell(addr) + Felt.FromUInt64(3))) * sum.Row(-addr.Step), sum.Every(addr.Step));
        }

        // squares: each kept cell's square cell (partial parts only on their used cells).
        for (int lane = 0; lane < Lanes; lane++)
            sum.Add(Square(sum, c.FullState[lane]) - sum.Cell(c.FullStateSquared[lane]), sum.Every(fullStep));
        int[] starts = PartStarts(c.PartialRoundsPartition);
        for (int part = 0; part < c.PartialState.Length; part++)
        {
            StoneVirtualColumn s = c.PartialState[part];
            int capacity = instance / s.Step, size = c.PartialRoundsPartition[part];
            sum.Add((Square(sum, s) - sum.Cell(c.PartialStateSquared[part])) * Unused(sum, s.Step, instance, size, capacity), sum.Every(s.Step));
        }

        // full rounds: the first adds ark_0 to the inputs; each next state is M·cubes + the next key; the last gives
        // the outputs.
        for (int lane = 0; lane < Lanes; lane++)
            sum.Add(sum.Cell(c.ParamValue[lane]) + PoseidonHash.RoundConstant(0, lane) - sum.Cell(c.FullState[lane]), everyInstance);
        T[] cubes = Cubes(sum, c, 0);
        T[] mixed = Mix(cubes);
        T notLastOfHalf = sum.Rows((long)fullStep * half, (half - 1) * fullStep);
        for (int lane = 0; lane < Lanes; lane++)
            sum.Add((sum.Cell(c.FullState[lane], 1) - (mixed[lane] + d.FullRoundKeys[lane].Evaluate(sum, fullStep))) * notLastOfHalf, sum.Every(fullStep));
        T[] lastMixed = Mix(Cubes(sum, c, PoseidonHash.FullRounds - 1));
        for (int lane = 0; lane < Lanes; lane++)
            sum.Add(sum.Cell(c.ParamValue[lane], 1) - lastMixed[lane], everyInstance);

        // the parts of the partial rounds overlap by 3 cells.
        for (int i = 0; i < Lanes; i++)
            sum.Add(sum.Cell(c.PartialState[0], c.PartialRoundsPartition[0] - Lanes + i) - sum.Cell(c.PartialState[1], i), everyInstance);

        // margin full → partial: s_0, s_1, s_2 from the cubes of full round half − 1.
        T[] halfCubes = Cubes(sum, c, half - 1);
        T FullSide(string symbol) => symbol switch
        {
            "c0" => halfCubes[0], "c1" => halfCubes[1], "c2" => halfCubes[2],
            _ => PartialCell(sum, c, 0, symbol),
        };
        for (int i = 0; i < Lanes; i++) sum.Add(sum.Cell(c.PartialState[0], i) - d.FullToPartial[i].Evaluate(FullSide), everyInstance);

        // partial rounds: s_(r+3) by the recurrence, on all but each part's last 3 (and unused) cells.
        for (int part = 0; part < c.PartialState.Length; part++)
        {
            StoneVirtualColumn s = c.PartialState[part];
            int capacity = instance / s.Step, size = c.PartialRoundsPartition[part];
            // The derived form's constant is round 0's key; each cell's own key comes from the periodic column.
            T key = d.PartialKeys(starts[part], size, capacity).Evaluate(sum, s.Step);
            T relation = d.PartialRound.Evaluate(symbol => PartialCell(sum, c, part, symbol)) - d.PartialRound.Constant + key;
            sum.Add((sum.Cell(s, 3) - relation) * Unused(sum, s.Step, instance, size - 3, capacity), sum.Every(s.Step));
        }

        // margin partial → full: the first last-half full state from the last partial part's final cells.
        int lastPart = c.PartialState.Length - 1;
        for (int lane = 0; lane < Lanes; lane++)
        {
            T value = d.PartialToFull[lane].Evaluate(symbol => PartialCell(sum, c, lastPart, symbol, starts[lastPart]));
            sum.Add(sum.Cell(c.FullState[lane], half) - value, everyInstance);
        }
    }

    private static T Square<T>(StoneConstraintSum<T> sum, StoneVirtualColumn column) where T : struct, IConstraintValue<T> { T x = sum.Cell(column); return x * x; }

    /// <summary>The three lanes' cubes at full-round cell <paramref name="cell"/>: x · (x² cell).</summary>
    private static T[] Cubes<T>(StoneConstraintSum<T> sum, PoseidonColumns c, int cell) where T : struct, IConstraintValue<T>
    {
        var cubes = new T[Lanes];
        for (int lane = 0; lane < Lanes; lane++) cubes[lane] = sum.Cell(c.FullState[lane], cell) * sum.Cell(c.FullStateSquared[lane], cell);
        return cubes;
    }

    private static T[] Mix<T>(T[] v) where T : struct, IConstraintValue<T>
    {
        T t = v[0] + v[1] + v[2];
        Felt two = Felt.FromUInt64(2);
        return [t + two * v[0], t - two * v[1], t - Felt.FromUInt64(3) * v[2]];
    }

    /// <summary>
    /// A recurrence symbol's value in part <paramref name="part"/> (whose cell 0 is partial round
    /// <paramref name="roundOfCell0"/>): "S{r}" the kept cell of round r, "C{r}" its cube.
    /// </summary>
    private static T PartialCell<T>(StoneConstraintSum<T> sum, PoseidonColumns c, int part, string symbol, int roundOfCell0 = 0) where T : struct, IConstraintValue<T>
    {
        int cell = int.Parse(symbol.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - roundOfCell0;
        T x = sum.Cell(c.PartialState[part], cell);
        return symbol[0] switch
        {
            'S' => x,
            'C' => x * sum.Cell(c.PartialStateSquared[part], cell),
            _ => throw new InvalidOperationException($"unknown recurrence symbol {symbol}"),
        };
    }

    /// <summary>Π over the cells <paramref name="used"/> … capacity − 1 of each instance: the rows a constraint skips.</summary>
    private static T Unused<T>(StoneConstraintSum<T> sum, int step, int instance, int used, int capacity) where T : struct, IConstraintValue<T>
    {
        T product = Felt.One;
        for (int j = used; j < capacity; j++) product *= sum.Rows(instance, (long)j * step);
        return product;
    }

    private static int[] PartStarts(int[] partition)
    {
        var starts = new int[partition.Length];
        for (int p = 1; p < partition.Length; p++) starts[p] = starts[p - 1] + partition[p - 1] - Lanes;
        return starts;
    }
}
