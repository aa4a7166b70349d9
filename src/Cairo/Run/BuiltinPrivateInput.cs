using System.Text.Json;

namespace Zetina.Cairo.Run;

/// <summary>
/// One builtin's entry of <c>air_private_input.json</c>: the witness its cells came from (pedersen's inputs, the
/// range-checked values, ecdsa's public keys, messages and signatures, …), kept as the JSON value cairo-vm writes
/// (for most builtins a list with one object per instance).
/// </summary>
/// <remarks>
/// Only the ecdsa signatures feed this AIR (see <see cref="AirPrivateInput.EcdsaSignatures"/>); the other entries
/// are carried for the file, so they stay in the file's own form.
/// </remarks>
public sealed record BuiltinPrivateInput(string Name, JsonElement Value)
{
    /// <summary>Instances listed (0 when the value is not a list).</summary>
    public int Instances => Value.ValueKind == JsonValueKind.Array ? Value.GetArrayLength() : 0;
}
