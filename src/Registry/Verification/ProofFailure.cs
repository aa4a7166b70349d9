namespace Zetina.Registry.Verification;

/// <summary>Why a proof check failed, so the registry can tell an executor what to fix.</summary>
public enum ProofFailure
{
    /// <summary>Not a failure.</summary>
    None = 0,

    /// <summary>Returned when the proof does not parse or does not verify.</summary>
    Invalid,

    /// <summary>Returned when the proof verifies but its public input names another job id.</summary>
    WrongJob,

    /// <summary>Returned when the proof verifies but its public input names another executor address.</summary>
    WrongExecutor,
}
