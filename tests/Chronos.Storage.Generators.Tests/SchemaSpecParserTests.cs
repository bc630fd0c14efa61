using Chronos.Storage.Generators.Model;
using Chronos.Storage.Generators.Spec;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>The spec reader: the shapes it accepts, and the file:line:column of what it refuses.</summary>
public sealed class SchemaSpecParserTests
{
    [Fact]
    public void Reads_the_built_in_spec_completely()
    {
        var path = Path.Combine(GeneratorHarness.RepoRoot(), "runtime", "Chronos.Storage", "chronos.schema.yaml");
        var document = SchemaSpecParser.Parse(path, File.ReadAllText(path));

        Assert.Empty(document.Problems);
        Assert.Equal(["Session", "MemoryRecord", "AuditLog", "Trace", "Event", "Checkpoint"], document.Entities.Select(e => e.Name));
        var events = document.Entities.Single(e => e.Name == "Event");
        Assert.Equal("events", events.StorageName);
        var index = Assert.Single(events.Indexes);
        Assert.True(index.IsUnique);
        Assert.Equal(["session_id"], index.Match);
        Assert.Equal([new SpecSortKey("seq_num", false)], index.Order);
        var checkpoints = document.Entities.Single(e => e.Name == "Checkpoint").Indexes.Single();
        Assert.All(checkpoints.Order, key => Assert.True(key.Descending));
        var trace = document.Entities.Single(e => e.Name == "Trace");
        Assert.True(trace.Fields.Single(f => f.Name == "ended_at").IsNullable);
        Assert.Equal(StorageKind.DateTime, trace.Fields.Single(f => f.Name == "ended_at").Kind);
    }

    [Theory]
    [InlineData("entities:\n  - entity: A\n    storage: a\n    version: 1\n    key: id\n    fields:\n      - { name: id, property: Id, type: strin }\n", 7, "unknown type 'strin'")]
    [InlineData("entities:\n  - entity: A\n    storage: a\n    version: 1\n    key: id\n    fields:\n      - { name: id, property: Id, type: string }\n    indexs: []\n", 8, "unknown key 'indexs'")]
    [InlineData("entities:\n  - entity: A\n    storage: a\n    version: 1\n    key: ident\n    fields:\n      - { name: id, property: Id, type: string }\n", 5, "key 'ident' is not one of its fields")]
    [InlineData("entities:\n  - entity: A\n    storage: Bad-Name\n    version: 1\n    key: id\n    fields:\n      - { name: id, property: Id, type: string }\n", 3, "must be lower_snake_case")]
    [InlineData("entities:\n  - entity: A\n    storage: a\n    version: 1\n    key: id\n    fields:\n      - { name: id, property: Id, type: string }\n    indexes:\n      - { name: by_x, match: [x], order: [id] }\n", 9, "match field 'x' is not a field")]
    [InlineData("entities:\n  - entity: A\n    storage: a\n    version: 1\n    key: id\n    fields:\n      - { name: id, property: Id, type: string }\n      - { name: id, property: Other, type: string }\n", 8, "storage name 'id' is used twice")]
    [InlineData("entities:\n  - entity: A\n    fields: { name: id\n", 3, "invalid YAML")]
    public void Reports_problems_with_their_line(string yaml, int line, string message)
    {
        var document = SchemaSpecParser.Parse("/specs/app.schema.yaml", yaml);
        var problem = Assert.Single(document.Problems, p => p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(line, problem.Location.Line);
        Assert.Equal("/specs/app.schema.yaml", problem.Location.Path);
        Assert.True(problem.Location.Column > 0);
        Assert.All(document.Entities, e => Assert.False(e.IsValid));
    }

    [Fact]
    public void An_index_mixing_directions_is_refused()
    {
        const string yaml = "entities:\n  - entity: A\n    storage: a\n    version: 1\n    key: id\n    fields:\n      - { name: id, property: Id, type: string }\n      - { name: n, property: N, type: int64 }\n    indexes:\n      - { name: by_n, match: [], order: [n desc, id asc] }\n";
        var document = SchemaSpecParser.Parse("a.schema.yaml", yaml);
        Assert.Contains(document.Problems, p => p.Message.Contains("same direction", StringComparison.Ordinal) && p.Location.Line == 10);
    }

    [Fact]
    public void Comments_quotes_and_block_style_fields_are_read()
    {
        const string yaml = """
            # leading comment
            entities:
              - entity: Note   # trailing comment
                storage: "notes"
                version: 1
                key: id
                fields:
                  - name: id
                    property: Id
                    type: string
                  - name: body
                    property: Body
                    type: 'string?'
            """;
        var document = SchemaSpecParser.Parse("n.schema.yaml", yaml);
        Assert.Empty(document.Problems);
        var entity = Assert.Single(document.Entities);
        Assert.Equal("notes", entity.StorageName);
        Assert.True(entity.Fields[1].IsNullable);
        Assert.Equal(11, entity.Fields[1].Location.Line);
    }
}
