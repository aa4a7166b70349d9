using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// The verifier's random challenges for the interaction trace (paper §9.7–9.8): z and α for the memory
/// permutation (an access (a, v) enters as z − (a + α·v)), and z' for the range-check permutation.
/// </summary>
public readonly record struct CairoChallenges(Felt MemoryZ, Felt MemoryAlpha, Felt RangeCheckZ);
