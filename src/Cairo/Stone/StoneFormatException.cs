namespace Zetina.Cairo.Stone;

/// <summary>A Stone proof file that cannot be read or asks for something the verifier does not support; the message names what.</summary>
internal sealed class StoneFormatException(string message) : Exception(message);
