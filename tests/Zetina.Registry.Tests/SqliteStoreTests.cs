using Microsoft.Data.Sqlite;
using Zetina.Registry.Ledger;
using Zetina.Registry.Tests.Support;

namespace Zetina.Registry.Tests;

/// <summary>What the SQLite store adds to the rules: durability across a restart, CHECK constraints and triggers, schema versions.</summary>
public sealed class SqliteStoreTests
{
    [Fact]
    public async Task Reopen_AfterWrites_KeepsBalancesAndContinuesSequence()
    {
        using var f = new RegistryFixture();
        var alice = TestKey.Next();
        await f.FundAsync(alice.Public, 10);
        await f.FundAsync(alice.Public, 20);
        f.Reopen();
        Assert.Equal(2, f.LastSequence);
        await f.FundAsync(alice.Public, 30);
        Assert.Equal(Amount.From(60), (await f.Registry.GetAccountAsync(alice.Public)).Balance);
        var events = await f.Registry.GetEventsAsync(0, 100);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence).ToArray());
    }

    [Fact]
    public async Task Database_NegativeOrMalformedBalance_RefusedByCheckConstraint()
    {
        using var f = new RegistryFixture();
        var alice = TestKey.Next();
        await f.FundAsync(alice.Public, 10);
        using var db = new SqliteConnection($"Data Source={f.DatabasePath}");
        db.Open();
        foreach (string bad in new[] { "-1", "007", "1.5", "1e3", "", "115792089237316195423570985008687907853269984665640564039457584007913129639936" })
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE accounts SET balance = $b;";
            cmd.Parameters.AddWithValue("$b", bad);
            var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("CHECK", e.Message);
        }
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO events (seq, kind, time_ms) VALUES (5, 1, 0);";
            Assert.Contains("gapless", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message);
            cmd.CommandText = "DELETE FROM events;";
            Assert.Contains("append-only", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message);
            cmd.CommandText = "PRAGMA user_version;";
            Assert.Equal((long)Store.RegistrySchema.LatestVersion, (long)cmd.ExecuteScalar()!);
        }
        Assert.Equal(Amount.From(10), (await f.Registry.GetAccountAsync(alice.Public)).Balance);
    }

    [Fact]
    public void Open_DatabaseFromNewerRegistry_Refused()
    {
        using var f = new RegistryFixture();
        f.Registry.Dispose();
        using (var db = new SqliteConnection($"Data Source={f.DatabasePath};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99;";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidOperationException>(() => Store.SqliteRegistry.Open(f.Options, f.Verifier));
        Assert.Contains("99", e.Message);
        using var db2 = new SqliteConnection($"Data Source={f.DatabasePath};Pooling=False");
        db2.Open();
        using var c2 = db2.CreateCommand();
        c2.CommandText = $"PRAGMA user_version = {Store.RegistrySchema.LatestVersion};";
        c2.ExecuteNonQuery();
        f.Reopen();
    }
}
