using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits the entity's DynamoDB single-table design into <c>IStorageEntity&lt;T&gt;.Dynamo</c>: one global secondary
/// index slot per declared index (the n-th index of every entity shares GSI n, told apart by the partition value),
/// the sort fields with the key appended as the final tie-breaker, the scan direction and the unique guards.
/// Key values themselves are encoded at run time by the one shared <c>SortKeyEncoding</c>.
/// </summary>
internal static class DynamoEmitter
{
    private const string Dynamo = "global::Chronos.Storage.Dynamo";
    private const string Immutable = "global::System.Collections.Immutable.ImmutableArray";

    /// <summary>The GSI serving an entity's n-th (0-based) index.</summary>
    internal static string GsiName(int slot) => "gsi" + (slot + 1);

    public static string Emit(EntityModel model)
    {
        var w = IndentedWriter.ForEntityFile(model);
        w.Open($"partial record {model.TypeName}");
        w.Line($"private static readonly {Dynamo}.DynamoLayout __chronosDynamo = new {Dynamo}.DynamoLayout(");
        w.Line($"    EntityTag: {IndentedWriter.Literal(model.StorageName)},");
        if (model.Indexes.Length == 0)
        {
            w.Line($"    Indexes: {Immutable}<{Dynamo}.DynamoIndexLayout>.Empty);");
        }
        else
        {
            w.Line($"    Indexes: {Immutable}.Create(");
            for (var slot = 0; slot < model.Indexes.Length; slot++)
            {
                var index = model.Indexes[slot];
                var gsi = GsiName(slot);
                var sort = SortOrdinals(model, index);
                w.Line($"        // {Describe(model, index, sort)}");
                w.Line($"        new {Dynamo}.DynamoIndexLayout(");
                w.Line($"            Name: {IndentedWriter.Literal(index.Name)},");
                w.Line($"            GsiName: {IndentedWriter.Literal(gsi)},");
                w.Line($"            PartitionAttribute: {IndentedWriter.Literal("_" + gsi + "pk")},");
                w.Line($"            SortAttribute: {IndentedWriter.Literal("_" + gsi + "sk")},");
                w.Line($"            MatchOrdinals: {Ordinals(index.MatchOrdinals)},");
                w.Line($"            SortOrdinals: {Ordinals(sort)},");
                w.Line($"            OrderLength: {index.Order.Length},");
                w.Line($"            ScanForward: {(index.IsDescending ? "false" : "true")},");
                w.Line($"            IsUnique: {(index.IsUnique ? "true" : "false")}){(slot == model.Indexes.Length - 1 ? "));" : ",")}");
            }
        }
        w.Line();
        w.Line($"static {Dynamo}.DynamoLayout global::Chronos.Storage.Schema.IStorageEntity<{model.TypeName}>.Dynamo => __chronosDynamo;");
        w.Close();
        return w.ToString();
    }

    /// <summary>The index's order, then the key unless the order already ends with it: equal order values never tie.</summary>
    internal static IReadOnlyList<int> SortOrdinals(EntityModel model, IndexModel index)
    {
        var ordinals = index.Order.Select(o => o.Ordinal).ToList();
        if (ordinals.Count == 0 || ordinals[ordinals.Count - 1] != model.KeyOrdinal) ordinals.Add(model.KeyOrdinal);
        return ordinals;
    }

    private static string Ordinals(IEnumerable<int> ordinals)
    {
        var list = ordinals.ToList();
        return list.Count == 0 ? $"{Immutable}<int>.Empty" : $"{Immutable}.Create({string.Join(", ", list)})";
    }

    /// <summary>A readable key format for the generated file, e.g. <c>by_agent: pk ⟨sessions, by_agent, agent_id⟩, sk ⟨created_at, id⟩ desc</c>.</summary>
    private static string Describe(EntityModel model, IndexModel index, IReadOnlyList<int> sort)
    {
        string Names(IEnumerable<int> ordinals) => string.Join(", ", ordinals.Select(o => model.Fields[o].StorageName));
        var match = index.MatchOrdinals.Length == 0 ? "" : ", " + Names(index.MatchOrdinals);
        return $"{index.Name}: pk <{model.StorageName}, {index.Name}{match}>, sk <{Names(sort)}> {(index.IsDescending ? "desc" : "asc")}" +
               (index.IsUnique ? $"; unique guard sk <{Names(index.Order.Select(o => o.Ordinal))}>" : "");
    }
}
