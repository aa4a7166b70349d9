namespace Zetina.Cairo.Program;

/// <summary>A hint as stored in the program: its code and the ids it can see.</summary>
/// <param name="Code">The Python code, exactly as in the JSON (native hints are matched on this text).</param>
/// <param name="AccessibleScopes">Scopes the hint's code can name (innermost last).</param>
/// <param name="ApTrackingGroup">The ap-tracking group at the hint's pc.</param>
/// <param name="ApTrackingOffset">ap's offset from the group's start at the hint's pc.</param>
/// <param name="ReferenceIds">Each <c>ids.NAME</c> the hint may use (full scoped name) → index in the reference manager.</param>
public sealed record HintSpec(
    string Code,
    IReadOnlyList<string> AccessibleScopes,
    int ApTrackingGroup,
    int ApTrackingOffset,
    IReadOnlyDictionary<string, int> ReferenceIds);

/// <summary>An entry of the program's reference manager: how to compute a reference's value at some pc.</summary>
/// <param name="ApTrackingGroup">The ap-tracking group at <paramref name="Pc"/>.</param>
/// <param name="ApTrackingOffset">ap's offset from the group's start at <paramref name="Pc"/>.</param>
/// <param name="Pc">The pc at which the reference was defined.</param>
/// <param name="Value">The reference expression, e.g. <c>[cast(fp + (-3), felt*)]</c>.</param>
public sealed record ReferenceSpec(int ApTrackingGroup, int ApTrackingOffset, int Pc, string Value);

/// <summary>A program attribute (cairo-compile writes <c>error_message</c> ones for <c>with_attr</c> blocks).</summary>
public sealed record ProgramAttribute(string Name, int StartPc, int EndPc, string Value);
