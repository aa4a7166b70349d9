namespace Zetina.Cairo.Air;

/// <summary>One constraint of the Cairo AIR: a name (for the trace checker's reports), its domain and its degree in the trace columns.</summary>
public readonly record struct CairoConstraint(string Name, ConstraintDomain Domain, int Degree);
