using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests;

/// <summary>Reads the shared Cairo reference data (transparently gunzipping <c>.gz</c> files).</summary>
internal static class TestData
{
    public static string Dir(string caseName) => RepoPaths.SharedFile("testdata", "cairo", caseName);

    public static bool Exists(string caseName, string file) =>
        File.Exists(Path.Combine(Dir(caseName), file)) || File.Exists(Path.Combine(Dir(caseName), file + ".gz"));

    public static byte[] Read(string caseName, string file)
    {
        string p = Path.Combine(Dir(caseName), file);
        if (File.Exists(p)) return File.ReadAllBytes(p);
        string gz = p + ".gz";
        if (!File.Exists(gz)) throw new FileNotFoundException($"reference data missing: {p}[.gz]");
        using var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        input.CopyTo(ms);
        return ms.ToArray();
    }

    public static string ReadText(string caseName, string file) => System.Text.Encoding.UTF8.GetString(Read(caseName, file));

    /// <summary>A memory file as address → value.</summary>
    public static Dictionary<ulong, BigInteger> MemoryMap(byte[] file)
    {
        Assert.Equal(0, file.Length % 40);
        var map = new Dictionary<ulong, BigInteger>();
        for (int i = 0; i < file.Length; i += 40)
        {
            ulong a = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(i));
            var v = new BigInteger(file.AsSpan(i + 8, 32), isUnsigned: true, isBigEndian: false);
            Assert.True(map.TryAdd(a, v), $"address {a} appears twice");
        }
        return map;
    }

    public static void AssertMemoryEqual(byte[] expected, byte[] actual)
    {
        Dictionary<ulong, BigInteger> e = MemoryMap(expected), a = MemoryMap(actual);
        foreach (var kv in e)
        {
            Assert.True(a.TryGetValue(kv.Key, out BigInteger v), $"address {kv.Key} missing from our memory (expected 0x{kv.Value:x})");
            Assert.True(v == kv.Value, $"address {kv.Key}: expected 0x{kv.Value:x}, got 0x{v:x}");
        }
        foreach (var kv in a) Assert.True(e.ContainsKey(kv.Key), $"address {kv.Key} (0x{kv.Value:x}) is not in the reference memory");
    }

    public static void AssertTraceEqual(byte[] expected, byte[] actual)
    {
        Assert.Equal(0, expected.Length % 24);
        int n = Math.Min(expected.Length, actual.Length) / 24;
        for (int i = 0; i < n; i++)
        {
            if (!expected.AsSpan(i * 24, 24).SequenceEqual(actual.AsSpan(i * 24, 24)))
            {
                ulong R(byte[] b, int k) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(i * 24 + 8 * k));
                Assert.Fail($"trace row {i}: expected (ap,fp,pc)=({R(expected, 0)},{R(expected, 1)},{R(expected, 2)}), got ({R(actual, 0)},{R(actual, 1)},{R(actual, 2)})");
            }
        }
        Assert.True(expected.Length == actual.Length, $"trace rows: expected {expected.Length / 24}, got {actual.Length / 24}");
    }

    /// <summary>Compares two JSON documents structurally; object key order is ignored, numbers by value.</summary>
    public static void AssertJsonEqual(JsonElement expected, JsonElement actual, string path, ISet<string>? ignore = null)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>();
                foreach (JsonProperty p in expected.EnumerateObject())
                {
                    if (ignore?.Contains(p.Name) == true) continue;
                    seen.Add(p.Name);
                    Assert.True(actual.TryGetProperty(p.Name, out JsonElement a), $"{path}.{p.Name} missing");
                    AssertJsonEqual(p.Value, a, path + "." + p.Name, ignore);
                }
                foreach (JsonProperty p in actual.EnumerateObject())
                    Assert.True(seen.Contains(p.Name) || ignore?.Contains(p.Name) == true, $"{path}.{p.Name} is not in the reference");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                int i = 0;
                using (var ea = expected.EnumerateArray().GetEnumerator())
                using (var aa = actual.EnumerateArray().GetEnumerator())
                {
                    while (ea.MoveNext() && aa.MoveNext())
                    {
                        AssertJsonEqual(ea.Current, aa.Current, $"{path}[{i}]", ignore);
                        i++;
                    }
                }
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: expected '{expected.GetString()}', got '{actual.GetString()}'");
                break;
        }
    }
}
