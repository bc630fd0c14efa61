using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// The generated statements of one entity in one dialect with each statement's parameter shape, computed once per
/// entity and dialect from the schema: what <see cref="SqlEntityStore{TEntity, TDialect}"/> prepares.
/// </summary>
public sealed class SqlEntityPlan
{
    /// <summary>Builds the plan of <paramref name="schema"/> for <paramref name="statements"/>.</summary>
    public SqlEntityPlan(EntitySchema schema, SqlStatements statements)
    {
        Schema = schema;
        Statements = statements;
        Record = SqlParameterShape.Record(schema, statements.FieldParameters);
        Key = SqlParameterShape.Of(statements.FieldParameters[schema.KeyOrdinal], FieldKind.String);
        var indexes = ImmutableArray.CreateBuilder<IndexPlan>(schema.Indexes.Length);
        for (var i = 0; i < schema.Indexes.Length; i++)
        {
            var index = schema.Indexes[i];
            var sql = statements.Indexes[i];
            var match = new SqlParameterShape(sql.MatchParameters, [.. index.MatchOrdinals.Select(o => schema.Fields[o].Kind)]);
            var afterKind = index.Order.Length > 0 ? schema.Fields[index.Order[0].Ordinal].Kind : FieldKind.String;
            indexes.Add(new IndexPlan(
                sql,
                match,
                match.Then(("@limit", FieldKind.Int64), ("@offset", FieldKind.Int64)),
                match.Then(("@after", afterKind), ("@limit", FieldKind.Int64), ("@offset", FieldKind.Int64))));
        }
        Indexes = indexes.MoveToImmutable();
    }

    /// <summary>The entity's schema.</summary>
    public EntitySchema Schema { get; }

    /// <summary>The generated SQL.</summary>
    public SqlStatements Statements { get; }

    /// <summary>Every field in ordinal order (insert, upsert, update-if-version).</summary>
    public SqlParameterShape Record { get; }

    /// <summary>The key alone (select, delete by key).</summary>
    public SqlParameterShape Key { get; }

    /// <summary>Per declared index, in schema order.</summary>
    public ImmutableArray<IndexPlan> Indexes { get; }

    /// <summary>The statements and shapes of one index.</summary>
    /// <param name="Sql">The generated SQL.</param>
    /// <param name="Match">The match fields (delete-matching).</param>
    /// <param name="List">Match fields, then <c>@limit</c>, <c>@offset</c>.</param>
    /// <param name="ListAfter">Match fields, then <c>@after</c>, <c>@limit</c>, <c>@offset</c>.</param>
    public sealed record IndexPlan(SqlIndexStatements Sql, SqlParameterShape Match, SqlParameterShape List, SqlParameterShape ListAfter);
}
