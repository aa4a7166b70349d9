using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// An AIR with other lifts (and row steps) declared than its inner AIR's, for <see cref="AirDomain.Check"/>: a null
/// argument keeps the inner AIR's.
/// </summary>
internal sealed class RelabelledAir(IAir inner, int[]? columnLifts = null, int[]? transitionLifts = null, int[]? steps = null, int[]? auxLifts = null)
    : IAir
{
    public string Name => inner.Name;
    public int TraceLength => inner.TraceLength;
    public int MainWidth => inner.MainWidth;
    public int AuxWidth => inner.AuxWidth;
    public int AuxRandomCount => inner.AuxRandomCount;
    public ReadOnlySpan<MaskEntry> Mask => inner.Mask;
    public ReadOnlySpan<int> TransitionDegrees => inner.TransitionDegrees;
    public ReadOnlySpan<int> TransitionRowSteps => steps is null ? inner.TransitionRowSteps : steps;
    public ReadOnlySpan<int> ColumnLifts => columnLifts is null ? inner.ColumnLifts : columnLifts;
    public ReadOnlySpan<int> AuxColumnLifts => auxLifts is null ? inner.AuxColumnLifts : auxLifts;
    public ReadOnlySpan<int> TransitionLifts => transitionLifts is null ? inner.TransitionLifts : transitionLifts;
    public int TransitionExemptions => inner.TransitionExemptions;
    public IReadOnlyList<Felt[]> PeriodicColumns => inner.PeriodicColumns;
    public ReadOnlySpan<Felt> PublicInput => inner.PublicInput;
    public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result) =>
        inner.EvaluateTransition(frame, periodic, auxRandom, result);
    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) => inner.BoundaryConstraints(auxRandom);
    public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) => inner.BuildAuxColumns(mainColumns, auxRandom);
}
