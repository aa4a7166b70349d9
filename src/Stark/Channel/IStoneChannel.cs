using Zetina.Stark.Field;

namespace Zetina.Stark.Channel;

/// <summary>
/// The verifier's side of a Stone non-interactive channel (<c>channel/verifier_channel.h</c>): it absorbs what the
/// prover sent, in the order it was sent, and draws the verifier's challenges from the resulting state.
/// </summary>
/// <remarks>
/// Stone has two: a byte hash chain (<see cref="StoneHashChainChannel"/>) and, for <c>channel_hash = poseidon3</c>,
/// a channel whose state is one felt (<see cref="StonePoseidonChannel"/>). They differ in how a field element
/// travels (Montgomery bytes vs. canonical felts), in how a proof-of-work nonce is framed, and in how draws are made.
/// </remarks>
internal interface IStoneChannel
{
    /// <summary>Bytes of one proof-of-work nonce as the proof carries it (8, or a whole 32-byte felt).</summary>
    int ProofOfWorkNonceBytes { get; }

    /// <summary>Decodes one 32-byte field element of the proof; false when it is not below p.</summary>
    bool TryDecodeFelt(ReadOnlySpan<byte> bytes32, out Felt value);

    /// <summary>The prover's side of <see cref="TryDecodeFelt"/>: the 32 bytes a field element travels as in this channel.</summary>
    void EncodeFelt(in Felt value, Span<byte> bytes32);

    /// <summary>
    /// Absorbs one message of the prover (a commitment, a block of field elements, a nonce) exactly as sent;
    /// false when the message cannot be absorbed (a felt channel's chunk not below p).
    /// </summary>
    bool TryAbsorb(ReadOnlySpan<byte> message);

    /// <summary>Draws a field element (Stone's <c>GetRandomFieldElement</c>).</summary>
    Felt DrawFelt();

    /// <summary>Draws an integer in [0, <paramref name="bound"/>); bound a power of two (<c>GetRandomNumber</c>).</summary>
    ulong DrawNumber(ulong bound);

    /// <summary>The state the proof of work is bound to (<c>GetPrngState</c> / the felt state's 32 bytes).</summary>
    byte[] ProofOfWorkSeed();
}
