using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Chronos.Storage;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Microsoft.Extensions.VectorData;

namespace Chronos.VectorData;

/// <summary>
/// An MEVD <see cref="VectorStore"/> over any Chronos <see cref="IVectorStore"/>: the embedded SQLite store and the
/// Qdrant, Pinecone, Weaviate, Milvus and Redis adapters, through one implementation. Collections of attributed
/// records use the mappings the Chronos generator writes at compile time; dynamic collections use their definition.
/// Neither reflects over the record, so both run under NativeAOT (use
/// <see cref="GetCollection{TKey, TRecord}(string, VectorRecordMapping{TKey, TRecord})"/> to avoid the trim
/// annotations MEVD puts on the base <c>GetCollection</c>).
/// <para>
/// What a backend cannot do is refused before any request with <see cref="VectorCapabilityNotSupportedException"/>:
/// reading by key, listing by filter, listing collections and filters beyond equalities joined by AND need the
/// backend's capability (<see cref="VectorStoreEngine.Capabilities"/>; the embedded store has them all).
/// </para>
/// </summary>
public sealed class ChronosVectorStore : VectorStore
{
    private readonly IVectorStore _store;
    private readonly ChronosVectorStoreOptions _options;
    private readonly VectorStoreMetadata _metadata;

    /// <summary>Wraps <paramref name="store"/>; disposing this object does not dispose the store (its owner does).</summary>
    public ChronosVectorStore(IVectorStore store, ChronosVectorStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new ChronosVectorStoreOptions();
        Backend = ChronosVectorStoreCollection<string, object>.BackendOf(store);
        _metadata = new VectorStoreMetadata { VectorStoreSystemName = Backend, VectorStoreName = _options.StoreName };
    }

    /// <summary>The Chronos backend name (e.g. <c>sqlite-vectors</c>).</summary>
    public string Backend { get; }

    /// <summary>
    /// The collection for records of <typeparamref name="TRecord"/>, mapped by the generated mapping registered for it
    /// (a <paramref name="definition"/> is not needed and, when given, must agree with the attributes).
    /// </summary>
    /// <exception cref="InvalidOperationException">No generated mapping is registered for <typeparamref name="TRecord"/>.</exception>
    [RequiresDynamicCode("MEVD's base method carries this annotation; this override uses no dynamic code. Call GetCollection(name, mapping) to avoid the warning.")]
    [RequiresUnreferencedCode("MEVD's base method carries this annotation; this override uses no reflection. Call GetCollection(name, mapping) to avoid the warning.")]
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        var mapping = VectorRecordMappings.Find<TKey, TRecord>() ?? throw new InvalidOperationException(
            $"No Chronos vector mapping for {typeof(TRecord).Name} with key {typeof(TKey).Name}: annotate its properties with [VectorStoreKey], " +
            "[VectorStoreData] and [VectorStoreVector] in a project that references Chronos.VectorData (the generator writes the mapping), " +
            "or use GetDynamicCollection.");
        return GetCollection(name, mapping, definition);
    }

    /// <summary>The collection for records mapped by <paramref name="mapping"/> (the generated <c>XxxVectorRecordMapping.Instance</c>). AOT-safe.</summary>
    public ChronosVectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorRecordMapping<TKey, TRecord> mapping)
        where TKey : notnull
        where TRecord : class => GetCollection(name, mapping, null);

    private ChronosVectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorRecordMapping<TKey, TRecord> mapping, VectorStoreCollectionDefinition? definition)
        where TKey : notnull
        where TRecord : class =>
        new(_store, name, mapping, _options, definition?.EmbeddingGenerator);

    /// <inheritdoc />
    /// <remarks>Keys may be string, Guid, int or long; data properties scalars or arrays/lists of them; exactly one vector property.</remarks>
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        var mapping = new DynamicVectorRecordMapping(definition, Backend, name);
        return new ChronosVectorStoreCollection<object, Dictionary<string, object?>>(_store, name, mapping, _options,
            mapping.EmbeddingGenerator ?? definition.EmbeddingGenerator);
    }

    /// <inheritdoc />
    /// <exception cref="VectorCapabilityNotSupportedException">The backend cannot list collections.</exception>
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var name in await Run("ListCollectionNames", null, () => _store.ListCollectionsAsync(cancellationToken)).ConfigureAwait(false))
        {
            yield return name;
        }
    }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Run("CollectionExists", name, () => _store.CollectionExistsAsync(name, cancellationToken));

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default) =>
        Run("EnsureCollectionDeleted", name, async () =>
        {
            await _store.DeleteCollectionAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType == typeof(IVectorStore) ? _store
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task<T> Run<T>(string operation, string? collection, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StorageException e) when (e is not VectorCapabilityNotSupportedException)
        {
            throw new VectorStoreException(e.Message, e)
            {
                VectorStoreSystemName = Backend,
                VectorStoreName = _options.StoreName,
                CollectionName = collection,
                OperationName = operation,
            };
        }
    }
}
