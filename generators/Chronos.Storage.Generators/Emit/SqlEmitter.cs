using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits the entity's SQL for every dialect into <c>IStorageEntity&lt;T&gt;.Sql</c>, a catalog keyed by dialect name. One
/// statement builder serves all dialects; each <see cref="SqlDialectRules"/> subclass holds what differs in its own. Parameters are <c>@storage_name</c> (Dapper's style).
/// </summary>
internal static class SqlEmitter
{
    // The catalog types are data of the backend-neutral entity contract, so they live in the core's Schema namespace;
    // the code that runs them is the Chronos.Storage.Sql package.
    private const string Catalog = "global::Chronos.Storage.Schema";
    private const string Immutable = "global::System.Collections.Immutable.ImmutableArray";

    public static string Emit(EntityModel model)
    {
        var w = IndentedWriter.ForEntityFile(model);
        w.Open($"partial record {model.TypeName}");
        w.Line($"private static readonly {Catalog}.SqlCatalog __chronosSql = new {Catalog}.SqlCatalog({Immutable}.Create(");
        for (var i = 0; i < SqlDialectRules.All.Count; i++)
        {
            w.Line($"    {MethodName(SqlDialectRules.All[i])}(){(i == SqlDialectRules.All.Count - 1 ? "));" : ",")}");
        }
        w.Line();
        w.Line($"static {Catalog}.SqlCatalog {Catalog}.IStorageEntity<{model.TypeName}>.Sql => __chronosSql;");
        foreach (var dialect in SqlDialectRules.All)
        {
            w.Line();
            EmitDialect(w, model, dialect);
        }
        w.Close();
        return w.ToString();
    }

    private static string MethodName(SqlDialectRules dialect) => "__chronosSql_" + dialect.Name;

    private static void Strings(IndentedWriter w, string name, IReadOnlyList<string> items)
    {
        w.Line($"{name} = {Immutable}.Create(");
        for (var i = 0; i < items.Count; i++)
        {
            w.Line($"    {IndentedWriter.Literal(items[i])}{(i == items.Count - 1 ? ")," : ",")}");
        }
    }

    private static void EmitDialect(IndentedWriter w, EntityModel model, SqlDialectRules dialect)
    {
        var statements = Build(model, dialect);
        w.Open($"private static {Catalog}.SqlStatements {MethodName(dialect)}() => new()");
        w.Line($"Dialect = {IndentedWriter.Literal(dialect.Name)},");
        w.Line($"Table = {IndentedWriter.Literal(model.StorageName)},");
        w.Line($"FieldParameters = {Immutable}.Create({string.Join(", ", model.Fields.Select(f => IndentedWriter.Literal("@" + f.StorageName)))}),");
        Strings(w, "SchemaTables", dialect.SchemaTables());
        w.Line($"SelectSchemaVersion = {IndentedWriter.Literal(dialect.SelectSchemaVersion())},");
        w.Line($"RecordSchemaVersion = {IndentedWriter.Literal(dialect.RecordSchemaVersion())},");
        Strings(w, "CreateSchema", statements.CreateSchema);
        w.Line($"SelectIndexedColumnsNotConforming = {(statements.SelectIndexedColumnsNotConforming is null ? "null" : IndentedWriter.Literal(statements.SelectIndexedColumnsNotConforming))},");
        w.Line($"Insert = {IndentedWriter.Literal(statements.Insert)},");
        w.Line($"InsertIfAbsent = {IndentedWriter.Literal(statements.InsertIfAbsent)},");
        w.Line($"Upsert = {IndentedWriter.Literal(statements.Upsert)},");
        w.Line($"SelectByKey = {IndentedWriter.Literal(statements.SelectByKey)},");
        w.Line($"DeleteByKey = {IndentedWriter.Literal(statements.DeleteByKey)},");
        w.Line($"UpdateIfVersion = {(statements.UpdateIfVersion is null ? "null" : IndentedWriter.Literal(statements.UpdateIfVersion))},");
        if (statements.Indexes.Count == 0)
        {
            w.Line($"Indexes = {Immutable}<{Catalog}.SqlIndexStatements>.Empty,");
        }
        else
        {
            w.Line($"Indexes = {Immutable}.Create(");
            for (var i = 0; i < statements.Indexes.Count; i++)
            {
                var index = statements.Indexes[i];
                w.Line($"    new {Catalog}.SqlIndexStatements");
                w.Line("    {");
                w.Line($"        IndexName = {IndentedWriter.Literal(index.Name)},");
                w.Line(index.MatchParameters.Count == 0
                    ? $"        MatchParameters = {Immutable}<string>.Empty,"
                    : $"        MatchParameters = {Immutable}.Create({string.Join(", ", index.MatchParameters.Select(IndentedWriter.Literal))}),");
                w.Line($"        List = {IndentedWriter.Literal(index.List)},");
                w.Line($"        ListAfter = {IndentedWriter.Literal(index.ListAfter)},");
                w.Line($"        DeleteMatching = {IndentedWriter.Literal(index.DeleteMatching)},");
                w.Line($"    }}{(i == statements.Indexes.Count - 1 ? ")," : ",")}");
            }
        }
        w.Close(";");
    }

    internal sealed class Statements
    {
        public List<string> CreateSchema { get; } = new();
        /// <summary>Reads the indexed columns the conform step in <see cref="CreateSchema"/> would retype; null when there is none.</summary>
        public string? SelectIndexedColumnsNotConforming { get; set; }
        public string Insert { get; set; } = "";
        public string InsertIfAbsent { get; set; } = "";
        public string Upsert { get; set; } = "";
        public string SelectByKey { get; set; } = "";
        public string DeleteByKey { get; set; } = "";
        public string? UpdateIfVersion { get; set; }
        public List<IndexStatements> Indexes { get; } = new();
    }

    internal sealed record IndexStatements(string Name, List<string> MatchParameters, string List, string ListAfter, string DeleteMatching);

    /// <summary>The idempotent DDL of one declared index (the same shape in every dialect; migrations use it too).</summary>
    internal static string CreateIndex(EntityModel model, IndexModel index, SqlDialectRules dialect)
    {
        string Q(string name) => dialect.Quote(name);
        var indexColumns = index.MatchOrdinals.Select(o => Q(model.Fields[o].StorageName))
            .Concat(index.Order.Select(s => Q(model.Fields[s.Ordinal].StorageName) + (s.Descending ? " DESC" : "")));
        return $"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {Q(Naming.IndexName(model, index))} ON {Q(model.StorageName)} ({string.Join(", ", indexColumns)})";
    }

    /// <summary>Whether field <paramref name="ordinal"/> is the key or part of any declared index.</summary>
    internal static bool IsIndexed(EntityModel model, int ordinal) =>
        ordinal == model.KeyOrdinal
        || model.Indexes.Any(index => index.MatchOrdinals.Contains(ordinal) || index.Order.Any(sort => sort.Ordinal == ordinal));

    /// <summary>Builds every statement of one entity in one dialect (used by the emitter and by tests).</summary>
    internal static Statements Build(EntityModel model, SqlDialectRules dialect)
    {
        string Q(string name) => dialect.Quote(name);
        string P(FieldModel f) => "@" + f.StorageName;
        var table = Q(model.StorageName);
        var key = model.Key;
        var columns = string.Join(", ", model.Fields.Select(f => Q(f.StorageName)));
        var result = new Statements();

        var definitions = model.Fields.Select(f =>
            $"{Q(f.StorageName)} {dialect.ColumnType(f.Kind, IsIndexed(model, f.Ordinal))}{(f.IsNullable ? "" : " NOT NULL")}{(f.Ordinal == model.KeyOrdinal ? " PRIMARY KEY" : "")}");
        result.CreateSchema.Add($"CREATE TABLE IF NOT EXISTS {table} ({string.Join(", ", definitions)})");
        // A table created before an indexed type changed (PostgreSQL's COLLATE "C") is brought to it on every migration.
        var retyped = model.Fields
            .Where(f => IsIndexed(model, f.Ordinal) && dialect.ColumnType(f.Kind, indexed: true) != dialect.ColumnType(f.Kind, indexed: false))
            .Select(f => f.StorageName).ToList();
        if (retyped.Count > 0 && dialect.ConformIndexedColumns(model.StorageName, retyped) is { } conform)
        {
            result.CreateSchema.Add(conform);
            result.SelectIndexedColumnsNotConforming = dialect.IndexedColumnsNotConforming(model.StorageName, retyped);
        }
        foreach (var index in model.Indexes)
        {
            result.CreateSchema.Add(CreateIndex(model, index, dialect));
        }

        result.Insert = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", model.Fields.Select(P))})";
        var parts = new SqlDialectRules.StatementParts(model, table, columns);
        var nonKey = parts.NonKey;
        result.InsertIfAbsent = dialect.InsertIfAbsent(result.Insert, parts);
        result.Upsert = dialect.Upsert(result.Insert, parts);
        result.SelectByKey = $"SELECT {columns} FROM {table} WHERE {Q(key.StorageName)} = {P(key)}";
        result.DeleteByKey = $"DELETE FROM {table} WHERE {Q(key.StorageName)} = {P(key)}";
        if (model.HasConcurrency)
        {
            var version = model.Fields[model.ConcurrencyOrdinal];
            var sets = nonKey.Where(f => f.Ordinal != version.Ordinal).Select(f => $"{Q(f.StorageName)} = {P(f)}")
                .Concat(new[] { $"{Q(version.StorageName)} = {P(version)} + 1" });
            result.UpdateIfVersion =
                $"UPDATE {table} SET {string.Join(", ", sets)} WHERE {Q(key.StorageName)} = {P(key)} AND {Q(version.StorageName)} = {P(version)}";
        }

        foreach (var index in model.Indexes)
        {
            var match = index.MatchOrdinals.Select(o => model.Fields[o]).ToList();
            var conditions = match.Select(f => $"{Q(f.StorageName)} = {P(f)}").ToList();
            var first = model.Fields[index.Order[0].Ordinal];
            var afterCondition = $"{Q(first.StorageName)} {(index.IsDescending ? "<" : ">")} @after";
            var order = string.Join(", ", index.Order.Select(s => Q(model.Fields[s.Ordinal].StorageName) + (s.Descending ? " DESC" : " ASC")));
            string Where(IEnumerable<string> c)
            {
                var all = c.ToList();
                return all.Count == 0 ? "" : " WHERE " + string.Join(" AND ", all);
            }
            var page = " LIMIT @limit OFFSET @offset";
            result.Indexes.Add(new IndexStatements(
                index.Name,
                match.Select(P).ToList(),
                $"SELECT {columns} FROM {table}{Where(conditions)} ORDER BY {order}{page}",
                $"SELECT {columns} FROM {table}{Where(conditions.Concat(new[] { afterCondition }))} ORDER BY {order}{page}",
                $"DELETE FROM {table}{Where(conditions)}"));
        }
        return result;
    }
}
