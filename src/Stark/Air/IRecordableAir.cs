namespace Zetina.Stark.Air;

/// <summary>
/// An AIR whose transition constraints are written once over any <see cref="IConstraintValue{T}"/>: the prover records
/// them (<see cref="TransitionRecorder"/>) and runs the recording over many points at a time in SIMD lanes
/// (<see cref="ConstraintProgramRunner"/>) instead of calling <see cref="IAir.EvaluateTransition"/> at every point.
/// </summary>
public interface IRecordableAir : IAir
{
    /// <summary>
    /// <see cref="IAir.EvaluateTransition"/> over <typeparamref name="T"/>: the same constraints in the same order, from
    /// the same frame, periodic values and challenges.
    /// </summary>
    void EvaluateTransition<T>(ReadOnlySpan<T> frame, ReadOnlySpan<T> periodic, ReadOnlySpan<T> auxRandom, Span<T> result)
        where T : struct, IConstraintValue<T>;
}
