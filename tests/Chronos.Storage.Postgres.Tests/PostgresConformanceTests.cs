using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>Shares one fresh schema between the tests of a class (the suite's ids are unique per test).</summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    public PostgresTestSchema Schema { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Schema.DisposeAsync().AsTask();
}

/// <summary>The conformance suite on PostgreSQL 15, in a schema of its own.</summary>
[RequiresTestServer(TestServers.Postgres)]
public sealed class PostgresConformanceTests(PostgresSchemaFixture fixture) : StorageConformanceTests, IClassFixture<PostgresSchemaFixture>
{
    protected override async Task<IStorage> CreateStoreAsync() =>
        await PostgresStorage.OpenAsync(await fixture.Schema.ConnectionStringAsync());

    /// <summary>jsonb stores numbers as numeric, which has no negative zero.</summary>
    protected override bool JsonKeepsNegativeZero => false;
}

/// <summary>Corrupted stored values in PostgreSQL, written with a plain Npgsql connection.</summary>
public sealed class PostgresCorruptedStoredValueTests(PostgresSchemaFixture fixture) : CorruptedStoredValueTests, IClassFixture<PostgresSchemaFixture>
{
    protected override async Task<IStorage> CreateStoreAsync() =>
        await PostgresStorage.OpenAsync(await fixture.Schema.ConnectionStringAsync());

    protected override async Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await fixture.Schema.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"UPDATE \"{storageName}\" SET \"{storageField}\" = @raw::jsonb WHERE \"id\" = @id", connection);
        command.Parameters.AddWithValue("raw", rawJsonText);
        command.Parameters.AddWithValue("id", id);
        try
        {
            return await command.ExecuteNonQueryAsync() == 1;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "22P02")
        {
            return false; // jsonb refuses text that is not JSON: this corruption cannot happen on PostgreSQL.
        }
    }
}
