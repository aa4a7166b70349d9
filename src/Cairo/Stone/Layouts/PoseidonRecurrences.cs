using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The linear relations Stone's Poseidon component proves between the cells it keeps, derived from the permutation's
/// round constants and MDS matrix M = [[3, 1, 1], [1, −1, 1], [1, 1, −2]] (Stone's
/// <c>src/starkware/air/components/poseidon</c>; the permutation as <see cref="PoseidonHash"/>).
/// </summary>
/// <remarks>
/// The partial rounds keep only the third lane, s_r = (state + ark_r)[2], and its cube C_r. Every other quantity is an
/// affine form in the kept cells, found here by running the rounds on affine forms and eliminating the lanes the
/// trace does not keep: with the lanes x0, x1 entering round r unknown, s_(r+1) and s_(r+2) give two equations, so
/// s_(r+3) = a·C_r + b·s_(r+1) + c·C_(r+1) + d·s_(r+2) + e·C_(r+2) + key_r with a … e fixed and key_r from the round
/// constants. The same elimination gives the margins between the full and the partial rounds.
/// </remarks>
internal static class PoseidonRecurrences
{
    /// <summary>An affine form: Σ coefficient·symbol + constant.</summary>
    internal sealed class Form
    {
        public readonly Dictionary<string, Felt> Terms = [];
        public Felt Constant;

        public static Form Symbol(string name) { var f = new Form(); f.Terms[name] = Felt.One; return f; }

        public static Form Const(Felt c) => new() { Constant = c };

        public Felt this[string name] => Terms.TryGetValue(name, out Felt v) ? v : Felt.Zero;

        public static Form operator +(Form a, Form b)
        {
            var r = new Form { Constant = a.Constant + b.Constant };
            foreach (var (k, v) in a.Terms) r.Terms[k] = v;
            foreach (var (k, v) in b.Terms) r.Terms[k] = r[k] + v;
            return r;
        }

        public static Form operator *(Felt c, Form a)
        {
            var r = new Form { Constant = c * a.Constant };
            foreach (var (k, v) in a.Terms) r.Terms[k] = c * v;
            return r;
        }

        public static Form operator -(Form a, Form b) => a + (Felt.MinusOne * b);

        /// <summary>The form's value with each symbol's value from <paramref name="value"/>.</summary>
        public T Evaluate<T>(Func<string, T> value) where T : struct, IConstraintValue<T>
        {
            T total = Constant;
            foreach (var (k, v) in Terms) if (!v.IsZero) total += v * value(k);
            return total;
        }
    }

    private static Felt Ark(int round, int lane) => PoseidonHash.RoundConstant(round, lane);

    /// <summary>M·v.</summary>
    private static Form[] Mix(Form a, Form b, Form c)
    {
        Felt two = Felt.FromUInt64(2), three = Felt.FromUInt64(3);
        return [three * a + b + c, a - b + c, a + b - two * c];
    }

    /// <summary>
    /// Runs partial rounds <paramref name="first"/> … on <paramref name="state"/> (entering round <paramref name="first"/>),
    /// naming the cube of round r "C{r}"; returns each round's kept lane s_r and the state after the last.
    /// </summary>
    private static (Form[] Kept, Form[] State) PartialRounds(Form[] state, int first, int count)
    {
        var kept = new Form[count];
        for (int i = 0; i < count; i++)
        {
            int round = first + i;
            int ark = PoseidonHash.FullRounds / 2 + round;
            kept[i] = state[2] + Form.Const(Ark(ark, 2));
            state = Mix(state[0] + Form.Const(Ark(ark, 0)), state[1] + Form.Const(Ark(ark, 1)), Form.Symbol($"C{round}"));
        }
        return (kept, state);
    }

    /// <summary>
    /// Rewrites <paramref name="target"/> without the <paramref name="unknowns"/>, using the equations
    /// symbol_k = equations_k (the kept cells): target − Σ β_k (equations_k − symbol_k) with β solving the 2×2 (or 1×1)
    /// system that cancels the unknowns.
    /// </summary>
    private static Form Eliminate(Form target, string[] unknowns, (string Symbol, Form Equation)[] equations)
    {
        int n = unknowns.Length;
        var beta = new Felt[n];
        if (n == 1)
        {
            beta[0] = target[unknowns[0]] / equations[0].Equation[unknowns[0]];
        }
        else if (n == 2)
        {
            Felt a = equations[0].Equation[unknowns[0]], b = equations[1].Equation[unknowns[0]];
            Felt c = equations[0].Equation[unknowns[1]], d = equations[1].Equation[unknowns[1]];
            Felt t0 = target[unknowns[0]], t1 = target[unknowns[1]];
            Felt det = a * d - b * c;
            beta[0] = (t0 * d - b * t1) / det;
            beta[1] = (a * t1 - c * t0) / det;
        }
        else throw new InvalidOperationException($"cannot eliminate {n} unknowns");
        Form result = target;
        for (int k = 0; k < n; k++) result = result - beta[k] * (equations[k].Equation - Form.Symbol(equations[k].Symbol));
        return result;
    }

    /// <summary>
    /// The partial-round recurrence of round r: s_(r+3) as a form in C{r}, S{r+1}, C{r+1}, S{r+2}, C{r+2} (S = a kept
    /// cell s), its constant the round key.
    /// </summary>
    public static Form PartialRound(int r)
    {
        Form[] state = [Form.Symbol("x0"), Form.Symbol("x1"), Form.Symbol("x2")];
        var (kept, _) = PartialRounds(state, r, 4);
        return Eliminate(kept[3], ["x0", "x1"], [($"S{r + 1}", kept[1]), ($"S{r + 2}", kept[2])]);
    }

    /// <summary>
    /// The margin from the first full rounds to the partial rounds: s_0, s_1, s_2 as forms in the last first-half full
    /// round's cubes c0, c1, c2 and the kept cells, eliminating c0 (for s_1) and c0, c1 (for s_2).
    /// </summary>
    public static Form[] FullToPartial()
    {
        Form[] state = Mix(Form.Symbol("c0"), Form.Symbol("c1"), Form.Symbol("c2"));
        var (kept, _) = PartialRounds(state, 0, 3);
        return
        [
            kept[0],
            Eliminate(kept[1], ["c0"], [("S0", kept[0])]),
            Eliminate(kept[2], ["c0", "c1"], [("S0", kept[0]), ("S1", kept[1])]),
        ];
    }

    /// <summary>
    /// The margin from the partial rounds to the last full rounds: the first last-half full round's state (after its
    /// round key) as forms in C{r}, S{r+1}, C{r+1}, S{r+2}, C{r+2}, r the third-to-last partial round.
    /// </summary>
    public static Form[] PartialToFull()
    {
        int r = PoseidonHash.PartialRounds - 3;
        Form[] state = [Form.Symbol("x0"), Form.Symbol("x1"), Form.Symbol("x2")];
        var (kept, after) = PartialRounds(state, r, 3);
        int ark = PoseidonHash.FullRounds / 2 + PoseidonHash.PartialRounds;
        var margins = new Form[3];
        for (int lane = 0; lane < 3; lane++)
            margins[lane] = Eliminate(after[lane] + Form.Const(Ark(ark, lane)), ["x0", "x1"], [($"S{r + 1}", kept[1]), ($"S{r + 2}", kept[2])]);
        return margins;
    }

    /// <summary>Round key of full-round cell k (the key added after cell k's round), 0 where no full round follows.</summary>
    public static Felt FullRoundKey(int cell, int lane)
    {
        int half = PoseidonHash.FullRounds / 2;
        if (cell % half == half - 1) return Felt.Zero;
        int round = cell < half ? cell + 1 : half + PoseidonHash.PartialRounds + cell - half + 1;
        return Ark(round, lane);
    }
}
