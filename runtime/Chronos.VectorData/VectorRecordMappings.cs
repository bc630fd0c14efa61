namespace Chronos.VectorData;

/// <summary>
/// The generated mappings, registered by the generated code when its assembly loads (a module initializer), so that
/// <see cref="ChronosVectorStore.GetCollection{TKey, TRecord}(string, Microsoft.Extensions.VectorData.VectorStoreCollectionDefinition?)"/>
/// finds them without reflection.
/// </summary>
public static class VectorRecordMappings
{
    /// <summary>Registers the mapping of <typeparamref name="TRecord"/> (called by generated code).</summary>
    public static void Register<TKey, TRecord>(VectorRecordMapping<TKey, TRecord> mapping)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Holder<TKey, TRecord>.Mapping = mapping;
    }

    /// <summary>The registered mapping of <typeparamref name="TRecord"/> with key <typeparamref name="TKey"/>, or null.</summary>
    public static VectorRecordMapping<TKey, TRecord>? Find<TKey, TRecord>()
        where TKey : notnull
        where TRecord : class => Holder<TKey, TRecord>.Mapping;

    private static class Holder<TKey, TRecord>
        where TKey : notnull
        where TRecord : class
    {
        public static VectorRecordMapping<TKey, TRecord>? Mapping;
    }
}
