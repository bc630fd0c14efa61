using Chronos.Storage.Conformance;
using MySqlConnector;

namespace Chronos.Storage.MySql.Tests;

/// <summary>
/// An empty database of its own on the test server (CHRONOS_TEST_MYSQL), so test classes run in parallel and
/// repeatedly without seeing each other; dropped on dispose.
/// </summary>
public sealed class MySqlTestDatabase : IAsyncDisposable
{
    private readonly Lazy<Task<string>> _created;

    public MySqlTestDatabase()
    {
        Name = "t_" + Guid.NewGuid().ToString("N")[..16];
        _created = new Lazy<Task<string>>(CreateAsync);
    }

    public string Name { get; }

    /// <summary>The server's connection string with this database (created on first use).</summary>
    public async Task<string> ConnectionStringAsync() => await _created.Value;

    /// <summary>The test server's settings, in MySqlConnector's keyword form.</summary>
    public static MySqlConnectionStringBuilder Server() => new(MySqlDsn.Parse(TestServers.Get(TestServers.MySql)).Builder.ConnectionString);

    private async Task<string> CreateAsync()
    {
        await ExecuteAsync($"CREATE DATABASE `{Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        var builder = Server();
        builder.Database = Name;
        return builder.ConnectionString;
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(Server().ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenInDatabaseAsync();
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/> with this database as the current one.</summary>
    public async Task ExecuteInDatabaseAsync(string sql)
    {
        await using var connection = await OpenInDatabaseAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<MySqlConnection> OpenInDatabaseAsync()
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(await ConnectionStringAsync()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_created.IsValueCreated && _created.Value.IsCompletedSuccessfully)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
        }
    }
}
