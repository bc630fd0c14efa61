using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits <c>IStorageEntity&lt;T&gt;.Mongo</c>: the collection, the BSON element name of every field (the key field is
/// <c>_id</c>, so MongoDB's primary index enforces the key) and one index model per declared index: match elements
/// ascending, then the declared sort keys in their directions.
/// </summary>
internal static class MongoEmitter
{
    private const string Mongo = "global::Chronos.Storage.Mongo";
    private const string Immutable = "global::System.Collections.Immutable.ImmutableArray";
    private const string IdElement = "_id";

    public static string Emit(EntityModel model)
    {
        var w = IndentedWriter.ForEntityFile(model);
        w.Open($"partial record {model.TypeName}");
        w.Line($"private static readonly {Mongo}.MongoLayout __chronosMongo = new {Mongo}.MongoLayout(");
        w.Line($"    Collection: {IndentedWriter.Literal(model.StorageName)},");
        w.Line($"    ElementNames: {Immutable}.Create({string.Join(", ", model.Fields.Select(f => IndentedWriter.Literal(ElementName(model, f.Ordinal))))}),");
        if (model.Indexes.Length == 0)
        {
            w.Line($"    Indexes: {Immutable}<{Mongo}.MongoIndexLayout>.Empty);");
        }
        else
        {
            w.Line($"    Indexes: {Immutable}.Create(");
            for (var i = 0; i < model.Indexes.Length; i++)
            {
                var index = model.Indexes[i];
                var keys = index.MatchOrdinals.Select(o => Key(model, o, descending: false))
                    .Concat(index.Order.Select(s => Key(model, s.Ordinal, s.Descending)));
                w.Line($"        new {Mongo}.MongoIndexLayout({IndentedWriter.Literal(index.Name)}, {IndentedWriter.Literal(Naming.IndexName(model, index))},");
                w.Line($"            {Immutable}.Create({string.Join(", ", keys)}),");
                w.Line($"            IsUnique: {(index.IsUnique ? "true" : "false")}){(i == model.Indexes.Length - 1 ? "));" : ",")}");
            }
        }
        w.Line();
        w.Line($"static {Mongo}.MongoLayout global::Chronos.Storage.Schema.IStorageEntity<{model.TypeName}>.Mongo => __chronosMongo;");
        w.Close();
        return w.ToString();
    }

    private static string ElementName(EntityModel model, int ordinal) =>
        ordinal == model.KeyOrdinal ? IdElement : model.Fields[ordinal].StorageName;

    private static string Key(EntityModel model, int ordinal, bool descending) =>
        $"new {Mongo}.MongoIndexKey({IndentedWriter.Literal(ElementName(model, ordinal))}, {(descending ? "true" : "false")})";
}
