using Chronos.Storage.Conformance;
using Npgsql;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>
/// An empty PostgreSQL schema of its own on the test server (CHRONOS_TEST_POSTGRES), so test classes run in parallel
/// and repeatedly without seeing each other; dropped on dispose. Stores reach it through <c>SearchPath</c>.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    private readonly Lazy<Task<string>> _created;

    public PostgresTestSchema()
    {
        Name = "t_" + Guid.NewGuid().ToString("N")[..16];
        _created = new Lazy<Task<string>>(CreateAsync);
    }

    public string Name { get; }

    /// <summary>The server's connection string with this schema as search path (created on first use).</summary>
    public async Task<string> ConnectionStringAsync() => await _created.Value;

    private async Task<string> CreateAsync()
    {
        await ExecuteAsync($"CREATE SCHEMA \"{Name}\"");
        return new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { SearchPath = Name }.ConnectionString;
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await ConnectionStringAsync()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_created.IsValueCreated && _created.Value.IsCompletedSuccessfully)
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE");
        }
    }
}
