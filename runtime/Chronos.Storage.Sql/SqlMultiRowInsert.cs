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
    /// The most characters of bound text (strings and JSON) one statement carries: MariaDB refuses a statement larger
    /// than its <c>max_allowed_packet</c> (16 MB by default), and a character is at most 3 bytes of UTF-8 (a 4-byte
    /// character is 2 UTF-16 chars), so 4 Mi characters stay under it with room for the rest of the row. A batch above
    /// it is split into several statements in the same transaction, still all or nothing.
    /// </summary>
    public const int MaxStatementChars = 4 * 1024 * 1024;

    /// <summary>
    /// Inserts <paramref name="records"/> in <paramref name="context"/>'s transaction, at most
    /// <see cref="RowsPerStatement"/> rows and (past the first row) <see cref="MaxStatementChars"/> per statement.
    /// <paramref name="onFailure"/> maps a statement's failure to the typed error to throw (given the statement's first
    /// index), or returns null to let the driver's error through.
    /// </summary>
    public static async ValueTask InsertAsync(
        SqlConnectionContext context, IReadOnlyList<TEntity> records, Func<Exception, int, Exception?> onFailure, CancellationToken cancellationToken)
    {
        for (var start = 0; start < records.Count;)
        {
            var rows = Math.Min(RowsPerStatement, records.Count - start);
            var command = Statements.Command<TDialect>(context, rows, out var owned);
            try
            {
                var fitting = Bind(command, records, start, rows);
                if (fitting < rows)
                {
                    // Rare (a batch of large records): a shorter statement for the rows that fit, bound again.
                    if (owned) await command.DisposeAsync().ConfigureAwait(false);
                    rows = fitting;
                    command = Statements.Command<TDialect>(context, rows, out owned);
                    Bind(command, records, start, rows);
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
            start += rows;
        }
    }

    /// <summary>Binds up to <paramref name="rows"/> records from <paramref name="start"/>; returns how many fit under <see cref="MaxStatementChars"/> (at least one).</summary>
    private static int Bind(System.Data.Common.DbCommand command, IReadOnlyList<TEntity> records, int start, int rows)
    {
        var parameters = command.Parameters;
        long chars = 0;
        for (var row = 0; row < rows; row++)
        {
            var writer = new SqlFieldWriter<TDialect>(parameters, row * FieldCount);
            TEntity.Write(records[start + row], ref writer);
            for (var f = row * FieldCount; f < (row + 1) * FieldCount; f++)
            {
                if (parameters[f].Value is string text) chars += text.Length;
            }
            if (chars > MaxStatementChars && row > 0) return row;
        }
        return rows;
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
