using Chronos.Storage.Validation;
using Chronos.Storage.Vectors;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Providers;

/// <summary>
/// Argument checks shared by every vector store, so that bad input is refused the same way on every backend, before
/// anything is sent. The limits are the strictest of the supported services, so a call that one store accepts every
/// store accepts.
/// </summary>
public static class VectorGuard
{
    /// <summary>Largest dimension (within Pinecone's 20,000, Milvus's 32,768 and Qdrant's 65,536).</summary>
    public const int MaxDimension = 16384;

    /// <summary>Largest <c>topK</c> of a search.</summary>
    public const int MaxTopK = 1000;

    /// <summary>Longest id in UTF-8 bytes (Pinecone's limit).</summary>
    public const int MaxIdBytes = 512;

    /// <summary>Longest collection name.</summary>
    public const int MaxCollectionNameLength = 63;

    /// <summary>Metadata keys starting with this are reserved for the adapters' own bookkeeping.</summary>
    public const string ReservedMetadataPrefix = "chronos_";

    /// <summary>Refuses a collection name that is not a letter followed by letters, digits or '_' (every service accepts these).</summary>
    public static string CollectionName(string? name, string paramName = "collection")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new StorageArgumentException(paramName, null, null, $"'{paramName}' must be a non-empty collection name.");
        }
        if (name.Length > MaxCollectionNameLength || !char.IsAsciiLetter(name[0]) || !IsIdentifierTail(name.AsSpan(1)))
        {
            throw new StorageArgumentException(paramName, null, null,
                $"collection name '{name}' is invalid: use an ASCII letter followed by letters, digits or '_', " +
                $"at most {MaxCollectionNameLength} characters.");
        }
        return name;
    }

    /// <summary>Refuses a dimension outside 1..<see cref="MaxDimension"/>.</summary>
    public static int Dimension(int dimension, string collection, string paramName = "dimension")
    {
        if (dimension is <= 0 or > MaxDimension)
        {
            throw new StorageArgumentException(paramName, collection, "dimension",
                $"'{paramName}' must be between 1 and {MaxDimension}; got {dimension}.");
        }
        return dimension;
    }

    /// <summary>Refuses a <c>topK</c> outside 1..<see cref="MaxTopK"/>.</summary>
    public static int TopK(int topK, string paramName = "topK")
    {
        if (topK is <= 0 or > MaxTopK)
        {
            throw new StorageArgumentException(paramName, null, null, $"'{paramName}' must be between 1 and {MaxTopK}; got {topK}.");
        }
        return topK;
    }

    /// <summary>
    /// Refuses an empty id, one longer than <see cref="MaxIdBytes"/> UTF-8 bytes, and one with NUL or a lone surrogate
    /// (the string rule of <see cref="StorageLimits"/>: no service would store it unchanged).
    /// </summary>
    public static string Id(string? id, string collection, string paramName)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new StorageArgumentException(paramName, collection, "id", $"'{paramName}' must be a non-empty id.");
        }
        if (StorageText.IndexOfInvalid(id) is var bad and >= 0)
        {
            throw new StorageArgumentException(paramName, collection, "id", $"'{paramName}' ('{StorageArgumentException.Printable(id)}') {StorageText.Describe(id, bad)}");
        }
        var bytes = Encoding.UTF8.GetByteCount(id);
        if (bytes > MaxIdBytes)
        {
            throw new StorageArgumentException(paramName, collection, "id",
                $"'{paramName}' is {bytes} UTF-8 bytes long; ids are at most {MaxIdBytes}.");
        }
        return id;
    }

    /// <summary>
    /// Refuses a vector of the wrong dimension (<see cref="VectorDimensionMismatchException"/>), with a NaN or infinite
    /// component, or all zero (its cosine similarity is undefined).
    /// </summary>
    public static void Vector(ReadOnlySpan<float> vector, int dimension, string collection, string? embeddingId, string paramName)
    {
        if (vector.Length != dimension)
        {
            throw new VectorDimensionMismatchException(collection, embeddingId, paramName, dimension, vector.Length);
        }
        var allZero = true;
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new StorageArgumentException(paramName, collection, "vector",
                    $"'{paramName}'{Describe(embeddingId)} has a non-finite component at index {i} ({vector[i]}).");
            }
            allZero &= vector[i] == 0f;
        }
        if (allZero)
        {
            throw new StorageArgumentException(paramName, collection, "vector",
                $"'{paramName}'{Describe(embeddingId)} is all zeros; cosine similarity needs a non-zero vector.");
        }
    }

    /// <summary>
    /// Checks every embedding of an upsert: not null, valid id (no id twice in one call), valid vector of
    /// <paramref name="dimension"/>, no reserved metadata key, and content and metadata within the rules of
    /// <see cref="StorageLimits"/> (no NUL or lone surrogate, finite numbers, JSON depth): what one service would
    /// store changed, or read back as an error, is refused here for all of them.
    /// </summary>
    public static void Embeddings(IReadOnlyList<Embedding>? embeddings, int dimension, string collection, string paramName = "embeddings")
    {
        if (embeddings is null)
        {
            throw new StorageArgumentException(paramName, collection, null, $"'{paramName}' must not be null.");
        }
        var seen = new HashSet<string>(embeddings.Count, StringComparer.Ordinal);
        for (var i = 0; i < embeddings.Count; i++)
        {
            var item = $"{paramName}[{i}]";
            var embedding = embeddings[i] ?? throw new StorageArgumentException(item, collection, null, $"'{item}' must not be null.");
            Id(embedding.Id, collection, item + ".Id");
            if (!seen.Add(embedding.Id))
            {
                throw new StorageArgumentException(item + ".Id", collection, "id",
                    $"id '{embedding.Id}' appears more than once in '{paramName}'; each id may appear once per upsert.");
            }
            Vector(embedding.Vector.Span, dimension, collection, embedding.Id, item + ".Vector");
            if (embedding.Content is null)
            {
                throw new StorageArgumentException(item + ".Content", collection, "content", $"'{item}.Content' must not be null; use \"\".");
            }
            if (StorageText.IndexOfInvalid(embedding.Content) is var bad and >= 0)
            {
                throw new StorageArgumentException(item + ".Content", collection, "content",
                    $"content of embedding '{embedding.Id}' {StorageText.Describe(embedding.Content, bad)}");
            }
            if (embedding.Metadata is { } metadata)
            {
                if (JsonLimits.FindProblem(metadata) is { } problem)
                {
                    throw new StorageArgumentException(item + ".Metadata", collection, "metadata", $"metadata of embedding '{embedding.Id}': {problem}");
                }
                foreach (var (key, _) in metadata)
                {
                    if (key.StartsWith(ReservedMetadataPrefix, StringComparison.Ordinal))
                    {
                        throw new StorageArgumentException(item + ".Metadata", collection, "metadata",
                            $"metadata key '{key}' of embedding '{embedding.Id}' is reserved (prefix '{ReservedMetadataPrefix}').");
                    }
                }
            }
        }
    }

    /// <summary>Checks the ids of a delete: not null, each a valid id.</summary>
    public static void Ids(IReadOnlyList<string>? ids, string collection, string paramName = "ids")
    {
        if (ids is null)
        {
            throw new StorageArgumentException(paramName, collection, null, $"'{paramName}' must not be null.");
        }
        for (var i = 0; i < ids.Count; i++)
        {
            Id(ids[i], collection, $"{paramName}[{i}]");
        }
    }

    /// <summary>Checks search options: identifier filter keys with string, number or boolean values; a minimum score in -1..1.</summary>
    public static void Options(VectorSearchOptions? options, string collection, string paramName = "options")
    {
        if (options is null)
        {
            return;
        }
        if (options.MinScore is { } min && (!float.IsFinite(min) || min < -1f || min > 1f))
        {
            throw new StorageArgumentException(paramName + ".MinScore", collection, null,
                $"'{paramName}.MinScore' must be between -1 and 1 (a cosine similarity); got {min}.");
        }
        if (options.Filter is { } filter)
        {
            Filter(filter, collection, paramName + ".Filter");
        }
        if (options.MetadataEquals is null)
        {
            return;
        }
        foreach (var (key, value) in options.MetadataEquals)
        {
            var where = $"{paramName}.MetadataEquals[\"{key}\"]";
            if (!IsFilterableKey(key))
            {
                throw new StorageArgumentException(where, collection, "metadata",
                    $"filter key '{key}' is not an identifier (a letter or '_', then letters, digits or '_', at most 64).");
            }
            if (value is null || value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                throw new StorageArgumentException(where, collection, "metadata",
                    $"filter value for '{key}' must be a string, number or boolean.");
            }
        }
    }

    /// <summary>Checks a filter: identifier keys, string/number/boolean values (null only in an equality), no empty IN list.</summary>
    public static void Filter(VectorFilter filter, string collection, string paramName = "filter")
    {
        switch (filter)
        {
            case VectorFilterAnd and:
                Filter(and.Left, collection, paramName);
                Filter(and.Right, collection, paramName);
                return;
            case VectorFilterOr or:
                Filter(or.Left, collection, paramName);
                Filter(or.Right, collection, paramName);
                return;
            case VectorFilterNot not:
                Filter(not.Operand, collection, paramName);
                return;
            case VectorFilterComparison comparison:
                FilterKey(comparison.Key, collection, paramName);
                if (comparison.Value is null
                    ? comparison.Operator is not (VectorFilterOperator.Equal or VectorFilterOperator.NotEqual)
                    : !IsScalar(comparison.Value))
                {
                    throw new StorageArgumentException(paramName, collection, "metadata",
                        $"filter '{comparison}': the value must be a string, number or boolean (null only with == or !=).");
                }
                return;
            case VectorFilterContains contains:
                FilterKey(contains.Key, collection, paramName);
                if (contains.Value is null || !IsScalar(contains.Value))
                {
                    throw new StorageArgumentException(paramName, collection, "metadata", $"filter '{contains}': the value must be a string, number or boolean.");
                }
                return;
            case VectorFilterIn @in:
                FilterKey(@in.Key, collection, paramName);
                if (@in.Values is null || @in.Values.Any(static value => value is null || !IsScalar(value)))
                {
                    throw new StorageArgumentException(paramName, collection, "metadata", $"filter on '{@in.Key}': every value of an IN list must be a string, number or boolean.");
                }
                return;
            default:
                throw new StorageArgumentException(paramName, collection, "metadata", $"unknown filter node {filter?.GetType().Name ?? "null"}.");
        }
    }

    private static void FilterKey(string key, string collection, string paramName)
    {
        if (!IsFilterableKey(key))
        {
            throw new StorageArgumentException(paramName, collection, "metadata",
                $"filter key '{key}' is not an identifier (a letter or '_', then letters, digits or '_', at most 64).");
        }
    }

    private static bool IsScalar(JsonValue value) => value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    /// <summary>True for a metadata key every service can filter on: a letter or '_', then letters, digits or '_' (at most 64).</summary>
    public static bool IsFilterableKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 64 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && IsIdentifierTail(key.AsSpan(1))
        && !key.StartsWith(ReservedMetadataPrefix, StringComparison.Ordinal);

    private static bool IsIdentifierTail(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    private static string Describe(string? embeddingId) => embeddingId is null ? "" : $" (embedding '{embeddingId}')";
}
