using System.Data.Common;

namespace Chronos.Storage.Sql;

/// <summary>
/// A statement whose text depends on how many rows it carries (a multi-row insert, an IN list), built once per row
/// count and kept, so that a command of the same size is found by the string's identity like every generated
/// statement. When <c>prepared</c>, commands of up to <see cref="PreparedRowsLimit"/> rows are prepared and cached on
/// the connection; larger ones, and every command of a statement that must be planned afresh each time, run unprepared
/// and are disposed after use, so that batches of every size up to the limit of 1,000 records do not leave a thousand
/// prepared statements per pooled connection on the server.
/// </summary>
internal sealed class SqlRowCountStatements
{
    /// <summary>
    /// The most parameters one statement may bind on every dialect here: SQLite's 32,766 host parameters (PostgreSQL's
    /// and MySQL's protocols allow 65,535). Callers split larger writes into several statements.
    /// </summary>
    public const int MaxParameters = 32766;

    /// <summary>The largest row count whose command is prepared and kept on the connection.</summary>
    public const int PreparedRowsLimit = 128;

    private readonly Func<int, string> _text;
    private readonly Func<int, SqlParameterShape> _shape;
    private readonly bool _prepared;
    private readonly string?[] _texts;
    private readonly SqlParameterShape?[] _shapes;

    /// <param name="maxRows">The largest row count asked for.</param>
    /// <param name="text">The statement for a row count.</param>
    /// <param name="shape">Its parameters, in binding order.</param>
    /// <param name="prepared">
    /// False for a query whose best plan changes as the table grows: PostgreSQL caches a prepared statement's generic
    /// plan, and one made while a table is small (a sequential scan for an IN list of 100 ids) stays in use when it is
    /// large. Unprepared, it is planned with the current table size on every run.
    /// </param>
    public SqlRowCountStatements(int maxRows, Func<int, string> text, Func<int, SqlParameterShape> shape, bool prepared = true)
    {
        _prepared = prepared;
        _text = text;
        _shape = shape;
        _texts = new string?[maxRows + 1];
        _shapes = new SqlParameterShape?[maxRows + 1];
    }

    /// <summary>
    /// The command for <paramref name="rows"/> rows on <paramref name="context"/>'s connection and transaction.
    /// <paramref name="owned"/> is true when the caller must dispose it (unprepared, not cached).
    /// </summary>
    public DbCommand Command<TDialect>(SqlConnectionContext context, int rows, out bool owned) where TDialect : struct, ISqlDialectMapping
    {
        // A race builds the same text twice; either copy is a correct key (the loser's command is prepared once more).
        var text = _texts[rows] ??= _text(rows);
        var shape = _shapes[rows] ??= _shape(rows);
        owned = !_prepared || rows > PreparedRowsLimit;
        return owned ? context.UnpreparedCommand<TDialect>(text, shape) : context.Command<TDialect>(text, shape);
    }

    /// <summary>The parameter name at <paramref name="position"/>: positional names cannot clash with any storage name.</summary>
    public static string Parameter(int position) => "@p" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
