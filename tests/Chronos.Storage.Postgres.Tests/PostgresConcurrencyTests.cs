using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using Chronos.Storage.Tests.Shared;
using Npgsql;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>The multi-client SQL tests (<see cref="SqlServerConcurrencyTests"/>) on PostgreSQL, in a schema of their own.</summary>
[RequiresTestServer(TestServers.Postgres)]
public sealed class PostgresConcurrencyTests : SqlServerConcurrencyTests
{
    private readonly PostgresTestSchema _schema = new();

    protected override Task<string> ConnectionStringAsync() => _schema.ConnectionStringAsync();

    protected override async Task<StorageEngine> OpenAsync(string connectionString) => await PostgresStorage.OpenAsync(connectionString);

    protected override StorageEngine CreateUnmigrated(string connectionString) => new PostgresStorage(new PostgresStorageOptions { Dsn = connectionString });

    protected override async Task<long> CountAsync(string sql) => await _schema.ScalarAsync<long>(sql);

    protected override async Task ExecuteAsync(string sql) => await _schema.ScalarAsync<object>(sql);

    protected override string DriverActivitySource => "Npgsql";

    protected override string DatabaseName => _schema.Name;

    // The six entity tables and chronos_schema (the ledger lock is an advisory lock, not a table).
    protected override int MigratedTableCount => 7;

    protected override string WithPassword(string connectionString, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;

    public override Task DisposeAsync() => _schema.DisposeAsync().AsTask();
}
