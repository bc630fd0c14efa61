using Chronos.Storage.Conformance;
using MySqlConnector;

namespace Chronos.Storage.MySql.Tests;

/// <summary>Corrupted stored values on MariaDB (JSON is LONGTEXT there, so any text can land in it), written with a plain MySqlConnector connection.</summary>
[RequiresTestServer(TestServers.MySql)]
public sealed class MySqlCorruptedStoredValueTests(MySqlDatabaseFixture fixture) : CorruptedStoredValueTests, Xunit.IClassFixture<MySqlDatabaseFixture>
{
    protected override async Task<IStorage> CreateStoreAsync() => await MySqlStorage.OpenAsync(await fixture.Database.ConnectionStringAsync());

    protected override async Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText)
    {
        await using var connection = new MySqlConnection(await fixture.Database.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"UPDATE `{storageName}` SET `{storageField}` = @raw WHERE `id` = @id", connection);
        command.Parameters.AddWithValue("@raw", rawJsonText);
        command.Parameters.AddWithValue("@id", id);
        return await command.ExecuteNonQueryAsync() == 1;
    }
}
