using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Microsoft.Data.Sqlite;

namespace Chronos.Storage.Sqlite.Vectors;

/// <summary>
/// The embedded vector store, the default when no vector server is configured: collections persist in SQLite
/// (vectors as float32 BLOBs, metadata as JSON) and are searched exactly, in memory, with SIMD
/// (<see cref="ExactVectorIndex"/>). Opens lazily on first use and loads every collection once. One store per database
/// file: writes from another process are not seen until the store is reopened.
/// </summary>
public sealed class SqliteVectorStore : VectorStoreEngine
{
    private const string Backend = "sqlite-vectors";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ReaderWriterLockSlim _indexLock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, ExactVectorIndex> _indexes = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;
    private volatile bool _opened;

    /// <summary>Creates the store; nothing is opened until the first call.</summary>
    public SqliteVectorStore(SqliteVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Required(options.ConnectionString, "options.ConnectionString");
        _connectionString = options.ConnectionString;
    }

    /// <summary>A store that lives only in memory, for tests.</summary>
    public static SqliteVectorStore InMemory() => new(SqliteVectorStoreOptions.InMemory());

    /// <inheritdoc />
    public override string BackendName => Backend;

    /// <inheritdoc />
    protected override int UpsertBatchSize(int dimension) => 1000;

    /// <summary>
    /// Everything: reads by id, queries, collection listing, and every <see cref="VectorFilter"/> (the store evaluates
    /// filters in process over the collection it holds in memory).
    /// </summary>
    public override VectorStoreCapabilities Capabilities =>
        VectorStoreCapabilities.GetById | VectorStoreCapabilities.Query | VectorStoreCapabilities.ListCollections | VectorStoreCapabilities.AnyFilter;

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Read(collection, index =>
        {
            if (index is null)
            {
                throw new VectorCollectionNotFoundException(Backend, collection, "Get");
            }
            var found = new List<Embedding>(ids.Count);
            foreach (var id in ids)
            {
                if (index.Find(id) is { } embedding)
                {
                    found.Add(embedding);
                }
            }
            return (IReadOnlyList<Embedding>)found;
        });
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Read(collection, index => (IReadOnlyList<Embedding>?)index?.Query(filter is null ? null : filter.Matches, skip, top))
            ?? throw new VectorCollectionNotFoundException(Backend, collection, "Query");
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        _indexLock.EnterReadLock();
        try
        {
            return [.. _indexes.Keys];
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    protected override async Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return Read(collection, static index => (int?)index?.Dimension);
    }

    /// <inheritdoc />
    protected override async Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = Read(collection, static index => (int?)index?.Dimension);
            if (existing is { } found)
            {
                return found;
            }
            await using (var command = Command(SqliteVectorSql.InsertCollection))
            {
                command.Parameters.AddWithValue("$name", collection);
                command.Parameters.AddWithValue("$dimension", dimension);
                await Run("CreateCollection", command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
            }
            Write(() => _indexes[collection] = new ExactVectorIndex(dimension));
            return dimension;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection!.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in new[] { SqliteVectorSql.DeleteCollectionVectors, SqliteVectorSql.DeleteCollection })
            {
                await using var command = Command(sql, transaction);
                command.Parameters.AddWithValue("$name", collection);
                await Run("DeleteCollection", command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Write(() => _indexes.Remove(collection));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = Read(collection, static index => index) ?? throw new VectorCollectionNotFoundException(Backend, collection, "Upsert");
            // Metadata is parsed back from the stored text, so the index owns a copy the caller cannot change later.
            var rows = new (Embedding Embedding, string? Metadata)[batch.Length];
            await using (var transaction = (SqliteTransaction)await _connection!.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var command = Command(SqliteVectorSql.UpsertVector, transaction);
                var pCollection = command.Parameters.AddWithValue("$collection", collection);
                var pId = command.Parameters.Add("$id", SqliteType.Text);
                var pVector = command.Parameters.Add("$vector", SqliteType.Blob);
                var pMetadata = command.Parameters.Add("$metadata", SqliteType.Text);
                var pContent = command.Parameters.Add("$content", SqliteType.Text);
                for (var i = 0; i < batch.Length; i++)
                {
                    var embedding = batch.Span[i];
                    var metadata = embedding.Metadata?.ToJsonString();
                    rows[i] = (embedding, metadata);
                    pId.Value = embedding.Id;
                    pVector.Value = VectorBytes.ToLittleEndian(embedding.Vector.Span);
                    pMetadata.Value = (object?)metadata ?? DBNull.Value;
                    pContent.Value = embedding.Content;
                    await Run("Upsert", command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            Write(() =>
            {
                foreach (var (embedding, metadata) in rows)
                {
                    index.Upsert(embedding.Id, embedding.Vector.Span, ParseMetadata(metadata), embedding.Content);
                }
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    protected override Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken)
    {
        _indexLock.EnterReadLock();
        try
        {
            if (!_indexes.TryGetValue(collection, out var index))
            {
                throw new VectorCollectionNotFoundException(Backend, collection, "Search");
            }
            var equalities = options?.MetadataEquals is { Count: > 0 } metadataEquals ? metadataEquals : null;
            var filter = options?.Filter;
            Func<JsonObject?, bool>? matches = (equalities, filter) switch
            {
                (null, null) => null,
                (null, { } only) => only.Matches,
                ({ } pairs, null) => metadata => MetadataFilter.Matches(metadata, pairs),
                ({ } pairs, { } both) => metadata => MetadataFilter.Matches(metadata, pairs) && both.Matches(metadata),
            };
            var results = index.Search(query.Span, topK, options?.MinScore ?? float.NegativeInfinity, matches);
            return Task.FromResult<IReadOnlyList<VectorSearchResult>>(results);
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    protected override async Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = Read(collection, static index => index) ?? throw new VectorCollectionNotFoundException(Backend, collection, "Delete");
            await using (var transaction = (SqliteTransaction)await _connection!.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var command = Command(SqliteVectorSql.DeleteVector, transaction);
                command.Parameters.AddWithValue("$collection", collection);
                var pId = command.Parameters.Add("$id", SqliteType.Text);
                for (var i = 0; i < ids.Length; i++)
                {
                    pId.Value = ids.Span[i];
                    await Run("Delete", command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            Write(() =>
            {
                foreach (var id in ids.Span)
                {
                    index.Remove(id);
                }
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
        _writeGate.Dispose();
        _indexLock.Dispose();
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_opened)
        {
            return;
        }
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_opened)
            {
                return;
            }
            var connection = new SqliteConnection(_connectionString);
            await Run("Open", connection.OpenAsync(cancellationToken)).ConfigureAwait(false);
            _connection = connection;
            await using (var pragma = Command("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"))
            {
                await Run("Open", pragma.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
            }
            await using (var schema = Command(SqliteVectorSql.CreateSchema))
            {
                await Run("Open", schema.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
            }
            foreach (var (name, dimension) in await ReadCollectionRowsAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = await LoadAsync(name, dimension, cancellationToken).ConfigureAwait(false);
                Write(() => _indexes[name] = index);
            }
            _opened = true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<List<(string Name, int Dimension)>> ReadCollectionRowsAsync(CancellationToken cancellationToken)
    {
        var collections = new List<(string, int)>();
        await using var command = Command(SqliteVectorSql.ListCollections);
        await using var reader = await Run("Open", command.ExecuteReaderAsync(cancellationToken)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            collections.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return collections;
    }

    private async Task<ExactVectorIndex> LoadAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        await using var count = Command(SqliteVectorSql.CountVectors);
        count.Parameters.AddWithValue("$collection", collection);
        var rows = Convert.ToInt32(await Run("Open", count.ExecuteScalarAsync(cancellationToken)).ConfigureAwait(false));
        var index = new ExactVectorIndex(dimension, rows);
        var vector = new float[dimension];
        await using var load = Command(SqliteVectorSql.LoadVectors);
        load.Parameters.AddWithValue("$collection", collection);
        await using var reader = await Run("Open", load.ExecuteReaderAsync(cancellationToken)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            try
            {
                VectorBytes.FromLittleEndian((byte[])reader.GetValue(1), vector);
            }
            catch (FormatException e)
            {
                throw new StorageConfigurationException(
                    $"{Backend}: collection '{collection}', embedding '{id}': {e.Message} The collection's dimension is {dimension}.", e);
            }
            index.Upsert(id, vector, ReadMetadata(reader.IsDBNull(2) ? null : reader.GetString(2), collection, id), reader.GetString(3));
        }
        return index;
    }

    private static JsonObject? ParseMetadata(string? json) => json is null ? null : (JsonLimits.Parse(json) ?? throw new JsonException("the metadata is JSON null")).AsObject();

    /// <summary>Stored metadata, or a typed error naming the row when the file holds something else (edited or damaged).</summary>
    private JsonObject? ReadMetadata(string? json, string collection, string id)
    {
        try
        {
            return ParseMetadata(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new StoredRecordFormatException(
                $"{Backend}: collection '{collection}', embedding '{id}': the stored metadata is not a JSON object ({e.Message}).",
                collection, id, "metadata", e);
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private T Read<T>(string collection, Func<ExactVectorIndex?, T> read)
    {
        _indexLock.EnterReadLock();
        try
        {
            return read(_indexes.GetValueOrDefault(collection));
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
    }

    private void Write(Action change)
    {
        _indexLock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
    }

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another connection holds the file; nothing was written, a retry may work.
    private static async Task Run(string operation, Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new TransientStorageException(Backend, operation, e);
        }
    }

    private static async Task<T> Run<T>(string operation, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new TransientStorageException(Backend, operation, e);
        }
    }
}
