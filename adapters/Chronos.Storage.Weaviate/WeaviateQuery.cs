using System.Text.Json.Nodes;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Weaviate;

/// <summary>
/// The GraphQL <c>Get</c> queries. Their text holds identifiers (the class name and property names, both checked by
/// VectorGuard to be <c>[A-Za-z_][A-Za-z0-9_]*</c>) and the <c>where</c> argument of <see cref="WeaviateFilter"/>,
/// whose values are GraphQL literals written by its one escaping function; the vector, limit and offset are variables.
/// </summary>
internal static class WeaviateQuery
{
    public static readonly string[] Fields = [WeaviateStore.IdProperty, FlatMetadata.ContentKey, FlatMetadata.MetadataKey];

    /// <summary>The <paramref name="topK"/> nearest objects (<c>nearVector</c>), with their distance and vector.</summary>
    public static WeaviateGraphQLRequest NearVector(string className, ReadOnlyMemory<float> query, int topK, string? where)
    {
        var variables = new JsonObject
        {
            ["vector"] = new JsonArray(query.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            ["limit"] = topK,
        };
        var text = $"query Search($vector: [Float], $limit: Int) {{ Get {{ {className}(nearVector: {{vector: $vector}}, limit: $limit{Where(where)}) " +
                   $"{{ {string.Join(" ", Fields)} _additional {{ id distance vector }} }} }} }}";
        return new WeaviateGraphQLRequest(text, variables);
    }

    /// <summary>
    /// One page of the objects matching <paramref name="where"/>, ordered by <c>chronos_id</c> (so that offset pages
    /// neither skip nor repeat objects), with their vector.
    /// </summary>
    public static WeaviateGraphQLRequest Objects(string className, string? where, int offset, int limit)
    {
        var variables = new JsonObject { ["offset"] = offset, ["limit"] = limit };
        var text = $"query Query($offset: Int, $limit: Int) {{ Get {{ {className}(offset: $offset, limit: $limit{Where(where)}, " +
                   $"sort: [{{path: [\"{WeaviateStore.IdProperty}\"], order: asc}}]) {{ {string.Join(" ", Fields)} _additional {{ id vector }} }} }} }}";
        return new WeaviateGraphQLRequest(text, variables);
    }

    private static string Where(string? where) => where is null ? "" : ", where: " + where;
}
