using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Zetina.Architecture.Tests.Metadata;

/// <summary>
/// For each top-level type of a built assembly, the types it reaches: its base type and interfaces, generic
/// constraints, attributes, field and property types, method signatures and locals, and every type, method and
/// field token in its method bodies' IL. Nested types (compiler-generated closures and state machines included)
/// count as their outermost declaring type, and so do the types they reach, so a lambda's reference is its
/// method's. Read from the file as metadata: nothing is loaded or run.
/// </summary>
internal static class ReachedTypes
{
    /// <summary>The types each top-level type of the assembly at <paramref name="path"/> reaches, by full name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Scan(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var collector = new TypeNameCollector(reader);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            string owner = TypeNameCollector.TopLevelName(reader, handle);
            if (owner == "<Module>") continue;
            if (!result.TryGetValue(owner, out HashSet<string>? reached)) result[owner] = reached = new HashSet<string>(StringComparer.Ordinal);
            collector.Into = reached;
            ScanType(pe, collector, reader.GetTypeDefinition(handle));
            reached.Remove(owner);
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    private static void ScanType(PEReader pe, TypeNameCollector c, TypeDefinition type)
    {
        MetadataReader r = c.Reader;
        if (!type.BaseType.IsNil) Reach(c, type.BaseType);
        foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations()) Reach(c, r.GetInterfaceImplementation(i).Interface);
        ReachConstraints(c, type.GetGenericParameters());
        ReachAttributes(c, type.GetCustomAttributes());
        foreach (FieldDefinitionHandle f in type.GetFields())
        {
            FieldDefinition field = r.GetFieldDefinition(f);
            field.DecodeSignature(c, null);
            ReachAttributes(c, field.GetCustomAttributes());
        }
        foreach (PropertyDefinitionHandle p in type.GetProperties()) r.GetPropertyDefinition(p).DecodeSignature(c, null);
        foreach (EventDefinitionHandle e in type.GetEvents()) Reach(c, r.GetEventDefinition(e).Type);
        foreach (MethodDefinitionHandle m in type.GetMethods())
        {
            MethodDefinition method = r.GetMethodDefinition(m);
            method.DecodeSignature(c, null);
            ReachConstraints(c, method.GetGenericParameters());
            ReachAttributes(c, method.GetCustomAttributes());
            if (method.RelativeVirtualAddress != 0) ScanBody(c, pe.GetMethodBody(method.RelativeVirtualAddress));
        }
    }

    private static void ScanBody(TypeNameCollector c, MethodBodyBlock body)
    {
        MetadataReader r = c.Reader;
        if (!body.LocalSignature.IsNil) r.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(c, null);
        foreach (ExceptionRegion region in body.ExceptionRegions)
            if (!region.CatchType.IsNil) Reach(c, region.CatchType);
        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            byte first = il.ReadByte();
            OpCode op = first == 0xFE ? TwoByte[il.ReadByte()] : OneByte[first];
            switch (op.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    Reach(c, MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32(); // read first: `il.Offset += 4 * il.ReadInt32()` would add to the offset before the count
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(op.OperandType);
                    break;
            }
        }
    }

    /// <summary>Records the types an entity names: a type, or a member's declaring type and signature.</summary>
    private static void Reach(TypeNameCollector c, EntityHandle handle)
    {
        MetadataReader r = c.Reader;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                c.GetTypeFromDefinition(r, (TypeDefinitionHandle)handle, 0);
                break;
            case HandleKind.TypeReference:
                c.GetTypeFromReference(r, (TypeReferenceHandle)handle, 0);
                break;
            case HandleKind.TypeSpecification:
                c.GetTypeFromSpecification(r, null, (TypeSpecificationHandle)handle, 0);
                break;
            case HandleKind.FieldDefinition:
                FieldDefinition field = r.GetFieldDefinition((FieldDefinitionHandle)handle);
                c.GetTypeFromDefinition(r, field.GetDeclaringType(), 0);
                field.DecodeSignature(c, null);
                break;
            case HandleKind.MethodDefinition:
                MethodDefinition method = r.GetMethodDefinition((MethodDefinitionHandle)handle);
                c.GetTypeFromDefinition(r, method.GetDeclaringType(), 0);
                method.DecodeSignature(c, null);
                break;
            case HandleKind.MemberReference:
                MemberReference member = r.GetMemberReference((MemberReferenceHandle)handle);
                if (member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification or HandleKind.MethodDefinition)
                    Reach(c, member.Parent);
                if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(c, null);
                else member.DecodeFieldSignature(c, null);
                break;
            case HandleKind.MethodSpecification:
                MethodSpecification spec = r.GetMethodSpecification((MethodSpecificationHandle)handle);
                Reach(c, spec.Method);
                spec.DecodeSignature(c, null);
                break;
        }
    }

    private static void ReachConstraints(TypeNameCollector c, GenericParameterHandleCollection parameters)
    {
        foreach (GenericParameterHandle p in parameters)
            foreach (GenericParameterConstraintHandle k in c.Reader.GetGenericParameter(p).GetConstraints())
                Reach(c, c.Reader.GetGenericParameterConstraint(k).Type);
    }

    private static void ReachAttributes(TypeNameCollector c, CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle a in attributes) Reach(c, c.Reader.GetCustomAttribute(a).Constructor);
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    // The opcode tables, indexed by the opcode's last byte (two-byte opcodes all start with 0xFE).
    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static ReachedTypes()
    {
        foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (f.GetValue(null) is not OpCode op) continue;
            ushort value = unchecked((ushort)op.Value);
            if (op.Size == 1) OneByte[value] = op;
            else TwoByte[value & 0xFF] = op;
        }
    }
}
