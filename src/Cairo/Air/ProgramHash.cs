using Zetina.Cairo.Air.Files;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Air;

/// <summary>
/// The program hash a proof is checked against: cairo-lang's <c>compute_hash_chain([len(data)] + data)</c> with the
/// StarkNet Pedersen hash, over the program's bytecode — h = H(x_0, H(x_1, … H(x_{m−2}, x_{m−1}))) with
/// x = [len(data), data_0, …].
/// </summary>
/// <remarks>
/// The bytecode is read from the public memory, so the verifier recomputes the hash from what the proof binds:
/// the run of consecutive public-memory cells starting at the program segment's begin address and ending before the
/// execution segment (proof mode makes the whole program public).
/// </remarks>
public static class ProgramHash
{
    /// <summary>The hash chain over <paramref name="bytecode"/> (length-prefixed).</summary>
    public static Felt Compute(ReadOnlySpan<Felt> bytecode)
    {
        Felt h = bytecode.Length == 0 ? Felt.Zero : bytecode[^1];
        for (int i = bytecode.Length - 2; i >= 0; i--) h = PedersenHash.Hash(bytecode[i], h);
        return bytecode.Length == 0 ? PedersenHash.Hash(Felt.Zero, Felt.Zero) : PedersenHash.Hash((ulong)bytecode.Length, h);
    }

    /// <summary>The program's bytecode as the public memory shows it (see remarks).</summary>
    public static Felt[] Bytecode(AirPublicInput input)
    {
        ulong begin = input.Segment("program").BeginAddr;
        ulong end = input.TryGetSegment("execution", out MemorySegment ex) ? ex.BeginAddr : ulong.MaxValue;
        var byAddress = new Dictionary<ulong, Felt>();
        foreach (PublicMemoryEntry e in input.PublicMemory) byAddress[e.Address] = e.Value;
        var words = new List<Felt>();
        for (ulong a = begin; a < end && byAddress.TryGetValue(a, out Felt v); a++) words.Add(v);
        return words.ToArray();
    }

    /// <summary>The program hash of the run described by <paramref name="input"/>.</summary>
    public static Felt FromPublicInput(AirPublicInput input) => Compute(Bytecode(input));
}
