using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Node.Jobs;

/// <summary>
/// A job's id is the StarkNet Keccak (Keccak-256 masked to 250 bits) of its body's canonical encoding,
/// so anyone holding a body can check it against the header that names it.
/// </summary>
/// <remarks>Keccak rather than Poseidon: bodies are megabytes of bytes, and Keccak hashes bytes at about 1 GB/s here.</remarks>
internal static class JobIds
{
    /// <summary>The id of an encoded body.</summary>
    public static Felt Of(ReadOnlySpan<byte> encodedBody) => StarknetKeccak.Hash(encodedBody);

    /// <summary>The id of a body.</summary>
    public static Felt Of(JobBody body) => Of(body.Encode());
}
