using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Hints;

/// <summary>A native hint implementation.</summary>
public delegate void NativeHint(HintContext context);

/// <summary>
/// Runs a program's hints natively. Each hint's code is matched, as exact text, against
/// <see cref="NativeHints.Registry"/> when the runner starts; an unmatched hint is an
/// <see cref="UnknownHintException"/> naming its code and pc before any step runs.
/// </summary>
public sealed class HintProcessor : IHintExecutor
{
    private readonly Dictionary<long, (NativeHint Fn, HintContext Ctx)[]> _compiled = new();
    private readonly Dictionary<Relocatable, (NativeHint Fn, HintContext Ctx)[]> _loaded = new();
    private readonly List<Dictionary<string, object?>> _scopes = [new()];

    /// <summary>Compiles every hint of <paramref name="program"/>.</summary>
    public HintProcessor(CairoProgram program, CairoRunner runner, string? programInputJson)
    {
        if (programInputJson is not null)
        {
            try
            {
                ProgramInput = JsonDocument.Parse(programInputJson).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new CairoException(CairoErrorKind.HintFailed, $"program input is not valid JSON: {e.Message}");
            }
        }
        foreach (var kv in Compile(program, runner, 0)) _compiled[kv.Key] = kv.Value;
    }

    /// <summary>
    /// Compiles the hints of a program loaded at <paramref name="programBase"/> (a bootloader's program task,
    /// cairo-lang <c>vm_load_program</c>): they run when the pc reaches their offset from that base.
    /// </summary>
    public void LoadProgram(CairoProgram program, CairoRunner runner, Relocatable programBase)
    {
        foreach (var kv in Compile(program, runner, programBase.Segment, programBase.Offset))
            if (!_loaded.TryAdd(new Relocatable(programBase.Segment, programBase.Offset + kv.Key), kv.Value))
                throw new CairoException(CairoErrorKind.HintFailed, $"a program is already loaded at {programBase}");
    }

    /// <summary>True once a program's hints were loaded outside segment 0 (the VM then asks at every pc there).</summary>
    public bool HasLoadedPrograms => _loaded.Count > 0;

    private Dictionary<int, (NativeHint Fn, HintContext Ctx)[]> Compile(CairoProgram program, CairoRunner runner, int segment, long baseOffset = 0)
    {
        var compiled = new Dictionary<int, (NativeHint, HintContext)[]>();
        var parsed = new Dictionary<int, ReferenceExpression>();
        foreach (var kv in program.Hints)
        {
            var list = new List<(NativeHint, HintContext)>();
            var pc = new Relocatable(segment, baseOffset + kv.Key);
            foreach (HintSpec spec in kv.Value)
            {
                string code = Normalize(spec.Code);
                if (!NativeHints.Registry.TryGetValue(code, out NativeHint? fn) && !ProgramInputHints.TryMatch(code, out fn))
                    throw new UnknownHintException(spec.Code, pc);
                var ids = new Dictionary<string, (ReferenceExpression, ReferenceSpec)>(StringComparer.Ordinal);
                // Later scopes shadow earlier ones: visit ids from the outermost scope to the innermost.
                foreach (string scope in spec.AccessibleScopes)
                {
                    foreach (var id in spec.ReferenceIds)
                    {
                        int dot = id.Key.LastIndexOf('.');
                        if (dot < 0 || id.Key[..dot] != scope) continue;
                        if (id.Value < 0 || id.Value >= program.References.Count) continue;
                        if (!parsed.TryGetValue(id.Value, out ReferenceExpression? expr))
                        {
                            // A reference the hint never reads must not stop the run: skip unparsable ones here
                            // (reading such an id then fails with "not visible to this hint").
                            try
                            {
                                expr = ReferenceExpression.Parse(program.References[id.Value].Value);
                            }
                            catch (CairoException)
                            {
                                continue;
                            }
                            parsed[id.Value] = expr;
                        }
                        ids[id.Key[(dot + 1)..]] = (expr, program.References[id.Value]);
                    }
                }
                list.Add((fn, new HintContext(this, runner, program, spec, ids, pc)));
            }
            compiled[kv.Key] = list.ToArray();
        }
        return compiled;
    }

    /// <summary>The parsed <c>--program_input</c>, if given.</summary>
    public JsonElement? ProgramInput { get; }

    /// <summary>The innermost execution scope (Python hint variables).</summary>
    public Dictionary<string, object?> Scope => _scopes[^1];

    /// <summary>Enters a new scope (<c>vm_enter_scope</c>).</summary>
    public void EnterScope(Dictionary<string, object?>? initial = null) => _scopes.Add(initial ?? new());

    /// <summary>Leaves the innermost scope (<c>vm_exit_scope</c>).</summary>
    public void ExitScope()
    {
        if (_scopes.Count == 1) throw new CairoException(CairoErrorKind.HintFailed, "vm_exit_scope with no scope to exit");
        _scopes.RemoveAt(_scopes.Count - 1);
    }

    /// <inheritdoc/>
    public void ExecuteHints(VirtualMachine vm, Relocatable pc)
    {
        (NativeHint Fn, HintContext Ctx)[]? hints;
        if (pc.Segment == 0 ? !_compiled.TryGetValue(pc.Offset, out hints) : !_loaded.TryGetValue(pc, out hints)) return;
        foreach (var (fn, ctx) in hints)
        {
            try
            {
                fn(ctx);
            }
            catch (CairoException e) when (e.Pc is null)
            {
                throw new CairoException(e.Kind, $"hint failed: {e.Message}", pc, e);
            }
            catch (Exception e) when (e is not CairoException)
            {
                // A native hint's arithmetic or conversion failing on bad input is the program's error, not ours.
                throw new CairoException(CairoErrorKind.HintFailed, $"hint failed: {e.Message}", pc, e);
            }
        }
    }

    /// <summary>Line endings and surrounding whitespace do not matter when matching hint code.</summary>
    internal static string Normalize(string code) => code.Replace("\r\n", "\n").Trim();
}
