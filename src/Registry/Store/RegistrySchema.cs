using Microsoft.Data.Sqlite;

namespace Zetina.Registry.Store;

/// <summary>
/// The registry database's schema as numbered migrations. <c>PRAGMA user_version</c> holds the version
/// applied; opening a database applies the missing migrations in order, each in its own transaction,
/// and refuses a database written by a newer registry.
/// </summary>
/// <remarks>
/// Amounts are canonical decimal TEXT (exact, u256-compatible): the <c>CHECK</c>s below make the database
/// itself refuse a negative, non-canonical or ≥ 2^256 value, so a bug in the rules cannot store a
/// negative balance. Felts and keys are 32-byte big-endian BLOBs. Events are append-only and gapless,
/// enforced by triggers; a settled or expired job is final, enforced by a trigger. Commits to Stone-format proofs
/// are numbered by an AUTOINCREMENT key, which never goes back. Locked funds never
/// exceed the balance (a <c>CHECK</c>), so even a bug in the rules cannot withdraw or spend escrowed funds.
/// </remarks>
internal static class RegistrySchema
{
    private const string U256Max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    /// <summary>A CHECK expression for a canonical decimal amount in [0, 2^256) held in <paramref name="column"/>.</summary>
    private static string Amount(string column) =>
        $"(typeof({column}) = 'text' AND length({column}) BETWEEN 1 AND 78 AND {column} NOT GLOB '*[^0-9]*' " +
        $"AND ({column} = '0' OR substr({column}, 1, 1) <> '0') AND (length({column}) < 78 OR {column} <= '{U256Max}'))";

    /// <summary>
    /// A CHECK expression for "the canonical decimal in <paramref name="small"/> is at most the one in <paramref name="large"/>":
    /// canonical decimals compare by length, then digit by digit.
    /// </summary>
    private static string NotAbove(string small, string large) =>
        $"(length({small}) < length({large}) OR (length({small}) = length({large}) AND {small} <= {large}))";

    private static string NullableAmount(string column) => $"({column} IS NULL OR {Amount(column)})";

    private static string Felt(string column) => $"(typeof({column}) = 'blob' AND length({column}) = 32)";

    private static string NullableFelt(string column) => $"({column} IS NULL OR {Felt(column)})";

    /// <summary>Migration i takes the schema from version i to i + 1.</summary>
    internal static readonly string[] Migrations =
    [
        $"""
        CREATE TABLE accounts (
            id      BLOB    NOT NULL PRIMARY KEY CHECK {Felt("id")},
            balance TEXT    NOT NULL CHECK {Amount("balance")},
            nonce   INTEGER NOT NULL CHECK (nonce >= 0)
        ) WITHOUT ROWID;

        CREATE TABLE ledger (
            id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            minted    TEXT    NOT NULL CHECK {Amount("minted")},
            withdrawn TEXT    NOT NULL CHECK {Amount("withdrawn")},
            fees      TEXT    NOT NULL CHECK {Amount("fees")}
        );
        INSERT INTO ledger (id, minted, withdrawn, fees) VALUES (1, '0', '0', '0');

        CREATE TABLE jobs (
            id         BLOB    NOT NULL PRIMARY KEY CHECK {Felt("id")},
            status     TEXT    NOT NULL CHECK (status IN ('open', 'settled')),
            delegator  BLOB    NOT NULL CHECK {Felt("delegator")},
            reward     TEXT    NOT NULL CHECK {Amount("reward")},
            deadline   INTEGER NOT NULL CHECK (deadline >= 0),
            executor   BLOB    CHECK {NullableFelt("executor")},
            fee        TEXT    CHECK {NullableAmount("fee")},
            n_steps    INTEGER CHECK (n_steps IS NULL OR n_steps >= 0),
            output     BLOB    CHECK (output IS NULL OR length(output) % 32 = 0),
            proof_hash BLOB    CHECK {NullableFelt("proof_hash")},
            seq        INTEGER,
            CHECK (status = 'open' OR (executor IS NOT NULL AND fee IS NOT NULL AND n_steps IS NOT NULL
                                       AND output IS NOT NULL AND proof_hash IS NOT NULL AND seq IS NOT NULL))
        ) WITHOUT ROWID;
        CREATE INDEX jobs_open_by_delegator ON jobs (delegator) WHERE status = 'open';

        CREATE TRIGGER jobs_settled_is_final BEFORE UPDATE ON jobs WHEN OLD.status = 'settled'
        BEGIN SELECT RAISE(ABORT, 'a settled job is final'); END;
        CREATE TRIGGER jobs_settled_not_deleted BEFORE DELETE ON jobs WHEN OLD.status = 'settled'
        BEGIN SELECT RAISE(ABORT, 'a settled job is final'); END;

        CREATE TABLE events (
            seq        INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
            kind       INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
            time_ms    INTEGER NOT NULL,
            account    BLOB    CHECK {NullableFelt("account")},
            amount     TEXT    CHECK {NullableAmount("amount")},
            source     TEXT    CHECK (source IS NULL OR source IN ('operator', 'faucet')),
            job_id     BLOB    CHECK {NullableFelt("job_id")},
            delegator  BLOB    CHECK {NullableFelt("delegator")},
            executor   BLOB    CHECK {NullableFelt("executor")},
            reward     TEXT    CHECK {NullableAmount("reward")},
            fee        TEXT    CHECK {NullableAmount("fee")},
            n_steps    INTEGER,
            output     BLOB    CHECK (output IS NULL OR length(output) % 32 = 0),
            proof_hash BLOB    CHECK {NullableFelt("proof_hash")}
        );
        CREATE TRIGGER events_gapless BEFORE INSERT ON events
        WHEN NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
        BEGIN SELECT RAISE(ABORT, 'event sequence numbers are gapless'); END;
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

        CREATE TABLE meta (
            key   TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,

        // 2: escrow. An account's `locked` is the part of its balance held by its open registered jobs
        // (never more than the balance); a job's `locked` is what it holds (its reward while open, '0' once
        // settled or expired; '0' for jobs registered before escrow). A job may now be 'expired': its
        // deadline passed unpaid and its lock was released. Expired, like settled, is final.
        $"""
        ALTER TABLE accounts ADD COLUMN locked TEXT NOT NULL DEFAULT '0' CHECK ({Amount("locked")} AND {NotAbove("locked", "balance")});

        CREATE TABLE jobs_v2 (
            id         BLOB    NOT NULL PRIMARY KEY CHECK {Felt("id")},
            status     TEXT    NOT NULL CHECK (status IN ('open', 'settled', 'expired')),
            delegator  BLOB    NOT NULL CHECK {Felt("delegator")},
            reward     TEXT    NOT NULL CHECK {Amount("reward")},
            deadline   INTEGER NOT NULL CHECK (deadline >= 0),
            executor   BLOB    CHECK {NullableFelt("executor")},
            fee        TEXT    CHECK {NullableAmount("fee")},
            n_steps    INTEGER CHECK (n_steps IS NULL OR n_steps >= 0),
            output     BLOB    CHECK (output IS NULL OR length(output) % 32 = 0),
            proof_hash BLOB    CHECK {NullableFelt("proof_hash")},
            seq        INTEGER,
            locked     TEXT    NOT NULL DEFAULT '0' CHECK ({Amount("locked")} AND {NotAbove("locked", "reward")}),
            CHECK (status <> 'settled' OR (executor IS NOT NULL AND fee IS NOT NULL AND n_steps IS NOT NULL
                                           AND output IS NOT NULL AND proof_hash IS NOT NULL AND seq IS NOT NULL)),
            CHECK (status = 'open' OR locked = '0')
        ) WITHOUT ROWID;
        INSERT INTO jobs_v2 (id, status, delegator, reward, deadline, executor, fee, n_steps, output, proof_hash, seq, locked)
            SELECT id, status, delegator, reward, deadline, executor, fee, n_steps, output, proof_hash, seq, '0' FROM jobs;
        DROP TABLE jobs;
        ALTER TABLE jobs_v2 RENAME TO jobs;
        CREATE INDEX jobs_open_by_delegator ON jobs (delegator, deadline) WHERE status = 'open';

        CREATE TRIGGER jobs_final BEFORE UPDATE ON jobs WHEN OLD.status IN ('settled', 'expired')
        BEGIN SELECT RAISE(ABORT, 'a settled or expired job is final'); END;
        CREATE TRIGGER jobs_final_not_deleted BEFORE DELETE ON jobs WHEN OLD.status IN ('settled', 'expired')
        BEGIN SELECT RAISE(ABORT, 'a settled or expired job is final'); END;
        """,

        // 3: commits to Stone-format proofs (commit–reveal). `seq` is the registry's commit order: AUTOINCREMENT never
        // hands out a number again, even after the commits of a settled job or dead commits are deleted, so a later
        // commit always has a larger number, across restarts. One executor commits to one proof once per job.
        $"""
        CREATE TABLE commits (
            seq          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            job_id       BLOB    NOT NULL CHECK {Felt("job_id")},
            executor     BLOB    NOT NULL CHECK {Felt("executor")},
            commitment   BLOB    NOT NULL CHECK {Felt("commitment")},
            committed_at INTEGER NOT NULL CHECK (committed_at >= 0),
            UNIQUE (job_id, executor, commitment)
        );
        CREATE INDEX commits_by_job ON commits (job_id, seq);
        CREATE INDEX commits_by_executor ON commits (executor, committed_at);
        CREATE INDEX commits_by_time ON commits (committed_at);
        """,

        // 4: a settled PIE job's task program hash, as the proven bootloader output states it (NULL for a program job
        // and for every row written before), on the job and on its JobSettled event.
        $"""
        ALTER TABLE jobs ADD COLUMN task_program_hash BLOB CHECK {NullableFelt("task_program_hash")};
        ALTER TABLE events ADD COLUMN task_program_hash BLOB CHECK {NullableFelt("task_program_hash")};
        """,
    ];

    /// <summary>The version a fully migrated database reports.</summary>
    internal static int LatestVersion => Migrations.Length;

    /// <summary>
    /// Brings <paramref name="connection"/>'s database to <see cref="LatestVersion"/>. Throws
    /// <see cref="InvalidOperationException"/> for a database newer than this code.
    /// </summary>
    internal static void Migrate(SqliteConnection connection)
    {
        int version = UserVersion(connection);
        if (version > LatestVersion)
            throw new InvalidOperationException($"the registry database has schema version {version}; this registry knows up to {LatestVersion} (upgrade zetina)");
        for (int v = version; v < LatestVersion; v++)
        {
            using SqliteTransaction tx = connection.BeginTransaction();
            using (SqliteCommand cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>The schema version recorded in the database (0 for a new file).</summary>
    internal static int UserVersion(SqliteConnection connection)
    {
        using SqliteCommand cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
