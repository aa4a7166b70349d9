using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Zetina.Architecture.Tests.Metadata;

/// <summary>
/// Spells types in signatures the way documentation ids do (ECMA-334 annex D, "ID string format"):
/// <c>System.Int32</c>, <c>Ns.Outer.Inner</c>, <c>List{Ns.T}</c>, <c>`0</c> and <c>``0</c> for type and method
/// parameters, <c>[]</c>, <c>@</c> for by-reference, <c>*</c> for pointers; custom modifiers are left out.
/// </summary>
internal sealed class DocIdTypeProvider : ISignatureTypeProvider<string, object?>
{
    /// <summary>The one provider; it keeps no state.</summary>
    public static readonly DocIdTypeProvider Instance = new();

    /// <summary>The id of a type definition without its <c>T:</c> prefix: namespace, outer types, name with arity.</summary>
    public static string TypeName(MetadataReader r, TypeDefinitionHandle handle)
    {
        TypeDefinition type = r.GetTypeDefinition(handle);
        string name = r.GetString(type.Name);
        TypeDefinitionHandle outer = type.GetDeclaringType();
        if (!outer.IsNil) return TypeName(r, outer) + "." + name;
        string ns = r.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(r, handle);

    public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
    {
        TypeReference type = r.GetTypeReference(handle);
        string name = r.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            return GetTypeFromReference(r, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "." + name;
        string ns = r.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, context);

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) =>
        elementType + "[" + string.Join(",", Enumerable.Repeat("0:", shape.Rank)) + "]";

    public string GetByReferenceType(string elementType) => elementType + "@";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        // List`1 → List{T}; a nested generic keeps its outer types' names as written.
        int tick = genericType.LastIndexOf('`');
        string bare = tick < 0 ? genericType : genericType[..tick];
        return bare + "{" + string.Join(",", typeArguments) + "}";
    }

    public string GetGenericMethodParameter(object? genericContext, int index) => "``" + index;

    public string GetGenericTypeParameter(object? genericContext, int index) => "`" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
}
