namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// Thrown when a run's builtin cells cannot be written as Stone writes them: a range-checked value of 128 bits or
/// more, a pedersen input not below the field's modulus as a 252-bit number, an ecdsa instance without its signature,
/// a diluted pool too short for every diluted value. The message names the builtin, the instance and the value.
/// </summary>
internal sealed class StoneBuiltinInputException(string message) : Exception(message);
