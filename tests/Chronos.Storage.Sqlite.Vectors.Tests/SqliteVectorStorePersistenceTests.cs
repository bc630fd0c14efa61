using System.Text.Json.Nodes;
using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Chronos.Storage.Sqlite.Vectors.Tests;

/// <summary>What only a persistent store must do: keep everything across a reopen.</summary>
public sealed class SqliteVectorStorePersistenceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"chronos-vectors-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Collections_vectors_metadata_and_deletions_survive_a_reopen()
    {
        var random = new Random(21);
        var docs = Enumerable.Range(0, 50).Select(i => VectorTestData.Make(random, 16, i)).ToArray();
        await using (var store = new SqliteVectorStore(SqliteVectorStoreOptions.File(_path)))
        {
            await store.CreateCollectionAsync("kb", 16);
            await store.CreateCollectionAsync("other", 3);
            await store.UpsertAsync("kb", docs);
            await store.UpsertAsync("kb", [docs[7] with { Content = "updated", Metadata = new JsonObject { ["v"] = 2 } }]);
            await store.DeleteAsync("kb", ["doc-3"]);
        }

        await using (var reopened = new SqliteVectorStore(SqliteVectorStoreOptions.File(_path)))
        {
            await Assert.ThrowsAsync<VectorCollectionDimensionConflictException>(() => reopened.CreateCollectionAsync("other", 4));
            var all = await reopened.SearchAsync("kb", docs[7].Vector, 100);
            Assert.Equal(49, all.Count);
            Assert.DoesNotContain(all, h => h.Embedding.Id == "doc-3");
            var top = all[0].Embedding;
            Assert.Equal(("doc-7", "updated"), (top.Id, top.Content));
            Assert.Equal(2, (int)top.Metadata!["v"]!);
            Assert.Equal(docs[7].Vector.ToArray(), top.Vector.ToArray());
        }
    }

    [Fact]
    public async Task A_corrupt_vector_blob_is_reported_with_collection_and_id()
    {
        await using (var store = new SqliteVectorStore(SqliteVectorStoreOptions.File(_path)))
        {
            await store.CreateCollectionAsync("kb", 4);
            await store.UpsertAsync("kb", [new Embedding { Id = "bad one", Vector = new float[] { 1, 2, 3, 4 } }]);
        }
        await using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "UPDATE chronos_vectors SET vector = x'0000803f' WHERE id = 'bad one'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using var reopened = new SqliteVectorStore(SqliteVectorStoreOptions.File(_path));
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => reopened.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 1));
        Assert.Contains("'kb'", error.Message);
        Assert.Contains("'bad one'", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
