using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

/// <summary>
/// Stone's felt channel for <c>channel_hash = poseidon3</c> (<c>NoninteractiveVerifierFeltChannel</c>): the state is
/// one felt s and a counter c. Receiving felts x₁…x_k sets s ← poseidon_hash_many(s + 1, x₁, …, x_k) and c ← 0;
/// drawing returns poseidon(s, c) and increments c; a query index is the draw's low 64 bits mod the bound.
/// </summary>
/// <remarks>The proof is a sequence of canonical 32-byte big-endian felts; a commitment or a nonce is one of them.</remarks>
internal sealed class StonePoseidonChannel : IStoneChannel
{
    private Felt _state;
    private Felt _counter;

    /// <summary>A channel whose initial state is <paramref name="initialState"/> (the public input's Poseidon hash).</summary>
    public StonePoseidonChannel(Felt initialState) => _state = initialState;

    /// <summary>The current state s (for tests and diagnostics).</summary>
    public Felt State => _state;

    /// <inheritdoc />
    public int ProofOfWorkNonceBytes => 32;

    /// <inheritdoc />
    public bool TryDecodeFelt(ReadOnlySpan<byte> bytes32, out Felt value) => Felt.TryFromBytesBigEndian(bytes32, out value);

    /// <inheritdoc />
    public void EncodeFelt(in Felt value, Span<byte> bytes32) => value.WriteBytesBigEndian(bytes32);

    /// <inheritdoc />
    public bool TryAbsorb(ReadOnlySpan<byte> message)
    {
        if (message.Length == 0 || message.Length % 32 != 0) return false;
        var felts = new Felt[1 + message.Length / 32];
        felts[0] = _state + Felt.One;
        for (int i = 1; i < felts.Length; i++)
            if (!Felt.TryFromBytesBigEndian(message.Slice((i - 1) * 32, 32), out felts[i])) return false;
        _state = PoseidonHash.HashMany(felts);
        _counter = Felt.Zero;
        return true;
    }

    /// <inheritdoc />
    public Felt DrawFelt()
    {
        Felt r = PoseidonHash.Hash(_state, _counter);
        _counter += Felt.One;
        return r;
    }

    /// <inheritdoc />
    public ulong DrawNumber(ulong bound)
    {
        DrawFelt().ToCanonical(out ulong low, out _, out _, out _);
        return low & (bound - 1);
    }

    /// <inheritdoc />
    public byte[] ProofOfWorkSeed() => _state.ToBytesBigEndian();
}
