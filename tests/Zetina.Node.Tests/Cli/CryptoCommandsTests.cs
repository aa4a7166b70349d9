namespace Zetina.Node.Tests.Cli;

/// <summary>
/// The crypto commands end to end through <c>CommandTable.Run</c>. Expected values: the anchors of
/// ../shared/testdata/crypto/starknet-vectors.json, and poseidon_hash(1, 2) and StarkWare's private key
/// 0x3c1e…e3cc signing 0x123 as computed by @scure/starknet 2.4.0 (no leading-zero split for that message).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CryptoCommandsTests : IDisposable
{
    private const string StarkWareKey = "0x3c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc";
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("0x49ee3eba8c1600700ee1b87eb599f16716b0b1022947733551fde4050ca6804", "hash", "pedersen", "0", "0")]
    [InlineData("0x30e480bed5fe53fa909cc0f8c4d99b8f9f2c016be4c41e13a4848797979c662", "hash", "pedersen",
        "0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb", "0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a")]
    [InlineData("0x5d44a3decb2b2e0cc71071f7b802f45dd792d064f0fc7316c46514f70f9891a", "hash", "poseidon", "1", "2")]
    [InlineData("0xb2b24ff607f861b3ed0a9868eeef700b7607ac6d71664afdd14a1f4c33f97d", "hash", "poseidon", "0x1", "1")]
    [InlineData("0x6d226d4c804cd74567f5ac59c6a4af1fe2a6eced19fb7560a9124579877da25", "hash", "poseidon", "--single", "1")]
    [InlineData("0x371cb6995ea5e7effcd2e174de264b5b407027a75a231a70c2c8d196107f0e7", "hash", "poseidon", "--many", "1", "2")]
    [InlineData("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", "hash", "keccak", "0x")]
    [InlineData("0x1d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", "hash", "starknet-keccak", "0x")]
    [InlineData("0x508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982", "hash", "blake2s", "0x616263")]
    [InlineData("0x83afd3f4caedc6eebf44246fe54e38c95e3179a5ec9ea81740eca5b482d12e", "selector", "transfer")]
    [InlineData("0x0", "selector", "__default__")]
    public void Hash_ValidInput_PrintsOneHexLine(string expected, params string[] args)
    {
        var r = ConsoleCapture.Run(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(expected + "\n", r.Out);
        Assert.Equal("", r.Error);
    }

    [Theory]
    [InlineData("hash", "pedersen", "1")]
    [InlineData("hash", "pedersen", "1", "zz")]
    [InlineData("hash", "pedersen", "1", "0x800000000000011000000000000000000000000000000000000000000000001")]
    [InlineData("hash", "poseidon", "--single", "1", "2")]
    [InlineData("hash", "poseidon", "--single", "--many", "1")]
    [InlineData("hash", "keccak", "0xabc")]
    [InlineData("hash", "blake2s", "0xgg")]
    [InlineData("hash", "keccak", "0x00", "--bogus")]
    [InlineData("selector", "transfér")]
    [InlineData("verify-signature", "1", "2", "3")]
    public void Command_BadInput_OneLineOnStderrExit2(params string[] args)
    {
        var r = ConsoleCapture.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void KeyImportShowSignVerify_StarkWareKey_RoundTrips()
    {
        string key = Path.Combine(_dir, "key");
        var imported = ConsoleCapture.RunWithInput(StarkWareKey + "\n", "key", "import", "--out", key);
        Assert.Equal(0, imported.ExitCode);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));

        var shown = ConsoleCapture.Run("key", "show", key);
        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(imported.Out, shown.Out);
        string pub = shown.Lines.Single();

        // StarkWare's RFC 6979 test vector (starkex-resources), as in the anchors: message 0x1.
        var signed = ConsoleCapture.Run("sign", "--key", key, "0x1");
        Assert.Equal(0, signed.ExitCode);
        Assert.Equal(["0x6fdd4e4bf3fcd781997f9deba654356e629177ce4d804bc527044f222828f25",
            "0x33302ce7c82a7e199a8d7faaae8a53a2f447c9dd1262b1862b03a46104bc1d2"], signed.Lines);

        var valid = ConsoleCapture.Run("verify-signature", "--public-key", pub, "0x1", signed.Lines[0], signed.Lines[1]);
        Assert.Equal(0, valid.ExitCode);
        Assert.Equal("valid\n", valid.Out);

        var invalid = ConsoleCapture.Run("verify-signature", "--public-key", pub, "0x2", signed.Lines[0], signed.Lines[1]);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal("invalid\n", invalid.Out);
    }

    [Fact]
    public void Sign_MessageFromScure_MatchesReference()
    {
        string key = Path.Combine(_dir, "key");
        Assert.Equal(0, ConsoleCapture.RunWithInput(StarkWareKey, "key", "import", "--out", key).ExitCode);
        var signed = ConsoleCapture.Run("sign", "--key", key, "0x123");
        Assert.Equal(0, signed.ExitCode);
        Assert.Equal(["0x32f19f026375f67575c94192408ed8bc02b089341f872c072e752bb1100c0c0",
            "0x4b5fd6206c65c7ebe8f2f4dd1d666de35dd107966fe31cd14ed9638017594bd"], signed.Lines);
    }

    [Fact]
    public void KeyNew_ThenShow_PrintsSamePublicKey()
    {
        string key = Path.Combine(_dir, "new");
        var created = ConsoleCapture.Run("key", "new", "--out", key);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Matches("^0x[0-9a-f]{1,64}\n$", created.Out);
        Assert.Equal(created.Out, ConsoleCapture.Run("key", "show", key).Out);

        var again = ConsoleCapture.Run("key", "new", "--out", key);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains(key, again.Error);
    }

    [Fact]
    public void KeyImport_GarbageOnStdin_Exit2()
    {
        var r = ConsoleCapture.RunWithInput("not a key", "key", "import", "--out", Path.Combine(_dir, "k"));
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dir, "k")));
    }

    [Fact]
    public void KeyShow_MissingFile_Exit2() =>
        Assert.Equal(2, ConsoleCapture.Run("key", "show", Path.Combine(_dir, "absent")).ExitCode);
}
