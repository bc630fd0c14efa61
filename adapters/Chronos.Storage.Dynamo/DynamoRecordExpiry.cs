using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// Native expiry on DynamoDB for one entity (issue 17): a record with an expiry instant (<see cref="RecordExpiry.Of"/>)
/// carries it in the table's TTL attribute <see cref="DynamoRecordExpiry.Attribute"/> (epoch seconds), so DynamoDB
/// deletes the item, and with it its GSI rows, eventually. Eventually is late (typically within days), so every read
/// hides an item as soon as the engine's clock reaches its expiry: gets treat it as absent, queries filter it out, and
/// a put-if-absent treats it as absent so that its id can be written again. Entities that never expire (sessions,
/// events, traces, application entities) get neither the attribute nor the filter.
/// </summary>
/// <remarks>
/// The expiring entities declare no unique index, so no guard item ever points at an expiring record
/// (<c>DynamoNativeExpiryTests</c> checks that this stays so).
/// </remarks>
internal sealed class DynamoRecordExpiry<TEntity>(RecordExpiry expiry) where TEntity : class
{
    /// <summary>Whether records of <typeparamref name="TEntity"/> can expire natively.</summary>
    public static readonly bool CanExpire = RecordExpiry.CanExpire<TEntity>();

    private const string Name = "#expire";
    private const string Now = ":now";

    /// <summary>Adds <paramref name="entity"/>'s expiry to its <paramref name="item"/>, when it has one.</summary>
    public void Stamp(TEntity entity, Dictionary<string, AttributeValue> item)
    {
        if (CanExpire && expiry.Of(entity) is { } expireAt) item[DynamoRecordExpiry.Attribute] = Number(DynamoRecordExpiry.EpochSeconds(expireAt));
    }

    /// <summary>True when <paramref name="item"/> has expired by the engine's clock.</summary>
    public bool HasExpired(Dictionary<string, AttributeValue> item) =>
        CanExpire && item.TryGetValue(DynamoRecordExpiry.Attribute, out var at) &&
        long.TryParse(at.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds <= NowSeconds;

    /// <summary>
    /// The condition of a put that may take <paramref name="absent"/>'s place: the item is absent, or it has expired
    /// (DynamoDB has not deleted it yet, but for readers it is gone). Unchanged for entities that cannot expire.
    /// </summary>
    public void AbsentOrExpired(PutItemRequest absent)
    {
        if (!CanExpire) return;
        absent.ConditionExpression = $"({absent.ConditionExpression}) OR {Name} <= {Now}";
        AddNames(absent.ExpressionAttributeNames, absent.ExpressionAttributeValues ??= []);
    }

    /// <summary>Restricts a query to items not expired by the engine's clock (DynamoDB applies it after <c>Limit</c>).</summary>
    public void LiveOnly(QueryRequest query)
    {
        if (!CanExpire) return;
        query.FilterExpression = $"attribute_not_exists({Name}) OR {Name} > {Now}";
        AddNames(query.ExpressionAttributeNames, query.ExpressionAttributeValues);
    }

    private void AddNames(Dictionary<string, string> names, Dictionary<string, AttributeValue> values)
    {
        names[Name] = DynamoRecordExpiry.Attribute;
        values[Now] = Number(NowSeconds);
    }

    private long NowSeconds => DynamoRecordExpiry.EpochSeconds(expiry.UtcNow);

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}

/// <summary>The table's TTL attribute, the same for every entity.</summary>
internal static class DynamoRecordExpiry
{
    /// <summary>The TTL attribute: a record's expiry instant in whole epoch seconds (absent: kept until pruned).</summary>
    public const string Attribute = "_expire_at";

    /// <summary>
    /// An instant in whole epoch seconds, rounded down (DynamoDB's TTL counts seconds): a record expires up to a second
    /// early, never late, so no record is kept past its rule.
    /// </summary>
    public static long EpochSeconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
