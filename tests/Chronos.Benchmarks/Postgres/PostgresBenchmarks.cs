using Chronos.Storage;
using Chronos.Storage.Postgres;
using Npgsql;

namespace Chronos.Benchmarks.Postgres;

/// <summary>
/// The PostgreSQL adapter against hand-written Npgsql, in a schema the benchmark creates on CHRONOS_TEST_POSTGRES and
/// drops afterwards.
/// </summary>
public partial class PostgresBenchmarks : SqlBenchmarks
{
    private string _server = "";
    private string _dsn = "";
    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<IStorage> OpenStoreAsync()
    {
        _server = Environment.GetEnvironmentVariable("CHRONOS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set CHRONOS_TEST_POSTGRES (source tools/test-servers/test-servers.sh; servers_export).");
        await ExecuteAsync($"CREATE SCHEMA \"{_schema}\"");
        _dsn = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        return await PostgresStorage.OpenAsync(_dsn);
    }

    protected override async Task<IHandWrittenLedger> OpenHandWrittenAsync() => await PostgresHandWritten.OpenAsync(_dsn);

    protected override Task DropAsync() => ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
