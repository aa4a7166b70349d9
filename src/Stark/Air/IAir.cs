using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// An algebraic intermediate representation: the statement the STARK proves, as polynomial constraints over
/// an execution trace of <see cref="TraceLength"/> rows. One instance describes one statement (its public
/// input fixed); the prover and the verifier build the same instance.
/// </summary>
/// <remarks>
/// <para><b>Columns.</b> <see cref="MainWidth"/> main columns are committed first. When
/// <see cref="AuxWidth"/> &gt; 0, the channel then draws <see cref="AuxRandomCount"/> challenges and the prover
/// builds the interaction (auxiliary) columns from the main trace and those challenges
/// (<see cref="BuildAuxColumns"/>): the permutation and memory arguments live there.</para>
/// <para><b>Transitions.</b> <see cref="EvaluateTransition"/> computes every transition constraint at one
/// point from the values listed by <see cref="Mask"/> (any columns, any row offsets ≥ 0), the periodic
/// columns' values and the challenges. Constraint k holds on rows 0 … n − 1 − <see cref="TransitionExemptions"/>;
/// its degree in the trace values (periodic values count as degree 1) is <see cref="TransitionDegrees"/>[k].</para>
/// <para><b>Public input.</b> <see cref="PublicInput"/> (including binding data such as a job id and an
/// executor address) is absorbed into the transcript before anything else, so a proof for one public input
/// never verifies for another.</para>
/// </remarks>
public interface IAir
{
    /// <summary>A short name absorbed into the transcript (domain separation between AIRs).</summary>
    string Name { get; }

    /// <summary>n, the number of trace rows: a power of two, at least 8.</summary>
    int TraceLength { get; }

    /// <summary>The number of main trace columns (at least one).</summary>
    int MainWidth { get; }

    /// <summary>The number of interaction columns built after the main commitment (0 when none).</summary>
    int AuxWidth { get; }

    /// <summary>How many challenges the channel draws for <see cref="BuildAuxColumns"/> (0 when none).</summary>
    int AuxRandomCount { get; }

    /// <summary>The trace values a transition evaluation reads, in the order of its frame argument.</summary>
    ReadOnlySpan<MaskEntry> Mask { get; }

    /// <summary>The degree of every transition constraint; its length is the number of transition constraints.</summary>
    ReadOnlySpan<int> TransitionDegrees { get; }

    /// <summary>
    /// The row step of every transition constraint (powers of two dividing n): constraint k holds on the rows
    /// i ≡ 0 (mod step_k) with i &lt; n − <see cref="TransitionExemptions"/>, through the divisor x^(n/step_k) − 1.
    /// Empty (the default) means every step is 1. Cairo's per-instruction constraints use step 16, for example.
    /// </summary>
    ReadOnlySpan<int> TransitionRowSteps => default;

    /// <summary>
    /// The lift of every main column (powers of two s with n/s ≥ 8; empty, the default, means every lift is 1). A column
    /// of lift s is a short column of n/s rows repeated s times down the trace, T(x) = t(x^s) with deg t &lt; n/s: the
    /// prover is given its n/s rows, extends them over D^s = {x^s : x ∈ D} and commits them in a table of their own (one
    /// per lift), so it costs the prover and the proof what n/s rows cost.
    /// </summary>
    ReadOnlySpan<int> ColumnLifts => default;

    /// <summary>
    /// The lift of every interaction column, under the rules of <see cref="ColumnLifts"/> (empty, the default, means every
    /// lift is 1): <see cref="BuildAuxColumns"/> returns a column of lift s as its n/s rows, and the lifted interaction
    /// columns are committed in short interaction tables (one per lift) after the interaction table, which keeps at least
    /// one column of lift 1.
    /// </summary>
    ReadOnlySpan<int> AuxColumnLifts => default;

    /// <summary>
    /// The lift of every transition constraint (empty, the default, means every lift is 1). A constraint of lift s reads
    /// only columns of lift s, main or interaction, and periodic columns whose period divides n/s, so it repeats every n/s
    /// rows too (a lift-1 constraint may read any column); it holds
    /// on the rows r with r mod (n/s) &lt; n/s − <see cref="TransitionExemptions"/> (its short table's rows but the last,
    /// on every copy), with row step 1. Its quotient then has degree below deg·(n − s) − (n − E·s), under n for degree 2.
    /// </summary>
    ReadOnlySpan<int> TransitionLifts => default;

    /// <summary>
    /// How many last rows the transitions do not constrain. Mask offsets wrap around (row n − 1 + 1 is row 0):
    /// an AIR whose transitions must not wrap exempts at least its largest offset; one that closes a cycle
    /// (a grand product) may exempt none.
    /// </summary>
    int TransitionExemptions { get; }

    /// <summary>
    /// Periodic columns: each array lists one period's values (length a power of two dividing n); row i reads
    /// element i mod length. They cost no commitment: both sides interpolate them.
    /// </summary>
    IReadOnlyList<Felt[]> PeriodicColumns { get; }

    /// <summary>The public input, absorbed into the transcript first.</summary>
    ReadOnlySpan<Felt> PublicInput { get; }

    /// <summary>
    /// Evaluates every transition constraint at one point: <paramref name="frame"/>[k] is the value of
    /// <see cref="Mask"/>[k], <paramref name="periodic"/>[j] the value of periodic column j,
    /// <paramref name="auxRandom"/> the interaction challenges (empty when none). Writes constraint k's value
    /// to <paramref name="result"/>[k]. Hot path: no allocation, no throwing; called concurrently from many
    /// threads, so it must not mutate shared state.
    /// </summary>
    void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result);

    /// <summary>The boundary constraints (which may depend on the interaction challenges).</summary>
    IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom);

    /// <summary>
    /// Prover side only: builds the <see cref="AuxWidth"/> interaction columns (each of n rows, one of lift s of n/s rows:
    /// <see cref="AuxColumnLifts"/>) from the main columns (a lifted one at its n/s rows) and the challenges. AIRs without
    /// interaction return an empty array.
    /// </summary>
    Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom);

    /// <summary>
    /// Prover side only: the main columns <see cref="BuildAuxColumns"/> reads. The prover releases every other main
    /// column's values on the trace domain as soon as it is extended (the entry it passes to
    /// <see cref="BuildAuxColumns"/> is then null), the rest once the interaction columns are built. Null (the default):
    /// all of them when <see cref="AuxWidth"/> &gt; 0.
    /// </summary>
    IReadOnlyList<int>? AuxInputColumns => null;
}
