using System.Numerics;
using System.Text;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone;

/// <summary>
/// The bytes that seed the channel: the public input serialized as 32-byte big-endian words
/// (<c>statement/cpu/cpu_air_statement.cc</c>, <c>GetInitialHashChainSeed</c>):
/// [n_verifier_friendly_commitment_layers (stone6 only)], log₂ n_steps, rc_min, rc_max, the layout name as a
/// big-endian integer of its ASCII bytes, (begin, stop) of every segment in the layout's order, the padding cell
/// (the first public memory entry's address and value), the number of pages, then per page in page order:
/// (start address, except for page 0), size, and the page hash — for page 0 the hash of its (address, value)
/// pairs, for the others the hash of their values.
/// </summary>
/// <remarks>
/// The channel's initial state is H(seed) with H the verifier-friendly hash when verifier_friendly_channel_updates
/// is set and the channel hash otherwise; Poseidon reads the words as felts (poseidon_hash_many).
/// </remarks>
internal static class StoneStatementSeed
{
    /// <summary>The seed bytes; throws <see cref="StoneFormatException"/> when the public input lacks a segment the layout names.</summary>
    public static byte[] Build(AirPublicInput input, IStoneLayout layout, StoneProofParameters parameters, StoneStatementVersion version) =>
        ForVersion(BuildCommon(input, layout, parameters), parameters, version);

    /// <summary>
    /// The seed of <paramref name="version"/> from the words both versions share (<see cref="BuildCommon"/>):
    /// stone6 puts n_verifier_friendly_commitment_layers in front of them, stone5 does not.
    /// </summary>
    public static byte[] ForVersion(byte[] common, StoneProofParameters parameters, StoneStatementVersion version)
    {
        if (version != StoneStatementVersion.Stone6) return common;
        var seed = new byte[32 + common.Length];
        Word(parameters.VerifierFriendlyLayers).CopyTo(seed, 0);
        common.CopyTo(seed, 32);
        return seed;
    }

    /// <summary>
    /// The seed words from log₂ n_steps on, which stone5 and stone6 share. The page hashes (a Pedersen hash per
    /// public memory cell) are most of a seed's cost, so a verifier trying both versions builds this once.
    /// </summary>
    public static byte[] BuildCommon(AirPublicInput input, IStoneLayout layout, StoneProofParameters parameters)
    {
        var words = new List<byte[]>();
        if (input.NSteps <= 0 || (input.NSteps & (input.NSteps - 1)) != 0)
            throw new StoneFormatException($"n_steps {input.NSteps} is not a power of two");
        words.Add(Word(BitOperations.Log2((ulong)input.NSteps)));
        words.Add(Word(input.RcMin));
        words.Add(Word(input.RcMax));
        words.Add(Word(new BigInteger(Encoding.ASCII.GetBytes(layout.Name), isUnsigned: true, isBigEndian: true)));
        string[] names = ["program", "execution", .. layout.Builtins];
        if (input.MemorySegments.Count != names.Length)
            throw new StoneFormatException($"public_input has {input.MemorySegments.Count} memory segments; layout '{layout.Name}' has {names.Length} ({string.Join(", ", names)})");
        foreach (string name in names)
        {
            if (!input.TryGetSegment(name, out MemorySegment s)) throw new StoneFormatException($"public_input has no '{name}' memory segment");
            words.Add(Word(s.BeginAddr));
            words.Add(Word(s.StopPtr));
        }
        IReadOnlyList<PublicMemoryEntry> memory = input.PublicMemory;
        if (memory.Count == 0) throw new StoneFormatException("public_input has no public memory");
        words.Add(Word(memory[0].Address));
        words.Add(memory[0].Value.ToBytesBigEndian());
        var pages = new SortedDictionary<int, List<PublicMemoryEntry>>();
        foreach (PublicMemoryEntry e in memory)
        {
            if (!pages.TryGetValue(e.Page, out List<PublicMemoryEntry>? list)) pages[e.Page] = list = [];
            list.Add(e);
        }
        words.Add(Word(pages.Count));
        foreach ((int page, List<PublicMemoryEntry> entries) in pages)
        {
            var hashed = new List<Felt>();
            if (page != 0)
            {
                for (int i = 1; i < entries.Count; i++)
                    if (entries[i].Address != entries[i - 1].Address + 1)
                        throw new StoneFormatException($"public memory page {page} is not continuous at address {entries[i].Address}");
                words.Add(Word(entries[0].Address));
            }
            foreach (PublicMemoryEntry e in entries)
            {
                if (page == 0) hashed.Add(Felt.FromUInt64(e.Address));
                hashed.Add(e.Value);
            }
            words.Add(Word(entries.Count));
            words.Add(PageHash(parameters.PageHash, hashed));
        }
        var seed = new byte[32 * words.Count];
        for (int i = 0; i < words.Count; i++) words[i].CopyTo(seed, 32 * i);
        return seed;
    }

    /// <summary>The channel for a seed, as Stone's verifier builds it (<c>VerifierMainHelperImpl</c>).</summary>
    public static IStoneChannel? TryOpenChannel(byte[] seed, StoneProofParameters parameters)
    {
        string inputHash = parameters.VerifierFriendlyChannelUpdates ? parameters.VerifierFriendlyCommitmentHash : parameters.ChannelHash;
        byte[] digest = new byte[32];
        if (inputHash == "poseidon3")
        {
            var felts = new Felt[seed.Length / 32];
            for (int i = 0; i < felts.Length; i++)
                if (!Felt.TryFromBytesBigEndian(seed.AsSpan(32 * i, 32), out felts[i])) return null;
            PoseidonHash.HashMany(felts).WriteBytesBigEndian(digest);
        }
        else
        {
            StoneMaskedHash.TryCreate(inputHash)!.HashUnmasked(seed, digest);
        }
        if (parameters.ChannelHash == "poseidon3")
            return Felt.TryFromBytesBigEndian(digest, out Felt state) ? new StonePoseidonChannel(state) : null;
        return new StoneHashChainChannel(StoneMaskedHash.TryCreate(parameters.ChannelHash)!, digest);
    }

    private static byte[] PageHash(string name, List<Felt> values)
    {
        if (name == "pedersen") return PedersenHash.HashOnElements(values.ToArray()).ToBytesBigEndian();
        var bytes = new byte[32 * values.Count];
        for (int i = 0; i < values.Count; i++) values[i].WriteBytesBigEndian(bytes.AsSpan(32 * i, 32));
        return Keccak256.Hash(bytes);
    }

    private static byte[] Word(long value) => Word(new BigInteger(value));

    private static byte[] Word(ulong value) => Word(new BigInteger(value));

    private static byte[] Word(BigInteger value)
    {
        var word = new byte[32];
        byte[] b = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (b.Length > 32) throw new StoneFormatException("a public input value does not fit 256 bits");
        b.CopyTo(word, 32 - b.Length);
        return word;
    }
}
