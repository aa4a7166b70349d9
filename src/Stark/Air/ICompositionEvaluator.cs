using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// Evaluates the composition polynomial on a coset shift·⟨ω_N⟩ whose columns it is given — the prover hands it
/// the smallest coset the constraints' degree needs (docs/stark.md, round 3): the prover's heaviest loop after the NTTs, and the one a GPU backend replaces for a given AIR. The CPU implementation is
/// <see cref="CpuCompositionEvaluator"/>.
/// </summary>
/// <remarks>
/// For every point x = shift·ω_N^i of the domain, with the frame read from the extended columns at rows
/// i + offset·blowup (mod N), and the transitions grouped by row step s (<see cref="AirDomain.TransitionGroups"/>):
/// C(x) = Σ_groups (Σ_{k∈group} α_k·t_k(frame)) · Π_{r exempt}(x^l − ω_n^(r·l)) / (x^(n/s) − 1), l the group's lift
///        + Σ_b α_{K+b} · (T_{c_b}(x) − v_b) / (x − ω_n^{r_b}),
/// with α the <see cref="CompositionInputs.Coefficients"/> (transition constraints first, then boundary
/// constraints in <see cref="IAir.BoundaryConstraints"/> order). <see cref="AirDomain.CompositionAt"/> is the
/// same formula at one point.
/// </remarks>
public interface ICompositionEvaluator
{
    /// <summary>Writes C(shift·ω_N^i) to <paramref name="destination"/>[i] for i &lt; N.</summary>
    void Evaluate(IAir air, in CompositionInputs inputs, Span<Felt> destination);
}

/// <summary>
/// What <see cref="ICompositionEvaluator"/> reads: the extended columns (main then auxiliary, each of N
/// evaluations on shift·⟨ω_N⟩, a lifted column's of N/s on (shift·⟨ω_N⟩)^s, its point i at index i mod (N/s) — or, with <see cref="LogStride"/> s, of 2^s·N evaluations on a domain D of which
/// the evaluated coset is every 2^s-th point from point <see cref="First"/>, read in place rather than copied out; its
/// points are then shift·ω_N^i with shift = D's point First), the domain, the challenges and the constraint coefficients.
/// </summary>
public readonly record struct CompositionInputs(
    IReadOnlyList<Felt[]> ExtendedColumns,
    int LogBlowup,
    Felt Shift,
    Felt[] AuxRandom,
    Felt[] Coefficients,
    IReadOnlyList<BoundaryConstraint> Boundaries,
    int LogStride = 0,
    int First = 0)
{
    /// <summary>log₂ of how much larger the columns' domain is than the evaluated one: the domain is every 2^LogStride-th point.</summary>
    public int LogStride { get; init; } = LogStride;

    /// <summary>The index in the columns of the evaluated coset's first point (below 2^LogStride).</summary>
    public int First { get; init; } = First;
}
