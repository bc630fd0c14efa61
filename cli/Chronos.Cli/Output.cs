using System.Text.Json;
using Spectre.Console;

namespace Chronos.Cli;

/// <summary>
/// Where a command's results go: a readable table on the terminal, or JSON with <c>--json</c> (one document on stdout,
/// written with <see cref="Utf8JsonWriter"/>: no reflection, so the tool publishes with NativeAOT).
/// Errors always go to stderr.
/// </summary>
internal sealed class Output(bool json)
{
    public bool Json { get; } = json;

    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>A table of <paramref name="rows"/>, or a JSON array of objects with the same columns.</summary>
    public void Table(string? title, string[] columns, IEnumerable<object?[]> rows)
    {
        if (Json)
        {
            WriteJson(writer =>
            {
                writer.WriteStartArray();
                foreach (var row in rows) WriteObject(writer, columns, row);
                writer.WriteEndArray();
            });
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null) table.Title(Markup.Escape(title));
        foreach (var column in columns) table.AddColumn(Markup.Escape(column));
        foreach (var row in rows) table.AddRow(row.Select(v => Markup.Escape(Text(v))).ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>One record as name/value lines, or a JSON object.</summary>
    public void Record(string title, string[] names, object?[] values)
    {
        if (Json)
        {
            WriteJson(writer => WriteObject(writer, names, values));
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        for (var i = 0; i < names.Length; i++) grid.AddRow(Markup.Escape(names[i]), Markup.Escape(Text(values[i])));
        AnsiConsole.Write(new Panel(grid).Header(Markup.Escape(title)));
    }

    /// <summary>A line for people (not in JSON mode, where stdout holds only the document).</summary>
    public void Line(string text)
    {
        if (!Json) AnsiConsole.MarkupLine(Markup.Escape(text));
    }

    /// <summary>Writes any JSON document to stdout.</summary>
    public static void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var stream = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }
        stream.Write("\n"u8);
    }

    /// <summary>One JSON object on one line of stdout (JSON lines: a reader can act on each line as it comes).</summary>
    public static void WriteJsonLine(string[] names, object?[] values)
    {
        using var stream = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stream)) WriteObject(writer, names, values);
        stream.Write("\n"u8);
    }

    public static void WriteObject(Utf8JsonWriter writer, string[] names, object?[] values)
    {
        writer.WriteStartObject();
        for (var i = 0; i < names.Length; i++) WriteValue(writer, names[i], values[i]);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNull(name); break;
            case string s: writer.WriteString(name, s); break;
            case bool b: writer.WriteBoolean(name, b); break;
            case int i: writer.WriteNumber(name, i); break;
            case long l: writer.WriteNumber(name, l); break;
            case double d: writer.WriteNumber(name, d); break;
            case DateTime t: writer.WriteString(name, t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)); break;
            case RawJson raw:
                writer.WritePropertyName(name);
                writer.WriteRawValue(raw.Text);
                break;
            default: writer.WriteString(name, value.ToString()); break;
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        RawJson raw => raw.Text.Length > 80 ? raw.Text[..77] + "..." : raw.Text,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>A value that is already JSON text (a payload), written as JSON rather than as a string.</summary>
internal sealed record RawJson(string Text)
{
    public static RawJson? Of(System.Text.Json.Nodes.JsonNode? node) => node is null ? null : new RawJson(node.ToJsonString());
}
