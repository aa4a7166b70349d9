using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// Extra binding data that enters the Fiat–Shamir transcript before anything else: the job the proof answers and
/// the executor that made it. A proof made under one binding fails under any other, so a proof seen on the
/// network cannot be resubmitted by someone else.
/// </summary>
public readonly record struct CairoBinding(Felt JobId, Felt ExecutorAddress)
{
    /// <summary>No binding (both zero), for proofs outside the network.</summary>
    public static CairoBinding None => default;
}
