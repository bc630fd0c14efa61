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
        // The shared test role may not create databases, so the ICU database lives in a cluster of the test's own.
        Assert.True(OwnPostgresServer.IsAvailable, "PostgreSQL 15's server binaries are missing (/usr/lib/postgresql/15/bin)");
        using var server = OwnPostgresServer.Start();
        const string database = "chronos_icu";
        await ExecuteAsync(server.Dsn, $"CREATE DATABASE {database} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        var dsn = new NpgsqlConnectionStringBuilder(server.Dsn) { Database = database }.ConnectionString;
        Assert.NotEqual(Ordinal(TieIds), await ServerOrderAsync(dsn)); // the premise: this database orders text linguistically

        await using (var store = await PostgresStorage.OpenAsync(dsn))
        {
            var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            foreach (var id in TieIds)
            {
                await store.CreateSessionAsync(new Session { Id = id, AgentId = "agent", CreatedAt = at, UpdatedAt = at });
                await store.InsertAuditLogAsync(new AuditLog { Id = id, AgentId = "agent", SessionId = "session", Action = "act", CreatedAt = at });
            }

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
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.Dsn, $"DROP DATABASE {database}");
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
