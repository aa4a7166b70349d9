using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>
/// What a native hint sees: the VM (memory, registers), the runner (builtins, segments), its <c>ids</c> resolved
/// through the reference manager with ap tracking, the execution scopes and the program input.
/// </summary>
public sealed class HintContext
{
    private readonly Dictionary<string, (ReferenceExpression Expr, ReferenceSpec Spec)> _ids;

    internal HintContext(HintProcessor processor, CairoRunner runner, CairoProgram program, HintSpec spec, Dictionary<string, (ReferenceExpression, ReferenceSpec)> ids, Relocatable pc)
    {
        Processor = processor;
        Runner = runner;
        Program = program;
        Spec = spec;
        _ids = ids;
        Pc = pc;
    }

    /// <summary>The processor (scopes, program input).</summary>
    public HintProcessor Processor { get; }

    /// <summary>The runner.</summary>
    public CairoRunner Runner { get; }

    /// <summary>
    /// The program the hint belongs to: the runner's, or a task program a bootloader loaded (<c>vm_load_program</c>),
    /// whose identifiers the hint's <c>ids</c> and constants name.
    /// </summary>
    public CairoProgram Program { get; }

    /// <summary>The VM.</summary>
    public VirtualMachine Vm => Runner.Vm;

    /// <summary>Memory.</summary>
    public Memory Memory => Runner.Vm.Memory;

    /// <summary>The hint as compiled.</summary>
    public HintSpec Spec { get; }

    /// <summary>The hint's pc.</summary>
    public Relocatable Pc { get; }

    /// <summary>The current ap as an address.</summary>
    public Relocatable Ap => Vm.Context.ApAddress;

    /// <summary>The current fp as an address.</summary>
    public Relocatable Fp => Vm.Context.FpAddress;

    private (ReferenceExpression Expr, long Ap) Ref(string name)
    {
        if (!_ids.TryGetValue(name, out var r)) throw Fail($"ids.{name} is not visible to this hint");
        long ap = Vm.Context.Ap;
        if (r.Expr.UsesAp)
        {
            if (r.Spec.ApTrackingGroup != Spec.ApTrackingGroup)
                throw Fail($"ids.{name} depends on ap, which changed in a way the compiler could not track");
            ap -= Spec.ApTrackingOffset - r.Spec.ApTrackingOffset;
        }
        return (r.Expr, ap);
    }

    /// <summary>True when the hint can name <c>ids.<paramref name="name"/></c>.</summary>
    public bool HasId(string name) => _ids.ContainsKey(name);

    /// <summary>The value of <c>ids.name</c>.</summary>
    public MaybeRelocatable Get(string name)
    {
        var (e, ap) = Ref(name);
        return e.Evaluate(Memory, ap, Vm.Context.Fp);
    }

    /// <summary>The felt value of <c>ids.name</c>.</summary>
    public Felt GetFelt(string name)
    {
        MaybeRelocatable v = Get(name);
        if (!v.IsFelt) throw Fail($"ids.{name} is {v}, expected a felt");
        return v.Felt;
    }

    /// <summary>The address value of <c>ids.name</c> (a pointer).</summary>
    public Relocatable GetPtr(string name)
    {
        MaybeRelocatable v = Get(name);
        if (!v.IsRelocatable) throw Fail($"ids.{name} is {v}, expected an address");
        return v.Relocatable;
    }

    /// <summary>The address of the cell holding <c>ids.name</c> (<c>ids.name.address_</c>).</summary>
    public Relocatable AddressOf(string name)
    {
        var (e, ap) = Ref(name);
        if (!e.IsDeref)
        {
            MaybeRelocatable v = e.Evaluate(Memory, ap, Vm.Context.Fp);
            if (v.IsRelocatable) return v.Relocatable;
            throw Fail($"ids.{name} has no address");
        }
        return e.Address(Memory, ap, Vm.Context.Fp);
    }

    /// <summary>Assigns <c>ids.name = value</c>.</summary>
    public void Set(string name, MaybeRelocatable value) => Memory.Insert(AddressOf(name), value);

    /// <summary>The address of member <paramref name="member"/> of struct reference <c>ids.name</c> (value or pointer).</summary>
    public Relocatable MemberAddress(string name, string member)
    {
        var (e, _) = Ref(name);
        string type = e.Type;
        Relocatable baseAddr;
        if (type.EndsWith('*'))
        {
            baseAddr = GetPtr(name);
            type = type[..^1];
        }
        else
        {
            baseAddr = AddressOf(name);
        }
        return baseAddr.Add(MemberOffset(type, member));
    }

    /// <summary>
    /// The address of the struct <c>ids.name</c> refers to: the pointer's value for a pointer-typed reference, the
    /// reference's own cells otherwise (what <c>ids.name.member</c> reads from).
    /// </summary>
    public Relocatable StructAddress(string name)
    {
        var (e, _) = Ref(name);
        return e.Type.EndsWith('*') ? GetPtr(name) : AddressOf(name);
    }

    /// <summary>The offset of a struct member from the program's identifiers.</summary>
    public long MemberOffset(string structType, string member)
    {
        if (Program.Identifiers is JsonElement ids && ids.TryGetProperty(structType, out JsonElement s) &&
            s.TryGetProperty("members", out JsonElement members) && members.TryGetProperty(member, out JsonElement m))
            return m.GetProperty("offset").GetInt64();
        // Library structs whose layout is fixed, for programs compiled without their identifiers.
        string shortType = structType[(structType.LastIndexOf('.') + 1)..];
        bool secp = structType.Contains("secp", StringComparison.Ordinal);
        return (shortType, member) switch
        {
            ("Uint256", "low") or ("DictAccess", "key") or ("KeccakState", "start_ptr") => 0,
            ("Uint256", "high") or ("DictAccess", "prev_value") or ("KeccakState", "end_ptr") => 1,
            ("DictAccess", "new_value") => 2,
            ("BigInt3" or "UnreducedBigInt3" or "Uint384" or "Uint768" or "Uint512", "d0") => 0,
            ("BigInt3" or "UnreducedBigInt3" or "Uint384" or "Uint768" or "Uint512", "d1") => 1,
            ("BigInt3" or "UnreducedBigInt3" or "Uint384" or "Uint768" or "Uint512", "d2") => 2,
            ("Uint768" or "Uint512", "d3") => 3,
            ("Uint768", "d4") => 4,
            ("Uint768", "d5") => 5,
            ("EcPoint", "x") => 0,
            ("EcPoint", "y") => secp ? 3 : 1,
            _ => throw Fail($"unknown member {member} of {structType}"),
        };
    }

    /// <summary>A constant visible from the hint's scopes (<c>ids.NAME</c> of a <c>const</c>).</summary>
    public BigInteger Constant(string name)
    {
        for (int i = Spec.AccessibleScopes.Count - 1; i >= 0; i--)
            if (Program.Constants.TryGetValue(Spec.AccessibleScopes[i] + "." + name, out BigInteger v)) return v;
        foreach (var kv in Program.Constants)
            if (kv.Key.EndsWith("." + name, StringComparison.Ordinal)) return kv.Value;
        throw Fail($"unknown constant {name}");
    }

    /// <summary>
    /// The identifier <paramref name="name"/> as the hint's scopes see it (innermost scope first), following
    /// aliases (<c>from m import S</c>): the <c>identifiers</c> entry of a struct, label or constant.
    /// </summary>
    public JsonElement Identifier(string name)
    {
        if (Program.Identifiers is not JsonElement ids) throw Fail($"the program has no identifiers to resolve {name}");
        for (int i = Spec.AccessibleScopes.Count - 1; i >= 0; i--)
        {
            string full = Spec.AccessibleScopes[i] + "." + name;
            // An alias points at its destination; a chain of imports is a few hops, bounded here.
            for (int hop = 0; hop < 8 && ids.TryGetProperty(full, out JsonElement e); hop++)
            {
                if (e.TryGetProperty("type", out JsonElement t) && t.GetString() == "alias")
                {
                    full = e.GetProperty("destination").GetString() ?? "";
                    continue;
                }
                return e;
            }
        }
        throw Fail($"unknown identifier {name}");
    }

    /// <summary><c>ids.S.SIZE</c>: the size of struct <paramref name="name"/>.</summary>
    public long StructSize(string name) =>
        Identifier(name).TryGetProperty("size", out JsonElement s) ? s.GetInt64() : throw Fail($"{name} is not a struct");

    /// <summary><c>ids.S.member</c> for a struct type named in the hint's scopes: the member's offset.</summary>
    public long StructMemberOffset(string name, string member) =>
        Identifier(name).TryGetProperty("members", out JsonElement m) && m.TryGetProperty(member, out JsonElement e)
            ? e.GetProperty("offset").GetInt64()
            : throw Fail($"{name} has no member {member}");

    /// <summary><c>ids.label.instruction_offset_</c>: the pc of a label or function visible to the hint.</summary>
    public long LabelPc(string name) =>
        Identifier(name).TryGetProperty("pc", out JsonElement pc) ? pc.GetInt64() : throw Fail($"{name} is not a label");

    /// <summary>A hint failure at this hint's pc.</summary>
    public CairoException Fail(string message) => new(CairoErrorKind.HintFailed, message, Pc);
}
