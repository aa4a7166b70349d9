namespace Zetina.Registry.Jobs;

/// <summary>
/// The proof system a job's delegator asks for (docs/registry.md, "Proof formats"). Part of the signed header: an
/// executor cannot answer a Stone-format job with a native proof, nor the other way round.
/// </summary>
public enum ProofFormat : byte
{
    /// <summary>Zetina's own Cairo STARK, bound to (job id, executor) through its public input; settled by one witness.</summary>
    Native = 0,

    /// <summary>
    /// StarkWare's Stone format (the JSON proof Integrity and SHARP verify). Its statement carries no executor, so the
    /// executor is bound by commit–reveal at the registry (docs/registry.md, "Stone-format jobs: commit–reveal").
    /// </summary>
    Stone = 1,
}
