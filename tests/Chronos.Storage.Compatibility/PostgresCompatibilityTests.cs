using System.Diagnostics;
using Chronos.Storage.Conformance;
using Chronos.Storage.Postgres;
using Npgsql;
using Xunit;

namespace Chronos.Storage.Compatibility;

/// <summary>
/// PostgreSQL: the fixture is <c>pg_dump --inserts</c> of the schema the earlier layout code wrote (tables, indexes,
/// rows and schema-version table), its schema name replaced by a placeholder; the test replays it into a fresh schema
/// with Npgsql.
/// </summary>
public sealed class PostgresCompatibilityTests : IAsyncLifetime
{
    private const string Fixture = "postgres.sql";
    private const string SchemaPlaceholder = "__chronos_compat_schema__";
    private readonly string _schema = "compat_" + Guid.NewGuid().ToString("N")[..16];

    private static string Server => TestServers.Get(TestServers.Postgres);

    private string StoreConnectionString => new NpgsqlConnectionStringBuilder(Server) { SearchPath = _schema }.ConnectionString;

    [ServerFact(TestServers.Postgres)]
    public async Task A_schema_written_by_the_previous_layout_reads_back_and_continues()
    {
        var lines = FixtureFiles.Read(Fixture).Split('\n').Where(l => !l.StartsWith('\\')); // psql meta-commands
        await ExecuteAsync(string.Join('\n', lines).Replace(SchemaPlaceholder, _schema));
        await using var store = await PostgresStorage.OpenAsync(StoreConnectionString);
        await CompatibilityDataSet.VerifyAndExtendAsync(store);
    }

    [FixtureWriterFact]
    public async Task Regenerate_fixture()
    {
        await ExecuteAsync($"CREATE SCHEMA \"{_schema}\"");
        await using (var store = await PostgresStorage.OpenAsync(StoreConnectionString))
        {
            await CompatibilityDataSet.WriteAsync(store);
        }
        var server = new NpgsqlConnectionStringBuilder(Server);
        var start = new ProcessStartInfo("pg_dump", ["--schema", _schema, "--no-owner", "--no-privileges", "--inserts", "--no-comments"])
        {
            RedirectStandardOutput = true,
            Environment = { ["PGHOST"] = server.Host, ["PGPORT"] = server.Port.ToString(), ["PGUSER"] = server.Username, ["PGPASSWORD"] = server.Password, ["PGDATABASE"] = server.Database },
        };
        var dump = Process.Start(start)!;
        var text = await dump.StandardOutput.ReadToEndAsync();
        await dump.WaitForExitAsync();
        Assert.Equal(0, dump.ExitCode);
        // The \restrict key of pg_dump >= 15.14 is random per run: drop it so regenerating is deterministic.
        var lines = text.Split('\n').Where(l => !l.StartsWith("\\restrict") && !l.StartsWith("\\unrestrict"));
        FixtureFiles.Write(Fixture, string.Join('\n', lines).Replace(_schema, SchemaPlaceholder));
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (TestServers.Find(TestServers.Postgres) is not null) await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
    }
}
