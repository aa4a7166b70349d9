using System.IO.Compression;

namespace Zetina.Cairo.Run;

/// <summary>
/// Reads a whole reference file that may be stored gzip-compressed: <c>name</c> is read as is when it
/// exists, otherwise <c>name.gz</c> is decompressed; a path that itself ends in <c>.gz</c> is decompressed.
/// </summary>
public static class DataFile
{
    /// <summary>The file's bytes (decompressed when stored as gzip). Throws <see cref="FileNotFoundException"/> when neither exists.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (File.Exists(path))
            return path.EndsWith(".gz", StringComparison.Ordinal) ? Gunzip(path) : File.ReadAllBytes(path);
        if (File.Exists(path + ".gz")) return Gunzip(path + ".gz");
        throw new FileNotFoundException($"file not found: {path} (nor {path}.gz)", path);
    }

    /// <summary>True when <paramref name="path"/> or <c>path.gz</c> exists.</summary>
    public static bool Exists(string path) => File.Exists(path) || File.Exists(path + ".gz");

    private static byte[] Gunzip(string path)
    {
        using var input = File.OpenRead(path);
        using var gz = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }
}
