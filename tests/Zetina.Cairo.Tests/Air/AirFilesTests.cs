using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests.Air;

public sealed class AirFilesTests
{
    [Fact]
    public void TraceFile_StructPlain_ReadsOneRecordApFpPc()
    {
        RegisterState[] t = TraceFile.Read(RepoPaths.SharedFile("testdata", "cairo", "c0_struct_plain", "trace.bin"));
        Assert.Equal([new RegisterState(4, 4, 1)], t);
    }

    [Fact]
    public void TraceFile_Serialize_RoundTrips()
    {
        RegisterState[] t = TraceFile.Read(RepoPaths.SharedFile("testdata", "cairo", "c1_stone_e2e_fibonacci_small", "trace.bin"));
        Assert.Equal(512, t.Length);
        Assert.Equal(t, TraceFile.Parse(TraceFile.Serialize(t)));
    }

    [Fact]
    public void TraceFile_LengthNotMultipleOf24_Throws()
    {
        var e = Assert.Throws<CairoFileFormatException>(() => TraceFile.Parse(new byte[25]));
        Assert.Contains("25", e.Message);
    }

    [Fact]
    public void MemoryImage_StructPlain_ReadsThreeCells()
    {
        MemoryImage m = MemoryImage.Read(RepoPaths.SharedFile("testdata", "cairo", "c0_struct_plain", "memory.bin"));
        Assert.Equal(3, m.Count);
        Assert.True(m.TryGet(1, out Felt ret));
        Assert.Equal(Felt.Parse("0x208b7fff7fff7ffe"), ret);
        Assert.True(m.TryGet(3, out Felt four));
        Assert.Equal((Felt)4UL, four);
        Assert.False(m.TryGet(4, out _));
    }

    [Fact]
    public void MemoryImage_GzipStored_ReadsAndSerializesSorted()
    {
        // memory.bin of this case is plain; the trace is gzip-only: both paths of DataFile are used.
        string dir = RepoPaths.SharedFile("testdata", "cairo", "c0_fibonacci_hint_recursive");
        MemoryImage m = MemoryImage.Read(Path.Combine(dir, "memory.bin"));
        Assert.Equal(105, m.Count);
        MemoryImage again = MemoryImage.Parse(m.Serialize());
        Assert.Equal(m.Addresses.ToArray(), again.Addresses.ToArray());
        Assert.Equal(m.Values.ToArray(), again.Values.ToArray());
        Assert.Equal(16384, TraceFile.Read(Path.Combine(dir, "trace.bin")).Length);
    }

    [Fact]
    public void MemoryImage_ConflictingWrites_Throws()
    {
        var e = Assert.Throws<CairoFileFormatException>(() => MemoryImage.FromCells([5, 5], [1UL, 2UL]));
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void AirPublicInput_SmallCase_ReadsFieldsAndSegmentsInOrder()
    {
        AirPublicInput p = AirPublicInput.Read(RepoPaths.SharedFile("testdata", "cairo", "c1_stone_e2e_fibonacci_small", "air_public_input.json"));
        Assert.Equal("small", p.Layout);
        Assert.Equal(32763, p.RcMin);
        Assert.Equal(32769, p.RcMax);
        Assert.Equal(512, p.NSteps);
        Assert.Equal("range_check", p.MemorySegments[0].Name);
        Assert.Equal(new MemorySegment("execution", 32, 91), p.Segment("execution"));
        Assert.Equal(29, p.PublicMemory.Count);
        Assert.Equal(new PublicMemoryEntry(1, Felt.Parse("0x1104800180018000"), 0), p.PublicMemory[0]);
        AirPublicInput again = AirPublicInput.Parse(System.Text.Encoding.UTF8.GetBytes(p.ToJson()));
        Assert.Equal(p.PublicMemory, again.PublicMemory);
        Assert.Equal(p.MemorySegments, again.MemorySegments);
    }

    [Fact]
    public void AirPublicInput_MissingField_ThrowsNamingIt()
    {
        var e = Assert.Throws<CairoFileFormatException>(() => AirPublicInput.Parse("{\"layout\":\"plain\"}"u8));
        Assert.Contains("memory_segments", e.Message);
    }

    [Fact]
    public void AirPrivateInput_SmallCase_ListsBuiltins()
    {
        AirPrivateInput p = AirPrivateInput.Read(RepoPaths.SharedFile("testdata", "cairo", "c1_stone_e2e_fibonacci_small", "air_private_input.json"));
        Assert.Equal(0, p.BuiltinInstances["pedersen"]);
        Assert.NotNull(p.TracePath);
    }

    [Fact]
    public void AirPrivateInput_EcdsaEntries_ReadsSignatureInputs()
    {
        string path = Path.Combine(Path.GetTempPath(), $"zetina-private-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"trace_path\":\"t\",\"memory_path\":\"m\",\"pedersen\":[],\"ecdsa\":[{\"index\":3,\"pubkey\":\"0x1\",\"msg\":\"0x2\",\"signature_input\":{\"r\":\"0xab\",\"w\":\"0xcd\"}}]}");
        try
        {
            AirPrivateInput p = AirPrivateInput.Read(path);
            Assert.Equal(1, p.BuiltinInstances["ecdsa"]);
            Assert.Equal((Zetina.Stark.Field.Felt.Parse("0xab"), Zetina.Stark.Field.Felt.Parse("0xcd")), p.EcdsaSignatures[3]);
            File.WriteAllText(path, "{\"ecdsa\":[{\"index\":0}]}");
            Assert.Throws<CairoFileFormatException>(() => AirPrivateInput.Read(path));
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("c1_stone_e2e_fibonacci_small")]
    [InlineData("c1_dipdup_ecdsa_starknet")]
    public void AirPrivateInput_ReadThenSerialized_ReadsBackTheSameEntries(string caseName)
    {
        AirPrivateInput p = AirPrivateInput.Read(RepoPaths.SharedFile("testdata", "cairo", caseName, "air_private_input.json"));
        AirPrivateInput again = AirPrivateInput.Parse(p.Serialize());
        Assert.Equal(p.TracePath, again.TracePath);
        Assert.Equal(p.BuiltinInstances, again.BuiltinInstances);
        Assert.Equal(p.EcdsaSignatures, again.EcdsaSignatures);
        Assert.NotEmpty(again.Builtins);
        Assert.Equal(p.Serialize(), again.Serialize());
    }
}
