namespace Zetina.Registry.Verification;

/// <summary>
/// The part of a program hash that a Stone-format proof does not state: main's pc and the program's builtin names,
/// which the program hash chain puts before the bytecode (<c>Zetina.Cairo.Air.ProgramHash</c>; cairo-lang
/// <c>compute_program_hash_chain</c>). The bytecode comes from the proof's public memory; the executor names the
/// header. Nothing is trusted from it: the chain over (header, bytecode) must equal the job's program hash, which a
/// different header or bytecode reaches only through a Pedersen collision.
/// </summary>
/// <param name="Main">The pc of the program's <c>main</c>.</param>
/// <param name="Builtins">The program's builtins, in its order (at most <see cref="MaxBuiltins"/> names of at most 31 ASCII characters).</param>
public sealed record ProgramHeader(ulong Main, string[] Builtins)
{
    /// <summary>The most builtin names a header may carry (Cairo knows eleven).</summary>
    public const int MaxBuiltins = 16;

    /// <summary>Null when the names are well formed (count, length, printable ASCII); else what is wrong.</summary>
    public string? Problem()
    {
        if (Builtins.Length > MaxBuiltins) return $"the program header names {Builtins.Length} builtins; at most {MaxBuiltins}";
        for (int i = 0; i < Builtins.Length; i++)
        {
            string? b = Builtins[i];
            if (b is null) return $"builtin name {i} is missing";
            if (b.Length is 0 or > 31) return $"builtin name {i} is {b.Length} characters; a Cairo short string has 1 to 31";
            foreach (char c in b)
                if (c is < '!' or > '~') return $"builtin name {i} holds a character outside printable ASCII";
        }
        return null;
    }
}
