using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Merkle;
using Zetina.Stark.Proof;

namespace Zetina.Stark.Prover;

/// <summary>
/// Round 1/2: a committed set of columns: their evaluations on the evaluation domain (the out-of-domain values are
/// interpolated from their points on the coset shift·⟨ω_n⟩) and the tree.
/// </summary>
public sealed record TraceCommitment(Felt[][] Extended, MerkleTree Tree);

/// <summary>
/// Rounds 1 and 2: one kind of columns (the main trace, or the interaction), committed: its table of lift-1 columns, a
/// short table per lift s &gt; 1 (ascending), and every column's extension by its index among the kind's columns (a
/// lifted column's covers D^s: N/s points).
/// </summary>
/// <param name="Extended">Every column's extension, by its index among the kind's columns.</param>
/// <param name="Table">The table of the lift-1 columns, in column order.</param>
/// <param name="ShortTables">One short table per lift s &gt; 1, ascending.</param>
public sealed record CommittedColumns(Felt[][] Extended, TraceCommitment Table, ShortTableCommitment[] ShortTables);

/// <summary>Rounds 1 and 2: the committed table of the columns of one kind and one lift s &gt; 1, in column order, extended over D^s.</summary>
/// <param name="Lift">s.</param>
/// <param name="Table">The columns' extensions over D^s (N/s points each) and their tree.</param>
public sealed record ShortTableCommitment(int Lift, TraceCommitment Table);

/// <summary>Round 2: the interaction challenges and the committed interaction columns.</summary>
/// <param name="AuxRandom">The challenges (empty when the AIR has no interaction).</param>
/// <param name="Columns">The committed interaction columns (null when none).</param>
public sealed record InteractionCommitment(Felt[] AuxRandom, CommittedColumns? Columns);

/// <summary>
/// Round 3: the constraint coefficients, the boundary constraints and the committed composition chunks
/// (their coefficients; a single chunk evaluated on the whole domain is kept only as evaluations, its coefficient
/// entry null).
/// </summary>
public sealed record CompositionCommitment(Felt[] Coefficients, IReadOnlyList<BoundaryConstraint> Boundaries,
    Felt[][] ChunkCoefficients, Felt[][] ChunkExtended, MerkleTree Tree);

/// <summary>Round 4: the out-of-domain point, its entries and the values sent.</summary>
public sealed record OutOfDomainValues(Felt Z, MaskEntry[] Entries, Felt[] Trace, Felt[] Composition);

/// <summary>Round 5: the DEEP polynomial's evaluations on the evaluation domain (FRI's layer 0).</summary>
public sealed record DeepComposition(Felt[] Evaluations);

/// <summary>Round 8: the query positions and every opening the proof carries.</summary>
/// <param name="Queries">The query positions in [0, N).</param>
/// <param name="Main">The main table's opening.</param>
/// <param name="ShortTables">The main short tables with their roots and openings, ascending lift.</param>
/// <param name="Aux">The interaction table's opening (null when none).</param>
/// <param name="ShortAuxTables">The short interaction tables with their roots and openings, ascending lift.</param>
/// <param name="Composition">The composition table's opening.</param>
/// <param name="Fri">The committed FRI layers' openings.</param>
public sealed record QueryOpenings(int[] Queries, TableOpening Main, ShortTable[] ShortTables, TableOpening? Aux, ShortTable[] ShortAuxTables,
    TableOpening Composition, FriLayerOpening[] Fri);
