using Chronos.Storage.Generators.Spec;
using Xunit;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>The text edit behind the CHR2001 fix, on the spec layouts people write.</summary>
public sealed class SpecEditorTests
{
    [Fact]
    public void Block_style_fields_and_history_keep_comments_and_get_flow_lines_at_their_indentation()
    {
        const string spec = """
            entities:
            - entity: Order
              storage: orders
              version: 3   # bumped for gift wrap
              key: id
              fields:
              - name: id
                property: Id
                type: string
              # money in cents
              - name: total_cents
                property: TotalCents
                type: int64

              history:
              - version: 2
                steps:
                - add_field: total_cents
                  default: 0
              - { version: 3, steps: [ { drop_field: legacy } ] }
            - entity: Other
              storage: other
              version: 1
              key: id
              fields:
              - { name: id, property: Id, type: string }
            """;
        var edited = SpecEditor.AddField(spec, "Order", "note", "Note", "string?");
        const string expected = """
            entities:
            - entity: Order
              storage: orders
              version: 4   # bumped for gift wrap
              key: id
              fields:
              - name: id
                property: Id
                type: string
              # money in cents
              - name: total_cents
                property: TotalCents
                type: int64
              - { name: note, property: Note, type: string? }

              history:
              - version: 2
                steps:
                - add_field: total_cents
                  default: 0
              - { version: 3, steps: [ { drop_field: legacy } ] }
              - { version: 4, steps: [ { add_field: note } ] }
            - entity: Other
              storage: other
              version: 1
              key: id
              fields:
              - { name: id, property: Id, type: string }
            """;
        Assert.Equal(expected, edited);
        var parsed = SchemaSpecParser.Parse("x.schema.yaml", edited);
        Assert.Equal(["id", "total_cents", "note"], parsed.Entities[0].Fields.Select(f => f.Name));
    }

    [Fact]
    public void Entity_without_history_gets_one_and_crlf_line_ends_are_kept()
    {
        var spec = "entities:\r\n  - entity: Order\r\n    version: 1\r\n    key: id\r\n    storage: orders\r\n    fields:\r\n      - { name: id, property: Id, type: string }\r\n  - entity: Next\r\n    version: 1\r\n";
        var edited = SpecEditor.AddField(spec, "Order", "at", "At", "datetime");
        Assert.Equal(
            "entities:\r\n  - entity: Order\r\n    version: 2\r\n    key: id\r\n    storage: orders\r\n    fields:\r\n      - { name: id, property: Id, type: string }\r\n      - { name: at, property: At, type: datetime }\r\n"
            + "    history:\r\n      - { version: 2, steps: [ { add_field: at } ] }\r\n  - entity: Next\r\n    version: 1\r\n",
            edited);
    }

    [Theory]
    [InlineData("entities:\n  - entity: Order\n    version: 1\n    fields: [ { name: id, property: Id, type: string } ]\n")]
    [InlineData("entities:\n  - entity: Order\n    version: '1'\n    fields:\n      - { name: id, property: Id, type: string }\n")]
    [InlineData("entities:\n  - entity: Order\n    version: 1\n    fields:\n      - { name: id, property: Id, type: string }\n    history: []\n")]
    [InlineData("entities:\n  - entity: Invoice\n    version: 1\n    fields:\n      - { name: id, property: Id, type: string }\n")]
    [InlineData("entities:\n  - entity: Order\n   version: 1\n")]
    public void Layouts_it_cannot_edit_safely_return_null(string spec) =>
        Assert.Null(SpecEditor.AddField(spec, "Order", "note", "Note", "string?"));
}
