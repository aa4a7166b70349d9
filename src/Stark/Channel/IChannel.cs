using Zetina.Stark.Field;

namespace Zetina.Stark.Channel;

/// <summary>
/// The Fiat–Shamir transcript shared by prover and verifier: everything the prover sends is absorbed, and
/// every verifier challenge is drawn from the state that results, so both sides see the same challenges
/// exactly when they saw the same messages in the same order.
/// </summary>
public interface IChannel
{
    /// <summary>Absorbs raw bytes (a commitment root, an encoded parameter block).</summary>
    void Absorb(ReadOnlySpan<byte> data);

    /// <summary>Absorbs field elements (each as its canonical 32-byte big-endian encoding).</summary>
    void AbsorbFelts(ReadOnlySpan<Felt> values);

    /// <summary>Draws a field element, uniform on [0, p) up to rejection sampling.</summary>
    Felt DrawFelt();

    /// <summary>Draws an integer uniform on [0, <paramref name="bound"/>), bound a power of two up to 2^31.</summary>
    int DrawIndex(int bound);

    /// <summary>
    /// Finds the smallest nonce whose proof-of-work hash over the current state has <paramref name="bits"/>
    /// leading zero bits, searching on at most <paramref name="maxThreads"/> threads, absorbs it and returns it.
    /// </summary>
    ulong Grind(int bits, int maxThreads);

    /// <summary>Checks a proof-of-work nonce against the current state; when it passes, absorbs it.</summary>
    bool TryAcceptProofOfWork(int bits, ulong nonce);
}
