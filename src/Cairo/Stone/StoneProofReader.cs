namespace Zetina.Cairo.Stone;

/// <summary>A cursor over proof_hex's bytes; every read is bounded and says when the proof ran out.</summary>
internal sealed class StoneProofReader(byte[] proof)
{
    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes not yet read.</summary>
    public int Remaining => proof.Length - Position;

    /// <summary>The next <paramref name="count"/> bytes, or null when fewer are left.</summary>
    public byte[]? Read(int count)
    {
        if (count < 0 || count > Remaining) return null;
        byte[] b = proof.AsSpan(Position, count).ToArray();
        Position += count;
        return b;
    }
}
