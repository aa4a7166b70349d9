namespace Zetina.P2P.Crypto;

/// <summary>
/// Key files: the protobuf <c>PrivateKey</c> bytes, as go-libp2p and ipfs write them. Written with
/// owner-only permissions where the platform has them.
/// </summary>
public static class KeyFile
{
    /// <summary>Reads a key file; throws <see cref="FormatException"/> when the content is not a supported key.</summary>
    public static PrivateKey Read(string path) => PrivateKey.FromProtobuf(File.ReadAllBytes(path));

    /// <summary>Writes <paramref name="key"/> to <paramref name="path"/> (mode 0600 on Unix).</summary>
    public static void Write(string path, PrivateKey key)
    {
        byte[] bytes = key.ToProtobuf();
        var opts = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) opts.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var fs = new FileStream(path, opts);
        fs.Write(bytes);
    }

    /// <summary>Reads <paramref name="path"/> if it exists, else generates a key of <paramref name="type"/> and writes it there.</summary>
    public static PrivateKey LoadOrCreate(string path, KeyType type = KeyType.Ed25519)
    {
        if (File.Exists(path)) return Read(path);
        var k = PrivateKey.Generate(type);
        Write(path, k);
        return k;
    }
}
