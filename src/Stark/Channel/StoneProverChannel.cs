using Zetina.Stark.Field;

namespace Zetina.Stark.Channel;

/// <summary>
/// The prover's side of a Stone channel (<c>channel/noninteractive_prover_channel.cc</c>): every message the prover
/// sends is appended to the proof and absorbed into the same <see cref="IStoneChannel"/> state the verifier keeps,
/// so the prover's draws are the verifier's. Decommitments are appended without being absorbed — the verifier reads
/// them after its last draw.
/// </summary>
internal sealed class StoneProverChannel(IStoneChannel channel)
{
    private readonly MemoryStream _proof = new();

    /// <summary>Bytes written so far (the offset of the next message in proof_hex).</summary>
    public long Position => _proof.Length;

    /// <summary>Bytes of one proof-of-work nonce in this channel.</summary>
    public int ProofOfWorkNonceBytes => channel.ProofOfWorkNonceBytes;

    /// <summary>Sends <paramref name="message"/> (a commitment, a block of felts, a nonce): appended and absorbed.</summary>
    /// <exception cref="InvalidOperationException">The channel cannot absorb it (a felt channel's chunk not below p): a prover bug.</exception>
    public void Send(ReadOnlySpan<byte> message)
    {
        if (!channel.TryAbsorb(message)) throw new InvalidOperationException($"the channel cannot absorb a {message.Length}-byte message");
        _proof.Write(message);
    }

    /// <summary>Sends field elements as one message, each encoded as the channel encodes felts (Montgomery or canonical bytes).</summary>
    public void SendFelts(ReadOnlySpan<Felt> values)
    {
        var bytes = new byte[32 * values.Length];
        for (int i = 0; i < values.Length; i++) channel.EncodeFelt(values[i], bytes.AsSpan(32 * i, 32));
        Send(bytes);
    }

    /// <summary>Appends decommitment bytes to the proof without touching the channel state.</summary>
    public void Decommit(ReadOnlySpan<byte> bytes) => _proof.Write(bytes);

    /// <summary>A verifier challenge: a field element drawn from the state.</summary>
    public Felt DrawFelt() => channel.DrawFelt();

    /// <summary>A verifier challenge: an integer below <paramref name="bound"/> (a power of two).</summary>
    public ulong DrawNumber(ulong bound) => channel.DrawNumber(bound);

    /// <summary>The state the proof of work binds to.</summary>
    public byte[] ProofOfWorkSeed() => channel.ProofOfWorkSeed();

    /// <summary>The proof bytes (proof_hex) written so far.</summary>
    public byte[] ToProof() => _proof.ToArray();
}
