using System.Collections.Immutable;
using System.Data;
using System.Data.Common;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// <see cref="IEntityStore{TEntity}"/> for every SQL backend, written once: runs <c>TEntity.Sql.For(dialect)</c> on
/// commands prepared once per connection, binds parameters through <see cref="SqlFieldWriter{TDialect}"/> (parameter
/// i = field i) and reads rows through <see cref="SqlFieldReader{TDialect}"/> (column i = field i). Only value
/// conversions and error mapping come from <typeparamref name="TDialect"/>.
/// </summary>
/// <typeparam name="TEntity">The record.</typeparam>
/// <typeparam name="TDialect">The backend's conversions and error mapping.</typeparam>
public sealed class SqlEntityStore<TEntity, TDialect> : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
    where TDialect : struct, ISqlDialectMapping
{
    private static readonly SqlEntityPlan Plan = new(TEntity.Schema, TEntity.Sql.For(TDialect.DialectName));
    private static readonly string InsertOperation = TEntity.Schema.EntityName + ".Insert";
    private static readonly string UpsertOperation = TEntity.Schema.EntityName + ".Upsert";
    private static readonly string UpdateOperation = TEntity.Schema.EntityName + ".Update";
    private static readonly string GetOperation = TEntity.Schema.EntityName + ".Get";
    private static readonly string DeleteOperation = TEntity.Schema.EntityName + ".Delete";
    private static readonly string ListOperation = TEntity.Schema.EntityName + ".List";
    private static readonly string DeleteMatchingOperation = TEntity.Schema.EntityName + ".DeleteMatching";
    private static readonly string EnsureSchemaOperation = TEntity.Schema.EntityName + ".EnsureSchema";

    private readonly SqlConnectionSource<TDialect> _source;

    /// <summary>Creates the store over <paramref name="source"/>.</summary>
    public SqlEntityStore(SqlConnectionSource<TDialect> source) => _source = source;

    private static EntitySchema Schema => Plan.Schema;

    /// <summary>This entity's generated statements in <typeparamref name="TDialect"/>'s dialect.</summary>
    internal SqlStatements Statements => Plan.Statements;

    /// <inheritdoc />
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        _source.WriteTransactionAsync(new SqlErrorContext(Schema, null, EnsureSchemaOperation), this,
            static async (context, store, ct) =>
            {
                await SqlSchemaVersions.PrepareAsync<TDialect>(context, Plan.Statements, ct).ConfigureAwait(false);
                try
                {
                    await store.MigrateAsync(context, ct).ConfigureAwait(false);
                }
                finally
                {
                    await SqlSchemaVersions.ReleaseAsync<TDialect>(context).ConfigureAwait(false);
                }
                return true;
            }, cancellationToken).AsTask();

    /// <inheritdoc />
    public async Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var error = new SqlErrorContext(Schema, TEntity.GetKey(entity), InsertOperation);
        var context = await _source.RentAsync(SqlAccess.Write, error, cancellationToken).ConfigureAwait(false);
        try
        {
            await InsertAsync(context, entity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_source.Translate(context, ex, error) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _source.Return(SqlAccess.Write, context);
        }
    }

    /// <inheritdoc />
    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        WriteRecordAsync(Plan.Statements.Upsert, entity, UpsertOperation, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var sql = Plan.Statements.UpdateIfVersion
            ?? throw new InvalidOperationException($"{Schema.EntityName} has no concurrency field; use UpsertAsync.");
        return await WriteRecordAsync(sql, entity, UpdateOperation, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        ReadByKeyAsync(null, key, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var error = new SqlErrorContext(Schema, key, DeleteOperation);
        var context = await _source.RentAsync(SqlAccess.Write, error, cancellationToken).ConfigureAwait(false);
        try
        {
            return await DeleteAsync(context, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_source.Translate(context, ex, error) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _source.Return(SqlAccess.Write, context);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ListAsync(IndexOf(query.Index, query.Match), query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default)
    {
        var plan = IndexOf(index, match);
        var error = new SqlErrorContext(Schema, null, DeleteMatchingOperation);
        var context = await _source.RentAsync(SqlAccess.Write, error, cancellationToken).ConfigureAwait(false);
        try
        {
            return await DeleteMatchingAsync(context, plan, match, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_source.Translate(context, ex, error) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _source.Return(SqlAccess.Write, context);
        }
    }

    // ---- The same operations on a connection the caller holds (inside its transaction). ----

    internal ValueTask<int> InsertAsync(SqlConnectionContext context, TEntity entity, CancellationToken cancellationToken) =>
        ExecuteRecordAsync(context, Plan.Statements.Insert, entity, cancellationToken);

    /// <summary>Inserts unless the key exists.</summary>
    /// <returns>1 when inserted, 0 when the key was already there.</returns>
    internal ValueTask<int> InsertIfAbsentAsync(SqlConnectionContext context, TEntity entity, CancellationToken cancellationToken) =>
        ExecuteRecordAsync(context, Plan.Statements.InsertIfAbsent, entity, cancellationToken);

    internal Task<TEntity?> GetAsync(SqlConnectionContext context, string key, CancellationToken cancellationToken) =>
        ReadByKeyAsync(context, key, cancellationToken);

    internal ValueTask<int> UpsertAsync(SqlConnectionContext context, TEntity entity, CancellationToken cancellationToken) =>
        ExecuteRecordAsync(context, Plan.Statements.Upsert, entity, cancellationToken);

    /// <returns>True when the stored version was the entity's and the row was updated.</returns>
    internal async ValueTask<bool> TryUpdateAsync(SqlConnectionContext context, TEntity entity, CancellationToken cancellationToken) =>
        await ExecuteRecordAsync(context, Plan.Statements.UpdateIfVersion
            ?? throw new InvalidOperationException($"{Schema.EntityName} has no concurrency field; use UpsertAsync."), entity, cancellationToken).ConfigureAwait(false) == 1;

    internal async ValueTask<bool> DeleteAsync(SqlConnectionContext context, string key, CancellationToken cancellationToken)
    {
        var command = context.Command<TDialect>(Plan.Statements.DeleteByKey, Plan.Key);
        command.Parameters[0].Value = key;
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false) > 0;
    }

    internal ValueTask<long> DeleteMatchingAsync(SqlConnectionContext context, string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken) =>
        DeleteMatchingAsync(context, IndexOf(index, match), match, cancellationToken);

    internal async ValueTask MigrateAsync(SqlConnectionContext context, CancellationToken cancellationToken)
    {
        var stored = await SqlSchemaVersions.ReadAsync<TDialect>(context, Plan.Statements, Schema.StorageName, cancellationToken).ConfigureAwait(false);
        // The steps run in the caller's migration transaction together with the version record: a crash part-way
        // rolls all of them back where DDL is transactional (SQLite, PostgreSQL), so the next run starts from the same
        // version; where DDL commits implicitly (MariaDB) every generated step is idempotent (IF [NOT] EXISTS) and the
        // version is recorded last, so a re-run after a crash finishes the job.
        foreach (var version in SchemaMigrator.Pending<TEntity>(stored, TDialect.BackendName, $"table '{Schema.StorageName}'"))
        {
            foreach (var ddl in version.DdlFor(TDialect.DialectName))
            {
                await SqlCommands.ExecuteOnceAsync<TDialect>(context, ddl, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var ddl in Plan.Statements.CreateSchema)
        {
            await SqlCommands.ExecuteOnceAsync<TDialect>(context, ddl, cancellationToken).ConfigureAwait(false);
        }
        if (stored != Schema.Version)
        {
            await SqlSchemaVersions.RecordAsync<TDialect>(context, Plan.Statements, Schema, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- Helpers ----

    private async Task<int> WriteRecordAsync(string sql, TEntity entity, string operation, CancellationToken cancellationToken)
    {
        var error = new SqlErrorContext(Schema, TEntity.GetKey(entity), operation);
        var context = await _source.RentAsync(SqlAccess.Write, error, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExecuteRecordAsync(context, sql, entity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_source.Translate(context, ex, error) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _source.Return(SqlAccess.Write, context);
        }
    }

    private static ValueTask<int> ExecuteRecordAsync(SqlConnectionContext context, string sql, TEntity entity, CancellationToken cancellationToken)
    {
        var command = context.Command<TDialect>(sql, Plan.Record);
        var writer = new SqlFieldWriter<TDialect>(command.Parameters);
        TEntity.Write(entity, ref writer);
        return ExecuteNonQueryAsync(command, cancellationToken);
    }

    // ---- Reads: one async method each, from renting the connection to giving it back ----
    // On PostgreSQL every await below can suspend, and every async method that suspends allocates its state machine
    // (pooled ones too, whenever the call starts on one thread and finishes on another, as under a server's thread
    // pool). Hand-written Npgsql has one such method per read; so does the store: no nested async helpers here.

    /// <summary>Reads the record with <paramref name="key"/> on a pooled connection, or on <paramref name="joined"/> (the caller's transaction).</summary>
    private async Task<TEntity?> ReadByKeyAsync(SqlConnectionContext? joined, string key, CancellationToken cancellationToken)
    {
        // The error context is built where it is needed, not held: every local that lives across an await is a field
        // of the state machine, and its size is the allocation.
        var context = joined ?? await _source.RentAsync(SqlAccess.Read, new SqlErrorContext(Schema, key, GetOperation), cancellationToken).ConfigureAwait(false);
        try
        {
            var command = context.Command<TDialect>(Plan.Statements.SelectByKey, Plan.Key);
            command.Parameters[0].Value = key;
            if (TDialect.SynchronousIo)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var syncReader = command.ExecuteReader(CommandBehavior.SingleRow);
                return syncReader.Read() ? ReadRow(syncReader) : null;
            }
            var executing = TDialect.ExecuteReaderAsync(command, CommandBehavior.SingleRow, cancellationToken);
            await executing.ConfigureAwait(false);
            await using var reader = TDialect.ExecutedReader(executing);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader) : null;
        }
        catch (Exception ex) when (joined is null && _source.Translate(context, ex, new SqlErrorContext(Schema, key, GetOperation)) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            if (joined is null) _source.Return(SqlAccess.Read, context);
        }
    }

    /// <summary>Rows read synchronously between two looks at the token (a power of two).</summary>
    private const int CancellationCheckRows = 256;

    private async Task<IReadOnlyList<TEntity>> ListAsync(SqlEntityPlan.IndexPlan index, IndexQuery query, CancellationToken cancellationToken)
    {
        var context = await _source.RentAsync(SqlAccess.Read, new SqlErrorContext(Schema, null, ListOperation), cancellationToken).ConfigureAwait(false);
        try
        {
            var after = query.After;
            var command = after is null
                ? context.Command<TDialect>(index.Sql.List, index.List)
                : context.Command<TDialect>(index.Sql.ListAfter, index.ListAfter);
            var writer = new SqlFieldWriter<TDialect>(command.Parameters);
            var position = BindMatch(ref writer, query.Match);
            if (after is { } afterValue) writer.WriteIndexValue(position++, afterValue);
            // No limit is "all rows": the largest LIMIT both dialects accept.
            writer.WriteInt64(position++, query.Limit ?? long.MaxValue);
            writer.WriteInt64(position, query.Offset);

            var rows = new List<TEntity>(query.Limit is { } limit and <= 64 ? limit : 16);
            if (TDialect.SynchronousIo)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var syncReader = command.ExecuteReader();
                while (syncReader.Read())
                {
                    rows.Add(ReadRow(syncReader));
                    // The synchronous reader never looks at the token: look every CancellationCheckRows rows, so a long
                    // list stops soon after cancellation at the cost of one bit test per row.
                    if ((rows.Count & (CancellationCheckRows - 1)) == 0) cancellationToken.ThrowIfCancellationRequested();
                }
                return rows;
            }
            var executing = TDialect.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken);
            await executing.ConfigureAwait(false);
            await using var reader = TDialect.ExecutedReader(executing);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(ReadRow(reader));
            return rows;
        }
        catch (Exception ex) when (_source.Translate(context, ex, new SqlErrorContext(Schema, null, ListOperation)) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _source.Return(SqlAccess.Read, context);
        }
    }

    private static async ValueTask<long> DeleteMatchingAsync(SqlConnectionContext context, SqlEntityPlan.IndexPlan index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken)
    {
        var command = context.Command<TDialect>(index.Sql.DeleteMatching, index.Match);
        var writer = new SqlFieldWriter<TDialect>(command.Parameters);
        BindMatch(ref writer, match);
        return await ExecuteNonQueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static int BindMatch(ref SqlFieldWriter<TDialect> writer, ImmutableArray<IndexValue> match)
    {
        for (var i = 0; i < match.Length; i++) writer.WriteIndexValue(i, match[i]);
        return match.Length;
    }

    private static readonly bool[] NullableFields = [.. TEntity.Schema.Fields.Select(f => f.IsNullable)];

    private static TEntity ReadRow(DbDataReader reader)
    {
        return StoredRecord.Read<TEntity, SqlFieldReader<TDialect>>(new SqlFieldReader<TDialect>(reader, NullableFields), TDialect.BackendName);
    }

    private static SqlEntityPlan.IndexPlan IndexOf(string name, ImmutableArray<IndexValue> match)
    {
        var indexes = Schema.Indexes;
        for (var i = 0; i < indexes.Length; i++)
        {
            if (indexes[i].Name != name) continue;
            if (match.IsDefault || match.Length != indexes[i].MatchOrdinals.Length)
            {
                throw new StorageArgumentException("match", Schema.EntityName, null,
                    $"index '{name}' matches {indexes[i].MatchOrdinals.Length} field(s); got {(match.IsDefault ? 0 : match.Length)} value(s).");
            }
            return Plan.Indexes[i];
        }
        throw new StorageArgumentException("index", Schema.EntityName, null, $"no index named '{name}' is declared in the schema spec.");
    }

    private static ValueTask<int> ExecuteNonQueryAsync(DbCommand command, CancellationToken cancellationToken) =>
        SqlCommands.ExecuteNonQueryAsync<TDialect>(command, cancellationToken);
}
