using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Program;

/// <summary>
/// A compiled Cairo 0 program (the JSON that <c>cairo-compile</c> writes), checked: Stark252 prime, felt data,
/// known builtins in canonical order, hints by pc, labels and constants from <c>identifiers</c>.
/// </summary>
public sealed class CairoProgram
{
    /// <summary>The builtins cairo-lang knows, in the canonical order programs must list them in.</summary>
    public static readonly IReadOnlyList<string> OrderedBuiltins =
        ["output", "pedersen", "range_check", "ecdsa", "bitwise", "ec_op", "keccak", "poseidon", "range_check96", "add_mod", "mul_mod"];

    internal CairoProgram(MaybeRelocatable[] data, IReadOnlyList<string> builtins, IReadOnlyDictionary<int, HintSpec[]> hints,
        IReadOnlyDictionary<string, int> labels, IReadOnlyDictionary<string, BigInteger> constants, IReadOnlyList<ReferenceSpec> references,
        IReadOnlyList<ProgramAttribute> attributes, string mainScope, JsonElement? identifiers)
    {
        Data = data;
        Builtins = builtins;
        Hints = hints;
        Labels = labels;
        Constants = constants;
        References = references;
        Attributes = attributes;
        MainScope = mainScope;
        Identifiers = identifiers;
    }

    /// <summary>The bytecode, loaded at the start of the program segment.</summary>
    public MaybeRelocatable[] Data { get; }

    /// <summary>Declared builtins, names without the <c>_builtin</c> suffix.</summary>
    public IReadOnlyList<string> Builtins { get; }

    /// <summary>Hints by pc offset in the program segment.</summary>
    public IReadOnlyDictionary<int, HintSpec[]> Hints { get; }

    /// <summary>Function and label pcs by full name (<c>__main__.main</c>).</summary>
    public IReadOnlyDictionary<string, int> Labels { get; }

    /// <summary>Constants by full name.</summary>
    public IReadOnlyDictionary<string, BigInteger> Constants { get; }

    /// <summary>The reference manager's entries.</summary>
    public IReadOnlyList<ReferenceSpec> References { get; }

    /// <summary>Attributes such as <c>error_message</c>.</summary>
    public IReadOnlyList<ProgramAttribute> Attributes { get; }

    /// <summary>The main scope, usually <c>__main__</c>.</summary>
    public string MainScope { get; }

    /// <summary>The raw <c>identifiers</c> object (struct sizes and members for hints), when present.</summary>
    public JsonElement? Identifiers { get; }

    /// <summary>pc of <c>main</c>, or null.</summary>
    public int? Main => Labels.TryGetValue(MainScope + ".main", out int pc) ? pc : null;

    /// <summary>pc of <c>__start__</c> (proof-mode compiles), or null.</summary>
    public int? Start => Labels.TryGetValue(MainScope + ".__start__", out int pc) ? pc : null;

    /// <summary>pc of <c>__end__</c> (proof-mode compiles), or null.</summary>
    public int? End => Labels.TryGetValue(MainScope + ".__end__", out int pc) ? pc : null;

    /// <summary>True when the program was compiled with <c>--proof_mode</c>.</summary>
    public bool IsProofModeCompiled => Start is not null && End is not null;

    /// <summary>The <c>error_message</c> attributes whose [start_pc, end_pc) covers <paramref name="pc"/>, innermost first.</summary>
    public List<string> ErrorMessagesAt(long pc)
    {
        var list = new List<string>();
        for (int i = Attributes.Count - 1; i >= 0; i--)
        {
            ProgramAttribute a = Attributes[i];
            if (a.Name == "error_message" && a.StartPc <= pc && pc < a.EndPc) list.Add(a.Value);
        }
        return list;
    }

    /// <summary>
    /// This program laid out as <c>cairo-compile --proof_mode</c> would: the standard header
    /// <c>__start__: ap += main.Args.SIZE + main.ImplicitArgs.SIZE; call main; __end__: jmp rel 0</c>
    /// (6 words) before the code, every pc (hints, labels, attributes, references) shifted by 6.
    /// Returns this program when it already has <c>__start__</c>/<c>__end__</c>.
    /// </summary>
    public CairoProgram WithProofModeHeader()
    {
        if (IsProofModeCompiled) return this;
        int main = Main ?? throw new Errors.CairoException(Errors.CairoErrorKind.RunnerError, "the program has no main function");
        const int Shift = ProofModeEntryCode.Length;
        long argWords = StructSize(MainScope + ".main.Args") + StructSize(MainScope + ".main.ImplicitArgs");
        MaybeRelocatable W(ulong v) => MaybeRelocatable.FromFelt(Felt.FromUInt64(v));
        var data = new MaybeRelocatable[Data.Length + Shift];
        data[0] = W(ProofModeEntryCode.ApAddImmediate);
        data[1] = W((ulong)argWords);
        data[ProofModeEntryCode.CallOffset] = W(ProofModeEntryCode.CallRelImmediate);
        data[ProofModeEntryCode.CallOffset + 1] = W((ulong)(main + Shift - ProofModeEntryCode.CallOffset));
        data[ProofModeEntryCode.EndOffset] = W(ProofModeEntryCode.JumpRelImmediate);
        data[ProofModeEntryCode.EndOffset + 1] = W(0);
        Array.Copy(Data, 0, data, Shift, Data.Length);

        var hints = new Dictionary<int, HintSpec[]>();
        foreach (var kv in Hints) hints[kv.Key + Shift] = kv.Value;
        var labels = new Dictionary<string, int>();
        foreach (var kv in Labels) labels[kv.Key] = kv.Value + Shift;
        labels[MainScope + ".__start__"] = 0;
        labels[MainScope + ".__end__"] = ProofModeEntryCode.EndOffset;
        var refs = new List<ReferenceSpec>(References.Count);
        foreach (ReferenceSpec r in References) refs.Add(r with { Pc = r.Pc + Shift });
        var attrs = new List<ProgramAttribute>(Attributes.Count);
        foreach (ProgramAttribute a in Attributes) attrs.Add(a with { StartPc = a.StartPc + Shift, EndPc = a.EndPc + Shift });
        return new CairoProgram(data, Builtins, hints, labels, Constants, refs, attrs, MainScope, Identifiers);
    }

    /// <summary>The <c>size</c> of a struct identifier, or the number of builtins for <c>main</c>'s args when absent.</summary>
    public long StructSize(string name)
    {
        if (Identifiers is JsonElement ids && ids.TryGetProperty(name, out JsonElement s) &&
            s.TryGetProperty("size", out JsonElement size) && size.ValueKind == JsonValueKind.Number)
            return size.GetInt64();
        return name.EndsWith(".ImplicitArgs", StringComparison.Ordinal) ? 0 : name.EndsWith(".main.Args", StringComparison.Ordinal) ? Builtins.Count : 0;
    }
}
