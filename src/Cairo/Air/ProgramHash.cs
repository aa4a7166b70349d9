using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Air;

/// <summary>
/// The program hash a proof is checked against, as StarkNet's bootloader computes it (cairo-lang
/// <c>compute_program_hash_chain</c>, bootloader version 0): with the header h = [0, main, len(builtins), builtin
/// names as short strings…] followed by the bytecode, the Pedersen hash chain over [len(h ‖ data)] ‖ h ‖ data,
/// i.e. H(x_0, H(x_1, … H(x_{m−2}, x_{m−1}))).
/// </summary>
/// <remarks>
/// The verifier reads the bytecode from the public memory (proof mode makes the whole program public): the run of
/// consecutive public cells from the program segment's begin address, below the execution segment (and below the
/// entry prefix [exec.begin, 0] that cairo-lang and cairo-vm make public just under it). The header
/// (main's pc and the builtin list) comes from the statement, which the transcript binds.
/// Checked against the bootloader's own output in shared/testdata (c0_bootloader_program_fibonacci_starknet_with_keccak).
/// </remarks>
public static class ProgramHash
{
    /// <summary>The hash chain over header and <paramref name="bytecode"/>.</summary>
    public static Felt Compute(ulong main, IReadOnlyList<string> builtins, ReadOnlySpan<Felt> bytecode)
    {
        Felt[] chain = Chain(main, builtins, bytecode, lengthPrefix: true);
        chain[0] = (ulong)(chain.Length - 1);
        Felt h = chain[^1];
        for (int k = chain.Length - 2; k >= 0; k--) h = PedersenHash.Hash(chain[k], h);
        return h;
    }

    /// <summary>The same header and bytecode hashed with poseidon_hash_many (the bootloader's <c>use_poseidon</c>).</summary>
    public static Felt ComputePoseidon(ulong main, IReadOnlyList<string> builtins, ReadOnlySpan<Felt> bytecode) =>
        PoseidonHash.HashMany(Chain(main, builtins, bytecode, lengthPrefix: false));

    /// <summary>[length slot,] bootloader version 0, main, builtin count, builtin names, bytecode.</summary>
    private static Felt[] Chain(ulong main, IReadOnlyList<string> builtins, ReadOnlySpan<Felt> bytecode, bool lengthPrefix)
    {
        var chain = new Felt[(lengthPrefix ? 1 : 0) + 3 + builtins.Count + bytecode.Length];
        int i = lengthPrefix ? 1 : 0;
        chain[i++] = Felt.Zero; // bootloader version
        chain[i++] = main;
        chain[i++] = (ulong)builtins.Count;
        foreach (string b in builtins) chain[i++] = CairoStatement.ShortString(b);
        bytecode.CopyTo(chain.AsSpan(i));
        return chain;
    }

    /// <summary>The program hash of <paramref name="run"/>: its header and the bytecode its public memory shows.</summary>
    public static Felt Of(CairoRun run) => Compute(run.ProgramMain, run.ProgramBuiltins, Bytecode(run.PublicInput));

    /// <summary>The program's bytecode as the public memory shows it (see remarks).</summary>
    public static Felt[] Bytecode(AirPublicInput input)
    {
        ulong begin = input.Segment("program").BeginAddr;
        ulong end = input.TryGetSegment("execution", out MemorySegment ex) ? ex.BeginAddr : ulong.MaxValue;
        var byAddress = new Dictionary<ulong, Felt>(input.PublicMemory.Count);
        foreach (PublicMemoryEntry e in input.PublicMemory) byAddress[e.Address] = e.Value;
        // cairo-lang and cairo-vm place the public prefix [exec.begin, 0] just below execution.begin_addr.
        if (end >= 2 && end != ulong.MaxValue && byAddress.TryGetValue(end - 2, out Felt p0) && p0 == (Felt)end
            && byAddress.TryGetValue(end - 1, out Felt p1) && p1.IsZero)
            end -= 2;
        var words = new List<Felt>(byAddress.Count);
        for (ulong a = begin; a < end && byAddress.TryGetValue(a, out Felt v); a++) words.Add(v);
        return words.ToArray();
    }
}
