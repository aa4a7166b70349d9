using System.Text.Json;
using Zetina.Tests.Shared;

namespace Zetina.Stark.Tests;

/// <summary>
/// The @scure/starknet vectors in ../shared/testdata/crypto/starknet-vectors.json
/// (generator and provenance: ../shared/tools/crypto-vectors/README.md), loaded once.
/// </summary>
internal static class StarknetVectors
{
    private static readonly Lazy<JsonDocument> s_doc = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(RepoPaths.SharedFile("testdata", "crypto", "starknet-vectors.json"))));

    public static JsonElement Root => s_doc.Value.RootElement;

    /// <summary>The element at a path of property names, e.g. ("field", "cases").</summary>
    public static JsonElement At(params string[] path)
    {
        JsonElement e = Root;
        foreach (string p in path) e = e.GetProperty(p);
        return e;
    }

    /// <summary>Case indices of an array section, for xunit MemberData (one test per case).</summary>
    public static IEnumerable<object[]> Indices(params string[] path)
    {
        int n = At(path).GetArrayLength();
        for (int i = 0; i < n; i++) yield return new object[] { i };
    }

    public static JsonElement Case(int index, params string[] path) => At(path)[index];

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static bool IsNull(this JsonElement e, string name) =>
        !e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null;
}
