using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using StackExchange.Redis;

namespace Chronos.Storage.RedisVector;

/// <summary>Reads RediSearch replies (RESP2 shapes) and error messages.</summary>
internal static partial class RedisVectorReplies
{
    /// <summary>
    /// The dimension of a collection from its FT.INFO reply: the <c>dim</c> of the <c>vec</c> attribute (RediSearch 2.8+)
    /// or the <c>chronos_dim_N</c> marker attribute (every version). Refuses an index Chronos did not create or one
    /// whose metric is not COSINE (its distances would not convert to cosine similarities).
    /// </summary>
    public static int Dimension(string backend, string collection, RedisResult info)
    {
        int? fromVector = null, fromMarker = null;
        string? metric = null;
        foreach (var attribute in Array(Pairs(info, "attributes")))
        {
            var fields = Map(attribute);
            var identifier = fields.GetValueOrDefault("identifier");
            if (identifier == RedisVectorLayout.VectorField && string.Equals(fields.GetValueOrDefault("type"), "VECTOR", StringComparison.OrdinalIgnoreCase))
            {
                fromVector = fields.TryGetValue("dim", out var dim) ? ParseInt(dim) : null;
                metric = fields.GetValueOrDefault("distance_metric");
                fromVector ??= -1; // a vector field without a listed DIM (RediSearch < 2.8)
            }
            else if (identifier?.StartsWith(RedisVectorLayout.DimensionMarkerPrefix, StringComparison.Ordinal) == true)
            {
                fromMarker = ParseInt(identifier[RedisVectorLayout.DimensionMarkerPrefix.Length..]);
            }
        }
        if (fromVector is null)
        {
            throw new StorageConfigurationException(
                $"{backend}: the index of collection '{collection}' has no VECTOR attribute '{RedisVectorLayout.VectorField}'; it was not created by Chronos.");
        }
        if (metric is not null && !string.Equals(metric, "COSINE", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConfigurationException(
                $"{backend}: collection '{collection}' is indexed with the {metric} metric; Chronos needs COSINE so that scores are cosine similarities.");
        }
        var dimension = fromVector > 0 ? fromVector.Value : fromMarker
            ?? throw new StorageConfigurationException(
                $"{backend}: FT.INFO of collection '{collection}' shows neither the vector DIM nor a '{RedisVectorLayout.DimensionMarkerPrefix}N' attribute; it was not created by Chronos.");
        return dimension;
    }

    /// <summary>The hits of an FT.SEARCH reply: <c>[total, key, [field, value, ...], key, [...], ...]</c>.</summary>
    public static List<VectorSearchResult> SearchResults(string backend, string collection, int dimension, string keyPrefix, RedisResult reply)
    {
        var results = new List<VectorSearchResult>();
        foreach (var (embedding, distance) in Hits(backend, "Search", collection, dimension, keyPrefix, reply, out _))
        {
            if (distance is null || !double.TryParse(distance, NumberStyles.Float, CultureInfo.InvariantCulture, out var cosineDistance))
            {
                throw new VectorServiceException(backend, "Search", collection, null, $"hit '{embedding.Id}' has no numeric '{RedisVectorLayout.DistanceAlias}' (got '{distance}').");
            }
            // RediSearch COSINE is a distance, 1 - cosine similarity, in [0, 2].
            results.Add(new VectorSearchResult(embedding, Math.Clamp((float)(1 - cosineDistance), -1f, 1f)));
        }
        return results;
    }

    /// <summary>The embeddings of an FT.SEARCH listing reply and the total number of matches.</summary>
    public static List<Embedding> Listed(string backend, string collection, int dimension, string keyPrefix, RedisResult reply, out long total) =>
        Hits(backend, "Query", collection, dimension, keyPrefix, reply, out total).Select(h => h.Embedding).ToList();

    /// <summary>The embedding of an HMGET id content metadata vec reply, or null when the hash does not exist.</summary>
    public static Embedding? Fields(string backend, string collection, int dimension, string id, RedisResult reply)
    {
        var values = Array(reply);
        if (values.Length < 4 || values[0].IsNull)
        {
            return null;
        }
        return ToEmbedding(backend, "Get", collection, dimension, (string?)values[0] ?? id, (string?)values[1], (string?)values[2], (byte[]?)values[3]);
    }

    /// <summary>The Chronos collections among the index names of an FT._LIST reply.</summary>
    public static IReadOnlyList<string> Collections(RedisResult reply, Func<string, string?> collectionOf) =>
        Array(reply).Select(name => collectionOf((string?)name ?? "")).OfType<string>().ToArray();

    private static List<(Embedding Embedding, string? Distance)> Hits(
        string backend, string operation, string collection, int dimension, string keyPrefix, RedisResult reply, out long total)
    {
        var items = Array(reply);
        total = items.Length > 0 ? (long)items[0] : 0;
        var hits = new List<(Embedding, string?)>(Math.Max(0, (items.Length - 1) / 2));
        for (var i = 1; i + 1 < items.Length; i += 2)
        {
            var key = (string?)items[i] ?? "";
            var fields = Array(items[i + 1]);
            string? id = null, content = null, metadata = null, distance = null;
            byte[]? vector = null;
            for (var f = 0; f + 1 < fields.Length; f += 2)
            {
                switch ((string?)fields[f])
                {
                    case RedisVectorLayout.IdField: id = (string?)fields[f + 1]; break;
                    case RedisVectorLayout.ContentField: content = (string?)fields[f + 1]; break;
                    case RedisVectorLayout.MetadataField: metadata = (string?)fields[f + 1]; break;
                    case RedisVectorLayout.VectorField: vector = (byte[]?)fields[f + 1]; break;
                    case RedisVectorLayout.DistanceAlias: distance = (string?)fields[f + 1]; break;
                }
            }
            id ??= key.StartsWith(keyPrefix, StringComparison.Ordinal) ? key[keyPrefix.Length..] : key;
            hits.Add((ToEmbedding(backend, operation, collection, dimension, id, content, metadata, vector), distance));
        }
        return hits;
    }

    private static Embedding ToEmbedding(string backend, string operation, string collection, int dimension, string id, string? content, string? metadata, byte[]? vector)
    {
        if (vector is null || vector.Length != dimension * sizeof(float))
        {
            throw new VectorServiceException(backend, operation, collection, null,
                $"hit '{id}' has a stored vector of {vector?.Length ?? 0} bytes; {dimension * sizeof(float)} were expected ({dimension} float32 values).");
        }
        return new Embedding
        {
            Id = id,
            Vector = VectorBytes.FromLittleEndian(vector),
            Metadata = ParseMetadata(backend, collection, id, metadata),
            Content = content ?? "",
        };
    }

    private static JsonObject? ParseMetadata(string backend, string collection, string id, string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new VectorServiceException(backend, "Search", collection, null, $"hit '{id}' has metadata that is not a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new VectorServiceException(backend, "Search", collection, null, $"hit '{id}' has metadata that is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>True for the errors of FT.INFO/FT.SEARCH/FT.DROPINDEX on a missing index (wording differs by version).</summary>
    public static bool IsUnknownIndex(string message) =>
        message.Contains("Unknown index name", StringComparison.OrdinalIgnoreCase)
        || message.Contains("no such index", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for FT.CREATE of an index that exists (created concurrently by another client).</summary>
    public static bool IsIndexExists(string message) => message.Contains("Index already exists", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads "query vector blob size (A) does not match index's expected size (B)": the index was re-created with
    /// another dimension by another client.
    /// </summary>
    public static bool TryBlobSizeMismatch(string message, out int actualDimension, out int expectedDimension)
    {
        var match = BlobSize().Match(message);
        actualDimension = expectedDimension = 0;
        if (!match.Success)
        {
            return false;
        }
        actualDimension = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / sizeof(float);
        expectedDimension = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) / sizeof(float);
        return true;
    }

    [GeneratedRegex(@"blob size \((\d+)\) does not match index's expected size \((\d+)\)", RegexOptions.IgnoreCase)]
    private static partial Regex BlobSize();

    private static RedisResult Pairs(RedisResult reply, string name)
    {
        var items = Array(reply);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            if ((string?)items[i] == name)
            {
                return items[i + 1];
            }
        }
        return RedisResult.Create(System.Array.Empty<RedisResult>());
    }

    private static Dictionary<string, string?> Map(RedisResult attribute)
    {
        var items = Array(attribute);
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            if (items[i + 1].Resp2Type is ResultType.BulkString or ResultType.SimpleString or ResultType.Integer)
            {
                map[(string?)items[i] ?? ""] = (string?)items[i + 1];
            }
        }
        return map;
    }

    private static RedisResult[] Array(RedisResult reply) =>
        reply.IsNull || reply.Resp2Type != ResultType.Array ? [] : (RedisResult[])reply!;

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
