using System.Globalization;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.RedisVector;

/// <summary>
/// Where a collection lives and the commands that read and write it, built as plain values so that the contract
/// tests can pin them. A collection <c>kb</c> is the RediSearch index <c>{prefix}chronos:vec:kb</c> over the hashes
/// <c>{prefix}chronos:vec:kb:{id}</c> (collection names have no ':', so one collection's key prefix never matches
/// another's). Each hash has the fields <c>vec</c> (little-endian float32 bytes), <c>id</c>, <c>content</c>,
/// <c>metadata</c> (JSON text, empty for none) and <c>filter</c> (the TAG tokens of <see cref="RedisVectorFilterTokens"/>).
/// </summary>
internal sealed class RedisVectorLayout(string keyPrefix)
{
    public const string VectorField = "vec";
    public const string IdField = "id";
    public const string ContentField = "content";
    public const string MetadataField = "metadata";
    public const string FilterField = "filter";
    public const string DistanceAlias = "dist";

    /// <summary>
    /// The schema attribute that records the dimension (<c>chronos_dim_384</c>): RediSearch before 2.8 lists a vector
    /// attribute in FT.INFO without its DIM, so the dimension is also written where every version shows it. It is
    /// never set on any hash, so it costs nothing.
    /// </summary>
    public const string DimensionMarkerPrefix = "chronos_dim_";

    public string IndexName(string collection) => $"{keyPrefix}chronos:vec:{collection}";

    public string KeyPrefix(string collection) => IndexName(collection) + ":";

    public string Key(string collection, string id) => KeyPrefix(collection) + id;

    public static RedisVectorCommand Info(string index) => new("FT.INFO", [index]);

    public RedisVectorCommand Create(string collection, int dimension, RedisVectorAlgorithm algorithm) => new("FT.CREATE",
    [
        IndexName(collection), "ON", "HASH", "PREFIX", 1, KeyPrefix(collection),
        "SCHEMA",
        VectorField, "VECTOR", algorithm == RedisVectorAlgorithm.Flat ? "FLAT" : "HNSW", 6,
        "TYPE", "FLOAT32", "DIM", dimension, "DISTANCE_METRIC", "COSINE",
        FilterField, "TAG", "SEPARATOR", ",", "CASESENSITIVE",
        DimensionMarkerPrefix + dimension.ToString(CultureInfo.InvariantCulture), "NUMERIC",
    ]);

    public RedisVectorCommand DropWithDocuments(string collection) => new("FT.DROPINDEX", [IndexName(collection), "DD"]);

    /// <summary>
    /// HSET of every field, so an upsert replaces all of a previous embedding's fields (the field set is always the
    /// same: nothing of an older version survives).
    /// </summary>
    public RedisVectorCommand Set(string collection, Embedding embedding) => new("HSET",
    [
        Key(collection, embedding.Id),
        VectorField, VectorBytes.ToLittleEndian(embedding.Vector.Span),
        IdField, embedding.Id,
        ContentField, embedding.Content,
        MetadataField, embedding.Metadata?.ToJsonString() ?? "",
        FilterField, RedisVectorFilterTokens.ForMetadata(embedding.Metadata),
    ]);

    /// <summary>One DEL per key: single-key commands stay within one hash slot on a cluster.</summary>
    public RedisVectorCommand Delete(string collection, string id) => new("DEL", [Key(collection, id)]);

    /// <summary>
    /// The KNN query: the filter (TAG tokens, hex digits only) or <c>*</c>, then <c>=&gt;[KNN $K @vec $BLOB AS dist]</c>,
    /// with K and the query vector as PARAMS, LIMIT 0 K (the default LIMIT is 10), sorted by distance, DIALECT 2.
    /// </summary>
    public RedisVectorCommand Search(string collection, ReadOnlySpan<float> query, int topK, IReadOnlyDictionary<string, JsonValue>? equals, string? filterQuery = null)
    {
        var filter = Filter(equals, filterQuery);
        return new("FT.SEARCH",
        [
            IndexName(collection),
            $"{filter}=>[KNN $K @{VectorField} $BLOB AS {DistanceAlias}]",
            "PARAMS", 4, "K", topK, "BLOB", VectorBytes.ToLittleEndian(query),
            "RETURN", 5, IdField, ContentField, MetadataField, VectorField, DistanceAlias,
            "SORTBY", DistanceAlias,
            "LIMIT", 0, topK,
            "DIALECT", 2,
        ]);
    }

    /// <summary>
    /// The listing query (FT.SEARCH without KNN): the filter or <c>*</c>, the stored fields, one page
    /// <c>LIMIT offset count</c>. No SORTBY: the hash fields are not SORTABLE attributes, so the store orders by id.
    /// </summary>
    public RedisVectorCommand List(string collection, string? filterQuery, int offset, int count) => new("FT.SEARCH",
    [
        IndexName(collection),
        Filter(null, filterQuery),
        "RETURN", 4, IdField, ContentField, MetadataField, VectorField,
        "LIMIT", offset, count,
        "DIALECT", 2,
    ]);

    /// <summary>HMGET of the stored fields of one id (nil for each when the hash does not exist).</summary>
    public RedisVectorCommand Get(string collection, string id) => new("HMGET", [Key(collection, id), IdField, ContentField, MetadataField, VectorField]);

    /// <summary>FT._LIST: every index name on the server (Chronos's are <see cref="IndexName"/>).</summary>
    public static RedisVectorCommand ListIndexes() => new("FT._LIST", []);

    /// <summary>The collection of an index name from FT._LIST, or null when it is not a Chronos collection under this prefix.</summary>
    public string? CollectionOf(string index)
    {
        var prefix = IndexName("");
        return index.StartsWith(prefix, StringComparison.Ordinal) && index.Length > prefix.Length && index.IndexOf(':', prefix.Length) < 0
            ? index[prefix.Length..]
            : null;
    }

    private static string Filter(IReadOnlyDictionary<string, JsonValue>? equals, string? filterQuery)
    {
        var parts = RedisVectorFilterTokens.ForFilter(equals).Select(t => $"@{FilterField}:{{{t}}}").ToList();
        if (filterQuery is not null)
        {
            parts.Add(filterQuery);
        }
        return parts.Count == 0 ? "*" : "(" + string.Join(' ', parts) + ")";
    }
}
