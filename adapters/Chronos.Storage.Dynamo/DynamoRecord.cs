using Amazon.DynamoDBv2.Model;

namespace Chronos.Storage.Dynamo;

/// <summary>An entity as a DynamoDB item, with its key and typed scalar values (for guard keys).</summary>
/// <param name="Key">The entity key.</param>
/// <param name="Item">Every attribute, table and GSI keys included.</param>
/// <param name="Values">Scalar values by field ordinal.</param>
internal sealed record DynamoRecord(string Key, Dictionary<string, AttributeValue> Item, IndexValue?[] Values);
