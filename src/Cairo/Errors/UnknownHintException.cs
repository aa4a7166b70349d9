using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Errors;

/// <summary>A hint whose code the runner has no native implementation for; names the code and its pc.</summary>
public sealed class UnknownHintException(string code, Relocatable pc)
    : CairoException(CairoErrorKind.UnknownHint, $"unknown hint at pc={pc}:\n{code}")
{
    /// <summary>The hint's Python code, exactly as in the program JSON.</summary>
    public string Code { get; } = code;

    /// <summary>Where the hint is attached.</summary>
    public Relocatable HintPc { get; } = pc;
}
