using System.Collections.Immutable;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

internal sealed partial class RedisEntityStore<TEntity>
{
    /// <summary>
    /// Brings the entity's records to the code's schema version and records it; refuses a store written by newer code.
    /// Runs under a per-entity migration lock so two processes never rewrite records at once.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var operation = "migrate " + Schema.EntityName;
            await using (await RedisMigrationLock.AcquireAsync(_context, Schema.StorageName, cancellationToken).ConfigureAwait(false))
            {
                var recorded = await RecordedVersionAsync(operation, cancellationToken).ConfigureAwait(false);
                var pending = SchemaMigrator.Pending<TEntity>(recorded, RedisContext.Backend, $"'{Keys.SchemaKey}'");
                // First: the version steps rewrite records through the current layout, so they must find them there.
                await RelocateToClusterLayoutAsync(cancellationToken).ConfigureAwait(false);
                await ApplyMigrationAsync(pending, cancellationToken).ConfigureAwait(false);
                var stored = (long)(await RedisContext.Run(
                    Db.ScriptEvaluateAsync(RedisScripts.Migrate, [Keys.SchemaKey], [Schema.StorageName, Schema.Version, Schema.SpecHash]),
                    operation, cancellationToken).ConfigureAwait(false));
                // Newer code may have recorded its version between our read and this write: refuse it all the same.
                SchemaMigrator.Pending<TEntity>(stored == 0 ? null : stored, RedisContext.Backend, $"'{Keys.SchemaKey}'");
            }
        }
        catch (Exception e) when (RedisContext.Map(e, "migrate " + Schema.EntityName) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <summary>
    /// The entity's version in the <c>_schema</c> hash (one HGET, no lock, no write), or null when none is recorded
    /// (never migrated).
    /// </summary>
    public async Task<long?> RecordedVersionAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            var recorded = await RedisContext.Run(Db.HashGetAsync(Keys.SchemaKey, Schema.StorageName), operation, cancellationToken).ConfigureAwait(false);
            return recorded.IsNull ? null : (long)recorded;
        }
        catch (Exception e) when (RedisContext.Map(e, operation) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection).
            throw mapped;
        }
    }

    /// <summary>
    /// Applies pending migration steps by rewriting every record of the entity: each hash is read (renamed fields
    /// under their new names, added fields as their spec default) and written back through the ordinary upsert, which
    /// rebuilds the hash and every current index entry (so a new index is filled). Entries of dropped indexes are
    /// removed. Rewriting a record twice gives the same record, so re-running after a crash part-way is safe.
    /// </summary>
    internal async Task ApplyMigrationAsync(ImmutableArray<MigrationVersion> pending, CancellationToken cancellationToken)
    {
        if (pending.IsEmpty) return;
        var defaults = MigrationDefaults.For(Schema, pending);
        var steps = SchemaMigrator.Steps(pending).ToList();
        var renames = steps.Where(s => s.Kind == MigrationStepKind.RenameField && s.NewName is not null).ToList();
        var droppedEntries = steps.Where(s => s.Kind == MigrationStepKind.DropIndex).Select(s => (RedisValue)(RedisLayout.IndexEntryFieldPrefix + s.Name)).ToList();
        var operation = "migrate " + Schema.EntityName;
        var pattern = GlobEscape(Keys.Prefix + Layout.RecordKeyPrefix) + "{*";
        // Every primary: on a cluster the records of one entity live in many slots, and SCAN sees only the node it is
        // sent to. IServer.KeysAsync walks each node with SCAN (not KEYS), in slices, without blocking the server.
        try
        {
            foreach (var server in Db.Multiplexer.GetServers().Where(s => !s.IsReplica))
            {
                await foreach (var key in server.KeysAsync(Db.Database, pattern, 256).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    await RewriteAsync(key).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (RedisContext.Map(e, operation) is { } mapped)
        {
            throw mapped;
        }

        async Task RewriteAsync(RedisKey key)
        {
            var entries = await RedisContext.Run(Db.HashGetAllAsync(key), operation, cancellationToken).ConfigureAwait(false);
            if (entries.Length == 0) return;
            foreach (var entry in entries.Where(e => droppedEntries.Contains(e.Name)))
            {
                var (indexKey, member) = ParseEntry(entry.Value!);
                await RedisContext.Run(Db.SortedSetRemoveAsync(indexKey, member), operation, cancellationToken).ConfigureAwait(false);
            }
            var values = RedisRecordReader.ByOrdinal(Renamed(entries, renames), FieldNames, Schema.Fields.Length);
            var id = values[Schema.KeyOrdinal].IsNull ? key.ToString() : (string)values[Schema.KeyOrdinal]!;
            var reader = defaults.Over(new RedisRecordReader(values, Schema, id));
            await UpsertAsync(TEntity.Read(ref reader), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hash entries with each renamed field under its new name, in step order (a chain of renames follows through).</summary>
    private static HashEntry[] Renamed(HashEntry[] entries, List<MigrationStep> renames)
    {
        if (renames.Count == 0) return entries;
        var renamed = new HashEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var name = (string)entries[i].Name!;
            foreach (var rename in renames)
            {
                if (name == rename.Name) name = rename.NewName!;
            }
            renamed[i] = new HashEntry(name, entries[i].Value);
        }
        return renamed;
    }

    private static string GlobEscape(string text) =>
        text.Replace("\\", "\\\\").Replace("*", "\\*").Replace("?", "\\?").Replace("[", "\\[").Replace("]", "\\]");
}
