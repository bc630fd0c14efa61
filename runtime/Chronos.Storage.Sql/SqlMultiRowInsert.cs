using System.Text;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// Inserts many records of one entity with one statement per <see cref="RowsPerStatement"/> rows, the same text on
/// every SQL dialect: <c>INSERT INTO "table" ("a", "b") VALUES (@p0, @p1), (@p2, @p3)</c> (the dialects all quote with
/// double quotes; MariaDB runs with ANSI_QUOTES), so a batch costs one round trip instead of one per record. A plain
/// insert: a clash on the key or a unique index fails the statement, and the caller's transaction is rolled back.
/// </summary>
/// <typeparam name="TEntity">The record.</typeparam>
/// <typeparam name="TDialect">The backend's parameters and conversions.</typeparam>
internal static class SqlMultiRowInsert<TEntity, TDialect>
    where TEntity : class, IStorageEntity<TEntity>
    where TDialect : struct, ISqlDialectMapping
{
    private static readonly EntitySchema Schema = TEntity.Schema;
    private static readonly int FieldCount = Schema.Fields.Length;

    /// <summary>The most rows one statement carries: every field is a parameter, under the smallest dialect limit.</summary>
    public static readonly int RowsPerStatement = Math.Min(StorageLimits.MaxBatchRecords, SqlRowCountStatements.MaxParameters / FieldCount);

    private static readonly SqlRowCountStatements Statements = new(RowsPerStatement, Text, Shape);

    /// <summary>
    /// Inserts <paramref name="records"/> in <paramref name="context"/>'s transaction, <see cref="RowsPerStatement"/>
    /// at a time. <paramref name="onFailure"/> maps a statement's failure to the typed error to throw (given the
    /// chunk's first index), or returns null to let the driver's error through.
    /// </summary>
    public static async ValueTask InsertAsync(
        SqlConnectionContext context, IReadOnlyList<TEntity> records, Func<Exception, int, Exception?> onFailure, CancellationToken cancellationToken)
    {
        for (var start = 0; start < records.Count; start += RowsPerStatement)
        {
            var rows = Math.Min(RowsPerStatement, records.Count - start);
            var command = Statements.Command<TDialect>(context, rows, out var owned);
            try
            {
                for (var row = 0; row < rows; row++)
                {
                    var writer = new SqlFieldWriter<TDialect>(command.Parameters, row * FieldCount);
                    TEntity.Write(records[start + row], ref writer);
                }
                await SqlCommands.ExecuteNonQueryAsync<TDialect>(command, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (onFailure(ex, start) is { } mapped)
            {
                throw mapped;
            }
            finally
            {
                if (owned) await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Text(int rows)
    {
        var sql = new StringBuilder("INSERT INTO \"").Append(Schema.StorageName).Append("\" (");
        for (var f = 0; f < FieldCount; f++) sql.Append(f == 0 ? "\"" : ", \"").Append(Schema.Fields[f].StorageName).Append('"');
        sql.Append(") VALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var f = 0; f < FieldCount; f++) sql.Append(f == 0 ? "" : ", ").Append(SqlRowCountStatements.Parameter(row * FieldCount + f));
            sql.Append(')');
        }
        return sql.ToString();
    }

    private static SqlParameterShape Shape(int rows) =>
        new([.. Enumerable.Range(0, rows * FieldCount).Select(SqlRowCountStatements.Parameter)],
            [.. Enumerable.Range(0, rows * FieldCount).Select(p => Schema.Fields[p % FieldCount].Kind)]);
}
