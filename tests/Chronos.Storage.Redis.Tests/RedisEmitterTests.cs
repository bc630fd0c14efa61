using System.Collections.Immutable;
using Chronos.Storage.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// Golden files of the Redis emitter: the generator runs over a small compilation (the runtime assembly, one record,
/// one spec); the emitted <c>*.Redis.g.cs</c> must equal Golden/*.txt. Set CHRONOS_UPDATE_GOLDEN=1 to rewrite them.
/// </summary>
public sealed class RedisEmitterTests
{
    private const string Record = """
        using System;
        namespace Demo;
        [Chronos.Storage.StorageEntity]
        public sealed partial record Note
        {
            public required string Id { get; init; }
            public required string OwnerId { get; init; }
            public string Topic { get; init; } = "";
            public long Rank { get; init; }
            public DateTime CreatedAt { get; init; }
        }
        """;

    private const string Spec = """
        schema: demo
        entities:
          - entity: Note
            storage: notes
            version: 1
            key: id
            fields:
              - { name: id,         property: Id,        type: string }
              - { name: owner_id,   property: OwnerId,   type: string }
              - { name: topic,      property: Topic,     type: string }
              - { name: rank,       property: Rank,      type: int64 }
              - { name: created_at, property: CreatedAt, type: datetime }
            indexes:
              - { name: by_owner, match: [owner_id], order: [rank desc, created_at desc, id desc] }
              - { name: by_topic, match: [topic, owner_id], order: [created_at asc, id asc] }
            history:
              - { version: 1, steps: [] }
        """;

    [Fact]
    public void NoteLayoutMatchesGolden() => AssertGolden("Note.Redis.g.txt", Generate(Record, Spec));

    [Fact]
    public void AddingAFieldChangesTheRedisOutput()
    {
        var baseline = Generate(Record, Spec);
        var record = Record.Replace("public long Rank", "public string Mood { get; init; } = \"\";\n    public long Rank");
        var spec = Spec.Replace("      - { name: rank,", "      - { name: mood,       property: Mood,      type: string }\n      - { name: rank,");
        var changed = Generate(record, spec);
        Assert.NotEqual(baseline, changed);
        Assert.Contains("\"mood\"", changed);
    }

    [Fact]
    public void AddingAnIndexChangesTheRedisOutput()
    {
        var baseline = Generate(Record, Spec);
        var spec = Spec.Replace("    history:", "      - { name: by_rank, match: [owner_id, topic], order: [rank asc, id asc] }\n    history:");
        var changed = Generate(Record, spec);
        Assert.NotEqual(baseline, changed);
        Assert.Contains("notes:by_rank:", changed);
    }

    [Fact]
    public void BuiltInEntitiesPartitionByTheirFirstIndex()
    {
        Assert.Equal("agent_id", SchemaOf.Schema<Session>(null).Fields[LayoutOf<Session>().PartitionOrdinal].StorageName);
        Assert.Equal("session_id", SchemaOf.Schema<Event>(null).Fields[LayoutOf<Event>().PartitionOrdinal].StorageName);
        var memory = LayoutOf<MemoryRecord>();
        Assert.Equal([true, true, false], memory.Indexes.Select(i => i.IsPartitionLocal));
    }

    private static Chronos.Storage.Redis.RedisLayout LayoutOf<T>() where T : Chronos.Storage.Schema.IStorageEntity<T> => T.Redis;

    internal static string Generate(string record, string spec)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(Session).Assembly.Location));
        var compilation = CSharpCompilation.Create("Demo", [CSharpSyntaxTree.ParseText(record, new CSharpParseOptions(LanguageVersion.Preview))],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(
            [new StorageEntityGenerator().AsSourceGenerator()],
            [new InMemoryText("demo.schema.yaml", spec)],
            new CSharpParseOptions(LanguageVersion.Preview));
        var result = driver.RunGenerators(compilation).GetRunResult();
        var redis = result.GeneratedTrees.SingleOrDefault(t => t.FilePath.EndsWith(".Redis.g.cs", StringComparison.Ordinal));
        Assert.True(redis is not null, "no Redis file generated; generated: " + string.Join(", ", result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath))));
        return redis.GetText().ToString();
    }

    internal static void AssertGolden(string name, string actual)
    {
        var source = Path.Combine(SourceDirectory(), "Golden", name);
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
        }
        Assert.True(File.Exists(source), $"missing golden file {source}; run with CHRONOS_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(source), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}

internal static class SchemaOf
{
    public static Chronos.Storage.Schema.EntitySchema Schema<T>(this T? _) where T : class, Chronos.Storage.Schema.IStorageEntity<T> => T.Schema;
}
