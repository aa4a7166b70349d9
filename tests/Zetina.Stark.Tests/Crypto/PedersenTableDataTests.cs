using Zetina.Stark.Crypto;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Tests.Crypto;

/// <summary>
/// The values scripts/generate-pedersen-tables.py stored (PedersenTableData) against the run-time computation they
/// stand in for: the constant points derived from π, and the Pedersen hash's 7-bit fixed-base tables as
/// <see cref="FixedBaseTable"/> builds them.
/// </summary>
public class PedersenTableDataTests
{
    [Fact]
    public void StoredConstantPoints_EqualTheDerivationFromPi()
    {
        EcPoint[] derived = ConstantPoints.Derive();
        EcPoint[] stored = [ConstantPoints.ShiftPoint, ConstantPoints.Generator, ConstantPoints.P1, ConstantPoints.P2, ConstantPoints.P3, ConstantPoints.P4];
        Assert.Equal(derived.Length, stored.Length);
        for (int i = 0; i < derived.Length; i++) Assert.Equal(derived[i], stored[i]);
    }

    [Fact]
    public void StoredSmallTables_EqualTheTablesBuiltFromThePoints()
    {
        FixedBaseTable[] stored = PedersenHash.StoredSmallTables();
        FixedBaseTable[] built =
        [
            new(ConstantPoints.P1, PedersenTableData.LowWindows, PedersenTableData.LowBits),
            new(ConstantPoints.P2, PedersenTableData.HighWindows, PedersenTableData.HighBits),
            new(ConstantPoints.P3, PedersenTableData.LowWindows, PedersenTableData.LowBits),
            new(ConstantPoints.P4, PedersenTableData.HighWindows, PedersenTableData.HighBits),
        ];
        Assert.Equal(built.Length, stored.Length);
        for (int t = 0; t < built.Length; t++)
        {
            Assert.Equal(built[t].Windows, stored[t].Windows);
            Assert.True(built[t].Entries.SequenceEqual(stored[t].Entries), $"stored table {t} differs from the built one");
        }
        Assert.Equal(2 * 36 * 64, stored[0].Entries.Length);
    }

    [Fact]
    public void StoredEntries_OfTheWrongLength_AreRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => new FixedBaseTable(new byte[64 * 31], 1, 6));
        Assert.Contains("expected 2048", e.Message);
    }

    [Fact]
    public void StoredEntries_NotBelowP_AreRefusedByName()
    {
        byte[] data = new byte[64 * 16];
        Array.Fill(data, (byte)0xFF);
        var e = Assert.Throws<ArgumentException>(() => new FixedBaseTable(data, 1, 5));
        Assert.Contains("not below p", e.Message);
    }
}
