namespace Zetina.Cairo.Run;

/// <summary>The diluted pool of a layout (bitwise and keccak consume it): units per step, spacing and bits per value.</summary>
public sealed record DilutedPool(int UnitsPerStep, int Spacing, int NBits);
