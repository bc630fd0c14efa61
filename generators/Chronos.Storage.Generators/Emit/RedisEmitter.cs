using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits the entity's Redis key design into <c>IStorageEntity&lt;T&gt;.Redis</c>: the hash-tag (partition) field,
/// record/locator/index key prefixes and, per declared index, the lexicographic sorted-set member layout.
/// The partition is the first match field of the first declared index, so that index and the records share a
/// Redis Cluster slot; the spec author chooses it by the order of the indexes.
/// </summary>
internal static class RedisEmitter
{
    private const string Redis = "global::Chronos.Storage.Redis";
    private const string Immutable = "global::System.Collections.Immutable.ImmutableArray";

    public static string Emit(EntityModel model)
    {
        var layout = Build(model);
        var w = IndentedWriter.ForEntityFile(model);
        w.Open($"partial record {model.TypeName}");
        w.Line($"private static readonly {Redis}.RedisLayout __chronosRedis = new {Redis}.RedisLayout(");
        w.Line($"    StorageName: {IndentedWriter.Literal(model.StorageName)},");
        w.Line($"    PartitionOrdinal: {layout.PartitionOrdinal},");
        w.Line($"    RecordKeyPrefix: {IndentedWriter.Literal(layout.RecordKeyPrefix)},");
        w.Line($"    LocatorKeyPrefix: {IndentedWriter.Literal(layout.LocatorKeyPrefix)},");
        w.Line($"    HashFields: {Immutable}.Create({string.Join(", ", model.Fields.Select(f => IndentedWriter.Literal(f.StorageName)))}),");
        if (layout.Indexes.Count == 0)
        {
            w.Line($"    Indexes: {Immutable}<{Redis}.RedisIndexLayout>.Empty);");
        }
        else
        {
            w.Line($"    Indexes: {Immutable}.Create(");
            for (var i = 0; i < layout.Indexes.Count; i++)
            {
                var index = layout.Indexes[i];
                w.Line($"        new {Redis}.RedisIndexLayout(");
                w.Line($"            Name: {IndentedWriter.Literal(index.Name)},");
                w.Line($"            KeyPrefix: {IndentedWriter.Literal(index.KeyPrefix)},");
                w.Line($"            MatchOrdinals: {Ints(index.MatchOrdinals)},");
                w.Line($"            MemberOrdinals: {Ints(index.MemberOrdinals)},");
                w.Line($"            SortKeyCount: {index.SortKeyCount},");
                w.Line($"            IsDescending: {Bool(index.IsDescending)},");
                w.Line($"            IsUnique: {Bool(index.IsUnique)},");
                w.Line($"            IsPartitionLocal: {Bool(index.IsPartitionLocal)},");
                w.Line($"            EntryField: {IndentedWriter.Literal(index.EntryField)}){(i == layout.Indexes.Count - 1 ? "));" : ",")}");
            }
        }
        w.Line();
        w.Line($"static {Redis}.RedisLayout global::Chronos.Storage.Schema.IStorageEntity<{model.TypeName}>.Redis => __chronosRedis;");
        w.Close();
        return w.ToString();
    }

    private static string Ints(IReadOnlyList<int> values) =>
        values.Count == 0 ? $"{Immutable}<int>.Empty" : $"{Immutable}.Create({string.Join(", ", values)})";

    private static string Bool(bool value) => value ? "true" : "false";

    internal sealed record Layout(int PartitionOrdinal, string RecordKeyPrefix, string LocatorKeyPrefix, List<IndexLayout> Indexes);

    internal sealed record IndexLayout(
        string Name, string KeyPrefix, List<int> MatchOrdinals, List<int> MemberOrdinals, int SortKeyCount,
        bool IsDescending, bool IsUnique, bool IsPartitionLocal, string EntryField);

    /// <summary>The key design of one entity (used by the emitter and by tests).</summary>
    internal static Layout Build(EntityModel model)
    {
        var partition = model.Indexes.Length > 0 && model.Indexes[0].MatchOrdinals.Length > 0
            ? model.Indexes[0].MatchOrdinals[0]
            : model.KeyOrdinal;
        var indexes = new List<IndexLayout>();
        foreach (var index in model.Indexes)
        {
            var members = index.Order.Select(s => s.Ordinal).ToList();
            if (!members.Contains(model.KeyOrdinal)) members.Add(model.KeyOrdinal);
            indexes.Add(new IndexLayout(
                index.Name,
                $"{model.StorageName}:{index.Name}:",
                index.MatchOrdinals.ToList(),
                members,
                index.Order.Length,
                index.IsDescending,
                index.IsUnique,
                index.MatchOrdinals.Length > 0 && index.MatchOrdinals[0] == partition,
                "_ix:" + index.Name));
        }
        return new Layout(
            partition,
            model.StorageName + ":",
            partition == model.KeyOrdinal ? "" : model.StorageName + ":id:",
            indexes);
    }
}
