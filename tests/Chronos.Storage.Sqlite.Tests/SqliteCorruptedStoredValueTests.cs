using Chronos.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>Corrupted stored values on a SQLite file, written with a second connection.</summary>
public sealed class SqliteCorruptedStoredValueTests : CorruptedStoredValueTests, IDisposable
{
    private readonly TempDatabase _files = new();

    protected override async Task<IStorage> CreateStoreAsync() => await SqliteStorage.OpenAsync(_files.File());

    protected override async Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText)
    {
        await using var connection = new SqliteConnection($"Data Source={_files.File()};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE \"{storageName}\" SET \"{storageField}\" = $raw WHERE \"id\" = $id";
        command.Parameters.AddWithValue("$raw", rawJsonText);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public void Dispose() => _files.Dispose();
}
