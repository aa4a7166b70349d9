namespace Zetina.Stark.Parameters;

/// <summary>What <see cref="ParameterChoice"/> weighs when it picks parameters at a fixed security (96 conjectured bits).</summary>
public enum ProofOptimization
{
    /// <summary>Proving time first: the smallest evaluation domain (blowup 2), then the smallest proof it allows.</summary>
    Speed = 0,
    /// <summary>Proof size first: blowup 8 and more grinding, so a third of the queries; proving takes about three times as long.</summary>
    Size = 1,
}
