using Chronos.Storage;
using Chronos.Storage.MySql;
using MySqlConnector;

namespace Chronos.Benchmarks.MySql;

/// <summary>
/// The MariaDB/MySQL adapter against hand-written MySqlConnector, in a database the benchmark creates on
/// CHRONOS_TEST_MYSQL and drops afterwards.
/// </summary>
public class MySqlBenchmarks : SqlBenchmarks
{
    private string _server = "";
    private string _dsn = "";
    private readonly string _database = "bench_" + Guid.NewGuid().ToString("N")[..12];

    protected override async Task<IStorage> OpenStoreAsync()
    {
        _server = MySqlDsn.Parse(Environment.GetEnvironmentVariable("CHRONOS_TEST_MYSQL")
            ?? throw new InvalidOperationException("Set CHRONOS_TEST_MYSQL (source tools/test-servers/test-servers.sh; servers_export).")).Builder.ConnectionString;
        await ExecuteAsync($"CREATE DATABASE `{_database}`");
        _dsn = new MySqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
        return await MySqlStorage.OpenAsync(_dsn);
    }

    protected override async Task<IHandWrittenLedger> OpenHandWrittenAsync() => await MySqlHandWritten.OpenAsync(_dsn);

    protected override Task DropAsync() => ExecuteAsync($"DROP DATABASE IF EXISTS `{_database}`");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
