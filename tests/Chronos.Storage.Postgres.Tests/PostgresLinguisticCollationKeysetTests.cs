using Chronos.Storage.Providers;
using Npgsql;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>
/// Keyset pages on a database whose default collation is language-aware (ICU en-US, as most production installs use
/// a linguistic locale): ties of equal timestamps are broken by id, and the engine compares ids in code-point order,
/// so the store's key columns must order that way too whatever the database default (issue 16 §5).
/// </summary>
public sealed class PostgresLinguisticCollationKeysetTests
{
    // ICU en-US orders these differently from code points (it ignores '-' and '_' at the first level, folds case and accents).
    private static readonly string[] TieIds = ["a-b", "aB", "ab", "A", "_x", "\u00e9", "b", "Z", "a_c", "ac", "e", "E"];

    [Fact]
    public async Task KeysetPagesWalkTiesInCodePointOrderOnAnIcuDefaultCollationDatabase()
    {
        using var server = StartServer();
        var dsn = await CreateIcuDatabaseAsync(server);

        await using (var store = await PostgresStorage.OpenAsync(dsn))
        {
            await WriteTiesAsync(store);
            await AssertWalksInCodePointOrderAsync(store);
            AssertNoPendingStep(await store.GetSchemaVersionsAsync()); // created with COLLATE "C": nothing to retype
        }
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.Dsn, $"DROP DATABASE {IcuDatabase}");
    }

    /// <summary>
    /// A store created before key and indexed text were <c>COLLATE "C"</c> has those columns in the database default;
    /// <see cref="IStorage.MigrateAsync"/> retypes them (and is idempotent), so its keyset walks see every tie once.
    /// </summary>
    [Fact]
    public async Task MigrateRetypesTheIndexedTextOfAStoreCreatedWithDefaultCollationColumns()
    {
        using var server = StartServer();
        var dsn = await CreateIcuDatabaseAsync(server);
        await using (await PostgresStorage.OpenAsync(dsn))
        {
        }
        var codePointColumns = await CodePointColumnsAsync(dsn);
        Assert.Contains("sessions.id", codePointColumns);
        Assert.Contains("audit_logs.session_id", codePointColumns);
        // The older DDL: the same tables, every one of those columns in the database's default collation.
        foreach (var column in codePointColumns)
        {
            var (table, name) = (column[..column.IndexOf('.')], column[(column.IndexOf('.') + 1)..]);
            await ExecuteAsync(dsn, $"ALTER TABLE \"{table}\" ALTER COLUMN \"{name}\" TYPE text COLLATE \"default\"");
        }
        Assert.Empty(await CodePointColumnsAsync(dsn));

        await using (var store = await PostgresStorage.OpenAsync(dsn, new PostgresStorageOptions { Migrate = false }))
        {
            await WriteTiesAsync(store);
            AssertPendingRetypeOfEach(codePointColumns, await store.GetSchemaVersionsAsync());
            await store.MigrateAsync();
            Assert.Equal(codePointColumns, await CodePointColumnsAsync(dsn));
            await AssertWalksInCodePointOrderAsync(store);
            AssertNoPendingStep(await store.GetSchemaVersionsAsync());

            await store.MigrateAsync(); // idempotent: nothing left to retype, data intact
            Assert.Equal(codePointColumns, await CodePointColumnsAsync(dsn));
            await AssertWalksInCodePointOrderAsync(store);
        }
    }

    private const string IcuDatabase = "chronos_icu";

    /// <summary>
    /// Until MigrateAsync retypes them, the status of each store with default-collation indexed text names a pending step
    /// that names its table and each such column (so the health check reports it behind); the others have none.
    /// </summary>
    private static void AssertPendingRetypeOfEach(List<string> codePointColumns, IReadOnlyList<SchemaVersionStatus> statuses)
    {
        var byTable = codePointColumns.GroupBy(c => c[..c.IndexOf('.')], c => c[(c.IndexOf('.') + 1)..]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Contains("sessions", byTable.Keys);
        foreach (var status in statuses)
        {
            if (byTable.TryGetValue(status.StorageName, out var columns))
            {
                Assert.False(status.IsCurrent, status.ToString());
                Assert.True(status.NeedsMigration, status.ToString());
                var step = Assert.IsType<string>(status.PendingStep);
                Assert.Contains($"table '{status.StorageName}'", step, StringComparison.Ordinal);
                foreach (var column in columns) Assert.Contains($"'{column}'", step, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(status.PendingStep);
            }
        }
        Assert.Equal(byTable.Keys.Order(), statuses.Where(s => s.PendingStep is not null).Select(s => s.StorageName).Order());
    }

    private static void AssertNoPendingStep(IReadOnlyList<SchemaVersionStatus> statuses)
    {
        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.True(status.IsCurrent, status.ToString()));
    }

    private static OwnPostgresServer StartServer()
    {
        // The shared test role may not create databases, so the ICU database lives in a cluster of the test's own.
        Assert.True(OwnPostgresServer.IsAvailable, "PostgreSQL 15's server binaries are missing (/usr/lib/postgresql/15/bin)");
        return OwnPostgresServer.Start();
    }

    private static async Task<string> CreateIcuDatabaseAsync(OwnPostgresServer server)
    {
        await ExecuteAsync(server.Dsn, $"CREATE DATABASE {IcuDatabase} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        var dsn = new NpgsqlConnectionStringBuilder(server.Dsn) { Database = IcuDatabase }.ConnectionString;
        Assert.NotEqual(Ordinal(TieIds), await ServerOrderAsync(dsn)); // the premise: this database orders text linguistically
        return dsn;
    }

    private static async Task WriteTiesAsync(PostgresStorage store)
    {
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        foreach (var id in TieIds)
        {
            await store.CreateSessionAsync(new Session { Id = id, AgentId = "agent", CreatedAt = at, UpdatedAt = at });
            await store.InsertAuditLogAsync(new AuditLog { Id = id, AgentId = "agent", SessionId = "session", Action = "act", CreatedAt = at });
        }
    }

    private static async Task AssertWalksInCodePointOrderAsync(PostgresStorage store)
    {
        // Newest first, ties by id descending in code-point order: the order of SQLite, MariaDB and a C-collated PostgreSQL.
        var expected = Ordinal(TieIds);
        expected.Reverse();
        foreach (var limit in new[] { 1, 2, 3, 5 })
        {
            Assert.Equal(expected, await WalkAsync((token) => store.ListSessionsPageAsync("agent", limit, token), s => s.Id));
            Assert.Equal(expected, await WalkAsync((token) => store.ListAuditLogsPageAsync("agent", limit, token), a => a.Id));
            Assert.Equal(expected, await WalkAsync((token) => store.ListSessionAuditLogsPageAsync("session", limit, token), a => a.Id));
        }
    }

    /// <summary>Every "table.column" of the current schema whose collation is "C", in order.</summary>
    private static async Task<List<string>> CodePointColumnsAsync(string dsn)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(dsn) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name || '.' || column_name FROM information_schema.columns " +
            "WHERE table_schema = current_schema() AND collation_name = 'C' ORDER BY 1", connection);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        return columns;
    }

    private static List<string> Ordinal(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> WalkAsync<T>(Func<string?, Task<Page<T>>> pageOf, Func<T, string> idOf)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await pageOf(token);
            ids.AddRange(page.Items.Select(idOf));
            token = page.ContinuationToken;
            Assert.True(ids.Count <= 10 * TieIds.Length, "The walk does not end.");
        }
        while (token is not null);
        return ids;
    }

    private static async Task<List<string>> ServerOrderAsync(string dsn)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(dsn) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT x FROM unnest(@ids) AS x ORDER BY x", connection);
        command.Parameters.AddWithValue("ids", TieIds);
        var order = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) order.Add(reader.GetString(0));
        return order;
    }

    private static async Task ExecuteAsync(string dsn, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(dsn) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
