using System.Numerics;
using Zetina.Stark.Crypto;

namespace Zetina.Stark.Tests.Crypto;

public class StarkKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-keyfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SaveLoad_NewKey_RoundTripsWithOwnerOnlyMode()
    {
        string path = Path.Combine(_dir, "k");
        BigInteger d = StarkEcdsa.NewPrivateKey();
        StarkKeyFile.Save(path, d);
        Assert.Equal(d, StarkKeyFile.Load(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        string text = File.ReadAllText(path);
        Assert.Matches("^0x[0-9a-f]{64}\n$", text);
    }

    [Fact]
    public void Save_ExistingFile_ThrowsAndKeepsIt()
    {
        string path = Path.Combine(_dir, "k");
        StarkKeyFile.Save(path, 5);
        Assert.Throws<IOException>(() => StarkKeyFile.Save(path, 7));
        Assert.Equal(new BigInteger(5), StarkKeyFile.Load(path));
    }

    [Fact]
    public void Load_GroupReadable_Throws()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = Path.Combine(_dir, "k");
        StarkKeyFile.Save(path, 5);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Throws<IOException>(() => StarkKeyFile.Load(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0xzz")]
    [InlineData("0x0")]
    [InlineData("0x800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f")]
    public void Parse_BadKey_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => StarkKeyFile.Parse(text, "test"));
}
