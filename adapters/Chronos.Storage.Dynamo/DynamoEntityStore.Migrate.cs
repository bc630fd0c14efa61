using System.Collections.Immutable;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

internal sealed partial class DynamoEntityStore<TEntity>
{
    /// <summary>
    /// Applies pending migration steps by rewriting every record item of the entity: a scan of its item partitions,
    /// each item read with renamed attributes under their new names and added fields as their spec default, then
    /// written back through the ordinary upsert. That backfills the new attributes and the key attributes of GSIs the
    /// new indexes use (created beforehand by <see cref="DynamoTable.EnsureAsync"/> through UpdateTable), and drops
    /// removed attributes (a put replaces the whole item). Rewriting twice gives the same item, so a re-run is safe.
    /// </summary>
    private async Task ApplyMigrationAsync(ImmutableArray<MigrationVersion> pending, CancellationToken cancellationToken)
    {
        if (pending.IsEmpty) return;
        var defaults = MigrationDefaults.For(Schema, pending);
        var renames = SchemaMigrator.Steps(pending).Where(s => s.Kind == MigrationStepKind.RenameField && s.NewName is not null).ToList();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new ScanRequest
            {
                TableName = _context.TableName,
                ConsistentRead = true,
                FilterExpression = "begins_with(#pk, :entity) AND #sk = :item",
                ExpressionAttributeNames = new() { ["#pk"] = DynamoLayout.PartitionKeyAttribute, ["#sk"] = DynamoLayout.SortKeyAttribute },
                ExpressionAttributeValues = new()
                {
                    [":entity"] = new() { S = SortKeyEncoding.Encode(DynamoLayout.Of<TEntity>().EntityTag) },
                    [":item"] = new() { S = DynamoLayout.ItemSortKey },
                },
                ExclusiveStartKey = start,
            };
            var page = await _context.CallAsync("Migrate", request, static (c, r, ct) => c.ScanAsync(r, ct), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                foreach (var rename in renames)
                {
                    if (item.Remove(rename.Name, out var value)) item[rename.NewName!] = value;
                }
                var reader = defaults.Over(new DynamoItemReader(item, Schema));
                await UpsertAsync(TEntity.Read(ref reader), cancellationToken).ConfigureAwait(false);
            }
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }
}
