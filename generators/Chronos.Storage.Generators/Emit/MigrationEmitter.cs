using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits the entity's migration plan into <c>IStorageEntity&lt;T&gt;.Migrations</c>: per version above 1, the spec's
/// steps as plain data (names, kinds, defaults as JSON, current ordinals) and the same steps as DDL for each SQL
/// dialect (keyed by its name), built by <see cref="BuildDdl"/> (one builder; each <see cref="SqlDialectRules"/> holds what differs).
/// </summary>
internal static class MigrationEmitter
{
    // The migration history is data of the entity contract, so it lives with the schema types.
    private const string Migrations = "global::Chronos.Storage.Schema";
    private const string Immutable = "global::System.Collections.Immutable.ImmutableArray";

    public static string Emit(EntityModel model)
    {
        var w = IndentedWriter.ForEntityFile(model);
        w.Open($"partial record {model.TypeName}");
        if (model.History.Length == 0)
        {
            w.Line($"static {Migrations}.MigrationPlan global::Chronos.Storage.Schema.IStorageEntity<{model.TypeName}>.Migrations => {Migrations}.MigrationPlan.None;");
            w.Close();
            return w.ToString();
        }
        w.Line($"private static readonly {Migrations}.MigrationPlan __chronosMigrations = new {Migrations}.MigrationPlan({Immutable}.Create(");
        for (var v = 0; v < model.History.Length; v++)
        {
            var version = model.History[v];
            w.Line($"    new {Migrations}.MigrationVersion(");
            w.Line($"        Version: {version.Version},");
            w.Line($"        Steps: {Array(version.Steps.Select(Step).ToList(), $"{Migrations}.MigrationStep", "            ")},");
            var ddl = SqlDialectRules.All.Select(dialect =>
                $"new {Migrations}.MigrationDdl({IndentedWriter.Literal(dialect.Name)}, " +
                $"{Array(BuildDdl(model, version, dialect).Select(IndentedWriter.Literal).ToList(), "string", "                ")})").ToList();
            w.Line($"        Ddl: {Array(ddl, $"{Migrations}.MigrationDdl", "            ")}){(v == model.History.Length - 1 ? "));" : ",")}");
        }
        w.Line();
        w.Line($"static {Migrations}.MigrationPlan global::Chronos.Storage.Schema.IStorageEntity<{model.TypeName}>.Migrations => __chronosMigrations;");
        w.Close();
        return w.ToString();
    }

    private static string Array(IReadOnlyList<string> items, string elementType, string indent) =>
        items.Count == 0
            ? $"{Immutable}<{elementType}>.Empty"
            : $"{Immutable}.Create(\n{string.Join(",\n", items.Select(i => indent + "    " + i))})";

    private static string Step(MigrationStepModel step) => step.Kind switch
    {
        MigrationStepKind.AddField =>
            $"{Migrations}.MigrationStep.AddField({IndentedWriter.Literal(step.Name)}, global::Chronos.Storage.Schema.FieldKind.{step.FieldKind}, " +
            $"{(step.IsNullable ? "true" : "false")}, {IndentedWriter.Literal(step.DefaultJson)}, {step.Ordinal})",
        MigrationStepKind.DropField => $"{Migrations}.MigrationStep.DropField({IndentedWriter.Literal(step.Name)})",
        MigrationStepKind.RenameField => $"{Migrations}.MigrationStep.RenameField({IndentedWriter.Literal(step.Name)}, {IndentedWriter.Literal(step.NewName ?? "")})",
        MigrationStepKind.AddIndex => $"{Migrations}.MigrationStep.AddIndex({IndentedWriter.Literal(step.Name)}, {step.IndexPosition})",
        _ => $"{Migrations}.MigrationStep.DropIndex({IndentedWriter.Literal(step.Name)})",
    };

    /// <summary>The DDL that moves a table from the previous version to <paramref name="version"/> in one dialect, in step order.</summary>
    internal static List<string> BuildDdl(EntityModel model, MigrationVersionModel version, SqlDialectRules dialect)
    {
        string Q(string name) => dialect.Quote(name);
        var table = Q(model.StorageName);
        var ddl = new List<string>();
        foreach (var step in version.Steps)
        {
            switch (step.Kind)
            {
                case MigrationStepKind.AddField:
                    var hasDefault = step.DefaultJson != "null";
                    ddl.Add($"ALTER TABLE {table} ADD COLUMN {(dialect.ChecksColumnExistence ? "IF NOT EXISTS " : "")}{Q(step.Name)} {dialect.ColumnType(step.FieldKind, step.Ordinal >= 0 && SqlEmitter.IsIndexed(model, step.Ordinal))}"
                        + (step.IsNullable ? "" : " NOT NULL")
                        + (hasDefault ? " DEFAULT " + dialect.Literal(step.FieldKind, step.DefaultJson) : ""));
                    break;
                case MigrationStepKind.DropField:
                    ddl.Add($"ALTER TABLE {table} DROP COLUMN {(dialect.ChecksColumnExistence ? "IF EXISTS " : "")}{Q(step.Name)}");
                    break;
                case MigrationStepKind.RenameField:
                    ddl.Add($"ALTER TABLE {table} RENAME COLUMN {Q(step.Name)} TO {Q(step.NewName ?? step.Name)}");
                    break;
                case MigrationStepKind.AddIndex:
                    // An index dropped again by a later version is never built: its fields may not exist any more.
                    if (step.IndexPosition < 0) break;
                    var added = model.Indexes[step.IndexPosition];
                    foreach (var ordinal in added.MatchOrdinals.Concat(added.Order.Select(sort => sort.Ordinal)).Distinct().Where(o => o != model.KeyOrdinal))
                    {
                        // (The key is always stored indexed.)
                        // A field stored unindexed may have a type its dialect cannot index: retype it first.
                        var field = model.Fields[ordinal];
                        var indexedType = dialect.ColumnType(field.Kind, indexed: true);
                        if (indexedType != dialect.ColumnType(field.Kind, indexed: false)
                            && dialect.RetypeForIndex(table, Q(field.StorageName), indexedType, field.IsNullable) is { } retype)
                        {
                            ddl.Add(retype);
                        }
                    }
                    ddl.Add(SqlEmitter.CreateIndex(model, added, dialect));
                    break;
                default:
                    // The spec names the index, not its uniqueness; its backend name is one of these two.
                    ddl.Add(dialect.DropIndex(table, Naming.IndexName(model.StorageName, step.Name, isUnique: false)));
                    ddl.Add(dialect.DropIndex(table, Naming.IndexName(model.StorageName, step.Name, isUnique: true)));
                    break;
            }
        }
        return ddl;
    }
}
