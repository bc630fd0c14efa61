using Chronos.Storage;
using Chronos.Storage.Providers;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using Xunit;
using static Chronos.VectorData.Tests.Vectors;

namespace Chronos.VectorData.Tests;

/// <summary>
/// Hostile input to the MEVD collection on the embedded SQLite vector store: vectors with NaN or infinite components or
/// the wrong dimension, empty, control-character and oversized keys, text no JSON can carry, filters with null
/// constants, and stored rows corrupted behind the store's back. Each must round-trip exactly or be refused with a
/// typed error naming the collection and the record, before anything is sent; what was stored before is never lost.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("chronos-mevd-hostile-");
    private SqliteVectorStore _vectors = null!;
    private ChronosVectorStoreCollection<string, Hotel> _hotels = null!;

    private string DatabasePath => Path.Combine(_directory.FullName, "vectors.db");

    public async Task InitializeAsync()
    {
        _vectors = new SqliteVectorStore(SqliteVectorStoreOptions.File(DatabasePath));
        _hotels = new ChronosVectorStore(_vectors).GetCollection("hostile_hotels", HotelVectorRecordMapping.Instance);
        await _hotels.EnsureCollectionExistsAsync();
        await _hotels.UpsertAsync(Hotel("kept", V(1, 0, 0), "Kept", city: "Oslo"));
    }

    public async Task DisposeAsync()
    {
        await _vectors.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private static Hotel Hotel(string id, float[] vector, string name = "h", string? city = null, string[]? tags = null) =>
        new() { Id = id, HotelName = name, Stars = 3, Rating = 4, IsOpen = true, Tags = tags ?? [], City = city, Embedding = vector };

    /// <summary>The record stored before each test is still there, unchanged, and nothing named <paramref name="ids"/> is.</summary>
    private async Task AssertNothingChangedAsync(params string[] ids)
    {
        var kept = await _hotels.GetAsync("kept", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(kept);
        Assert.Equal(("Kept", "Oslo"), (kept.HotelName, kept.City));
        Assert.Equal(V(1, 0, 0), kept.Embedding.ToArray());
        foreach (var id in ids)
        {
            Assert.Null(await _hotels.GetAsync(id));
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task A_non_finite_vector_component_refuses_the_whole_batch_naming_the_record(float bad)
    {
        var refused = await Assert.ThrowsAsync<StorageArgumentException>(() =>
            _hotels.UpsertAsync([Hotel("fine", V(0, 1, 0)), Hotel("broken", V(1, bad, 0))]));
        Assert.Equal("hostile_hotels", refused.Entity);
        Assert.Contains("'broken'", refused.Message);
        Assert.Contains("index 1", refused.Message);
        await AssertNothingChangedAsync("fine", "broken");

        // A query vector with one is refused the same way.
        await Assert.ThrowsAsync<StorageArgumentException>(async () => await _hotels.SearchAsync(new ReadOnlyMemory<float>(V(bad, 1)), 3).ToListAsync());
    }

    [Fact]
    public async Task A_vector_of_the_wrong_dimension_is_a_typed_error_naming_collection_and_record()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => _hotels.UpsertAsync([Hotel("fine", V(0, 1)), Hotel("short", [1, 2, 3])]));
        var mismatch = Assert.IsType<VectorDimensionMismatchException>(error is VectorStoreException { InnerException: { } inner } ? inner : error);
        Assert.Contains("hostile_hotels", mismatch.Message);
        Assert.Contains("short", mismatch.Message);
        Assert.Contains("3", mismatch.Message);
        await AssertNothingChangedAsync("fine", "short");
        var search = await Assert.ThrowsAnyAsync<Exception>(async () => await _hotels.SearchAsync(new ReadOnlyMemory<float>([1, 2, 3]), 3).ToListAsync());
        Assert.IsType<VectorDimensionMismatchException>(search is VectorStoreException { InnerException: { } searchInner } ? searchInner : search);
    }

    [Fact]
    public async Task An_empty_or_oversized_key_is_refused_typed_and_control_characters_round_trip()
    {
        var empty = await Assert.ThrowsAsync<StorageArgumentException>(() => _hotels.UpsertAsync(Hotel("", V(0, 1))));
        Assert.Equal(("hostile_hotels", "id"), (empty.Entity, empty.Field));
        await Assert.ThrowsAsync<StorageArgumentException>(() => _hotels.GetAsync(""));
        await Assert.ThrowsAsync<StorageArgumentException>(() => _hotels.DeleteAsync(""));

        var oversized = new string('k', VectorGuard.MaxIdBytes + 1);
        var tooLong = await Assert.ThrowsAsync<StorageArgumentException>(() => _hotels.UpsertAsync(Hotel(oversized, V(0, 1))));
        Assert.Contains($"{VectorGuard.MaxIdBytes}", tooLong.Message);

        // Text no backend can hold exactly (NUL, a lone surrogate) is refused the same way, naming the problem.
        foreach (var (id, problem) in new[] { ("nul\0key", "U+0000"), ("lone\uD800", "surrogate") })
        {
            var refused = await Assert.ThrowsAsync<StorageArgumentException>(() => _hotels.UpsertAsync(Hotel(id, V(0, 1))));
            Assert.Contains(problem, refused.Message);
        }

        foreach (var id in new[] { "ctl\u0001\u001f\n\t", "é✓😀", new string('k', VectorGuard.MaxIdBytes) })
        {
            await _hotels.UpsertAsync(Hotel(id, V(0, 1), name: id));
            var back = await _hotels.GetAsync(id);
            Assert.NotNull(back);
            Assert.Equal((id, id), (back.Id, back.HotelName));
            var found = await _hotels.GetAsync(h => h.HotelName == id, 5).ToListAsync();
            Assert.Equal([id], found.Select(h => h.Id));
        }
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Text_fields_with_nul_or_a_lone_surrogate_round_trip_exactly_or_are_refused_typed()
    {
        foreach (var (id, text) in new[] { ("nul", "a\0b"), ("surrogate", "lone \uD800 high"), ("low", "\uDC00 first") })
        {
            try
            {
                await _hotels.UpsertAsync(Hotel(id, V(0, 1), name: text, tags: [text]));
            }
            catch (StorageArgumentException refused)
            {
                Assert.Equal("hostile_hotels", refused.Entity);
                Assert.Contains(id, refused.Message);
                await AssertNothingChangedAsync(id);
                continue;
            }
            var back = await _hotels.GetAsync(id);
            Assert.NotNull(back);
            Assert.True(text == back.HotelName, $"{id}: stored '{back.HotelName}' for '{text}'");
            Assert.Equal([text], back.Tags);
        }
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Filters_with_null_constants_select_exactly_or_are_refused_naming_the_construct()
    {
        await _hotels.UpsertAsync([Hotel("no-city", V(0, 1), city: null), Hotel("bergen", V(0, 0, 1), city: "Bergen")]);
        string? none = null;

        Assert.Equal(["no-city"], (await _hotels.GetAsync(h => h.City == null, 10).ToListAsync()).Select(h => h.Id));
        Assert.Equal(["no-city"], (await _hotels.GetAsync(h => h.City == none, 10).ToListAsync()).Select(h => h.Id));
        Assert.Equal(["bergen", "kept"], (await _hotels.GetAsync(h => h.City != null, 10).ToListAsync()).Select(h => h.Id).Order());
        Assert.Equal(["no-city"], (await _hotels.SearchAsync(new ReadOnlyMemory<float>(V(1)), 5, new() { Filter = h => null == h.City }).ToListAsync()).Select(r => r.Record.Id));

        var order = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(async () =>
            await _hotels.GetAsync(h => string.Compare(h.City, null) > 0, 10).ToListAsync());
        Assert.Contains("hostile_hotels", order.Message);
        var contains = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(async () =>
            await _hotels.GetAsync(h => h.Tags.Contains(none!), 10).ToListAsync());
        Assert.Contains("Contains", contains.Message);
    }

    [Fact]
    public async Task A_corrupted_stored_row_is_a_typed_error_naming_the_collection_and_record_when_the_store_opens()
    {
        await _hotels.UpsertAsync(Hotel("victim", V(0, 1), "Victim"));
        var good = (string)await ScalarAsync("SELECT metadata FROM chronos_vectors WHERE id = 'victim'");
        foreach (var (column, value) in new (string, object)[]
        {
            ("metadata", "{\"hotel_name\": "), ("metadata", "[1, 2]"), ("metadata", new string('[', 100) + new string(']', 100)), ("vector", new byte[] { 1, 2, 3 }),
        })
        {
            await ScalarAsync($"UPDATE chronos_vectors SET {column} = $value WHERE collection = 'hostile_hotels' AND id = 'victim' RETURNING 1", value);
            await using var reopened = new SqliteVectorStore(SqliteVectorStoreOptions.File(DatabasePath));
            var hotels = new ChronosVectorStore(reopened).GetCollection("hostile_hotels", HotelVectorRecordMapping.Instance);
            var error = await Assert.ThrowsAnyAsync<Exception>(() => hotels.GetAsync("kept"));
            var typed = error is VectorStoreException { InnerException: { } inner } ? inner : error;
            Assert.True(typed is StorageException, $"{column}: expected a typed StorageException, got {typed.GetType().Name}: {typed.Message}");
            Assert.Contains("'victim'", typed.Message);
            Assert.Contains("hostile_hotels", typed.Message);
            if (column == "metadata")
            {
                Assert.IsType<StoredRecordFormatException>(typed);
            }
            await ScalarAsync("UPDATE chronos_vectors SET metadata = $value, vector = (SELECT vector FROM chronos_vectors WHERE id = 'kept') WHERE id = 'victim' RETURNING 1", good);
        }

        // Repaired, everything is there again: nothing else was lost.
        await using (var repaired = new SqliteVectorStore(SqliteVectorStoreOptions.File(DatabasePath)))
        {
            var hotels = new ChronosVectorStore(repaired).GetCollection("hostile_hotels", HotelVectorRecordMapping.Instance);
            Assert.Equal(["kept", "victim"], (await hotels.GetAsync(["kept", "victim"]).ToListAsync()).Select(h => h.Id).Order());
        }
    }

    private async Task<object> ScalarAsync(string sql, object? value = null)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (value is not null)
        {
            command.Parameters.AddWithValue("$value", value);
        }
        return await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no row: {sql}");
    }
}
