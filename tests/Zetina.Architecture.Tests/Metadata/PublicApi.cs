using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Zetina.Architecture.Tests.Metadata;

/// <summary>
/// The documentation ids (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>) of what an assembly exposes:
/// public types, and their public and protected members — what the compiler's CS1591 asks a comment for. Left out:
/// compiler-generated members (record plumbing, backing fields), property and event accessors (the property is
/// the member), an enum's <c>value__</c>, delegates' runtime methods, and parameterless constructors (metadata
/// cannot tell the implicit one the compiler adds from a written one).
/// </summary>
internal static class PublicApi
{
    /// <summary>The documentation ids of <paramref name="path"/>'s visible types and members.</summary>
    public static IReadOnlyList<string> DocIdsOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader r = pe.GetMetadataReader();
        var ids = new List<string>();
        foreach (TypeDefinitionHandle handle in r.TypeDefinitions)
        {
            TypeDefinition type = r.GetTypeDefinition(handle);
            if (!IsVisible(r, type) || IsCompilerGenerated(r, type.GetCustomAttributes())) continue;
            string typeName = DocIdTypeProvider.TypeName(r, handle);
            ids.Add("T:" + typeName);
            if (IsDelegate(r, type)) continue;
            var accessors = new HashSet<MethodDefinitionHandle>();
            foreach (PropertyDefinitionHandle p in type.GetProperties())
            {
                PropertyDefinition property = r.GetPropertyDefinition(p);
                PropertyAccessors a = property.GetAccessors();
                accessors.Add(a.Getter);
                accessors.Add(a.Setter);
                MethodDefinitionHandle any = a.Getter.IsNil ? a.Setter : a.Getter;
                if (any.IsNil || !IsVisible(r.GetMethodDefinition(any).Attributes) || IsCompilerGenerated(r, property.GetCustomAttributes())) continue;
                MethodSignature<string> sig = property.DecodeSignature(DocIdTypeProvider.Instance, null);
                ids.Add($"P:{typeName}.{Member(r.GetString(property.Name))}{Parameters(sig.ParameterTypes)}");
            }
            foreach (EventDefinitionHandle e in type.GetEvents())
            {
                EventDefinition ev = r.GetEventDefinition(e);
                EventAccessors a = ev.GetAccessors();
                accessors.Add(a.Adder);
                accessors.Add(a.Remover);
                if (!a.Adder.IsNil && IsVisible(r.GetMethodDefinition(a.Adder).Attributes)) ids.Add($"E:{typeName}.{Member(r.GetString(ev.Name))}");
            }
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = r.GetFieldDefinition(f);
                FieldAttributes access = field.Attributes & FieldAttributes.FieldAccessMask;
                if (access is not (FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem)) continue;
                if ((field.Attributes & FieldAttributes.RTSpecialName) != 0 || IsCompilerGenerated(r, field.GetCustomAttributes())) continue;
                ids.Add($"F:{typeName}.{r.GetString(field.Name)}");
            }
            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = r.GetMethodDefinition(m);
                string name = r.GetString(method.Name);
                if (accessors.Contains(m) || !IsVisible(method.Attributes) || name.Contains('<') || IsCompilerGenerated(r, method.GetCustomAttributes())) continue;
                MethodSignature<string> sig = method.DecodeSignature(DocIdTypeProvider.Instance, null);
                if (name == ".ctor" && sig.ParameterTypes.Length == 0) continue;
                string arity = sig.GenericParameterCount > 0 ? "``" + sig.GenericParameterCount : "";
                string conversion = name is "op_Implicit" or "op_Explicit" ? "~" + sig.ReturnType : "";
                ids.Add($"M:{typeName}.{Member(name)}{arity}{Parameters(sig.ParameterTypes)}{conversion}");
            }
        }
        return ids;
    }

    private static string Member(string name) => name.Replace('.', '#');

    private static string Parameters(IReadOnlyList<string> types) => types.Count == 0 ? "" : "(" + string.Join(",", types) + ")";

    private static bool IsVisible(MethodAttributes attributes) =>
        (attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool IsVisible(MetadataReader r, TypeDefinition type)
    {
        TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (type.GetDeclaringType().IsNil) return visibility == TypeAttributes.Public;
        return visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem
            && IsVisible(r, r.GetTypeDefinition(type.GetDeclaringType()));
    }

    private static bool IsDelegate(MetadataReader r, TypeDefinition type) =>
        type.BaseType.Kind == HandleKind.TypeReference
        && r.GetString(r.GetTypeReference((TypeReferenceHandle)type.BaseType).Name) == "MulticastDelegate";

    private static bool IsCompilerGenerated(MetadataReader r, CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle a in attributes)
        {
            EntityHandle ctor = r.GetCustomAttribute(a).Constructor;
            if (ctor.Kind != HandleKind.MemberReference) continue;
            EntityHandle parent = r.GetMemberReference((MemberReferenceHandle)ctor).Parent;
            if (parent.Kind == HandleKind.TypeReference && r.GetString(r.GetTypeReference((TypeReferenceHandle)parent).Name) == "CompilerGeneratedAttribute")
                return true;
        }
        return false;
    }
}
