using System.Text.Json;
using Zetina.P2P.Encoding;
using Zetina.Tests.Shared;

namespace Zetina.P2P.Tests.Crypto;

/// <summary>Loads the "libp2p" section of ../shared/testdata/crypto/starknet-vectors.json (@noble vectors).</summary>
internal static class Libp2pVectors
{
    private static readonly Lazy<JsonElement> s_root = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(RepoPaths.SharedFile("testdata", "crypto", "starknet-vectors.json"))).RootElement.GetProperty("libp2p"));

    public static JsonElement Section(string name) => s_root.Value.GetProperty(name);

    public static IEnumerable<object[]> Indices(string name)
    {
        int n = Section(name).GetArrayLength();
        for (int i = 0; i < n; i++) yield return [i];
    }

    public static byte[] Bytes(this JsonElement e, string prop) => Hex.Decode(e.GetProperty(prop).GetString()!);
}
