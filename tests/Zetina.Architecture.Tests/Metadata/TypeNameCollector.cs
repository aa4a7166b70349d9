using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Zetina.Architecture.Tests.Metadata;

/// <summary>
/// Decodes signatures (fields, methods, locals, type specifications) and records every named type met on the way
/// into <see cref="Into"/>, by the full name of its outermost declaring type (<c>Namespace.Type</c>). Generic
/// arguments, array elements and pointer targets are named types too, so <c>List&lt;Memory&gt;</c> records both.
/// </summary>
internal sealed class TypeNameCollector(MetadataReader reader) : ISignatureTypeProvider<string, object?>
{
    /// <summary>The set the names go into; swapped by the caller for each type it scans.</summary>
    public HashSet<string> Into { get; set; } = [];

    /// <summary>The full name of the outermost type that declares <paramref name="handle"/> (itself if top-level).</summary>
    public static string TopLevelName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer) type = reader.GetTypeDefinition(outer);
        return Join(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    /// <summary>The full name of the outermost type a type reference names (a nested reference resolves outwards).</summary>
    public static string TopLevelName(MetadataReader reader, TypeReferenceHandle handle)
    {
        TypeReference type = reader.GetTypeReference(handle);
        while (type.ResolutionScope.Kind == HandleKind.TypeReference) type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
        return Join(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) => Record(TopLevelName(r, handle));

    public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => Record(TopLevelName(r, handle));

    public string GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, context);

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    private string Record(string name)
    {
        Into.Add(name);
        return name;
    }

    /// <summary>The reader this collector decodes against.</summary>
    public MetadataReader Reader => reader;
}
