using Chronos.Storage.Sqlite.Vectors;
using Chronos.VectorData;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Chronos.AotApp;

/// <summary>A record with MEVD's attributes: its mapping (NoteVectorRecordMapping) is generated at compile time.</summary>
public sealed class Note
{
    [VectorStoreKey] public string Id { get; set; } = "";
    [VectorStoreData(StorageName = "topic")] public string Topic { get; set; } = "";
    [VectorStoreData] public int Year { get; set; }
    [VectorStoreData] public string[] Tags { get; set; } = [];
    [VectorStoreVector(3)] public ReadOnlyMemory<float> Embedding { get; set; }
}

/// <summary>
/// The MEVD workload under NativeAOT (tools/aot-check.sh, AotCheck.Workload.vectordata): a generated record mapping
/// and a dynamic collection with a local embedding generator, on the embedded SQLite vector store. Every step checks
/// its result; a mismatch is a <see cref="WorkloadFailedException"/>.
/// </summary>
public static class VectorWorkload
{
    public static async Task RunAsync(string databasePath, TextWriter log)
    {
        await using var chronos = new SqliteVectorStore(new SqliteVectorStoreOptions { ConnectionString = $"Data Source={databasePath}" });
        var store = new ChronosVectorStore(chronos, new ChronosVectorStoreOptions { EmbeddingGenerator = new LetterEmbedding() });

        var notes = store.GetCollection("notes", NoteVectorRecordMapping.Instance);
        await notes.EnsureCollectionDeletedAsync();
        await notes.EnsureCollectionExistsAsync();
        await notes.UpsertAsync(
        [
            new Note { Id = "n1", Topic = "cats", Year = 2021, Tags = ["pets"], Embedding = new float[] { 1, 0, 0 } },
            new Note { Id = "n2", Topic = "dogs", Year = 2024, Tags = ["pets", "walks"], Embedding = new float[] { 0.8f, 0.2f, 0 } },
            new Note { Id = "n3", Topic = "tax", Year = 2024, Tags = [], Embedding = new float[] { 0, 0, 1 } },
        ]);
        var since = 2022;
        var topics = new[] { "dogs", "tax" };
        var hits = new List<string>();
        await foreach (var hit in notes.SearchAsync(new float[] { 1, 0, 0 }, 3, new() { Filter = n => n.Year >= since && n.Tags.Contains("pets") || topics.Contains(n.Topic) && !(n.Year < 2000) }))
        {
            hits.Add($"{hit.Record.Id}:{hit.Score:F3}");
        }
        Expect("typed search", "n2:0.970,n3:0.000", string.Join(",", hits));
        var read = await notes.GetAsync("n2", new() { IncludeVectors = true });
        Expect("typed get", "dogs 2024 pets|walks 3", $"{read?.Topic} {read?.Year} {string.Join("|", read?.Tags ?? [])} {read?.Embedding.Length}");

        var chat = store.GetDynamicCollection("chat", new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(Guid)),
                new VectorStoreDataProperty("SessionId", typeof(string)),
                new VectorStoreDataProperty("Text", typeof(string)),
                new VectorStoreVectorProperty("TextEmbedding", typeof(string), 3),
            ],
        });
        await chat.EnsureCollectionDeletedAsync();
        await chat.EnsureCollectionExistsAsync();
        await chat.UpsertAsync(
        [
            new Dictionary<string, object?> { ["Key"] = Guid.NewGuid(), ["SessionId"] = "s1", ["Text"] = "aaa", ["TextEmbedding"] = "aaa" },
            new Dictionary<string, object?> { ["Key"] = Guid.NewGuid(), ["SessionId"] = "s1", ["Text"] = "bbb", ["TextEmbedding"] = "bbb" },
            new Dictionary<string, object?> { ["Key"] = Guid.NewGuid(), ["SessionId"] = "s2", ["Text"] = "aab", ["TextEmbedding"] = "aab" },
        ]);
        var session = "s1";
        var found = await chat.SearchAsync("aa", 1, new() { Filter = x => (string?)x["SessionId"] == session }).ToListAsync();
        Expect("dynamic search", "aaa", found.Count == 1 ? (string?)found[0].Record["Text"] : null);

        await notes.DeleteAsync(["n1", "n2", "n3"]);
        Expect("delete", "0", (await notes.SearchAsync(new float[] { 1, 1, 1 }, 3).ToListAsync()).Count.ToString());
        log.WriteLine("vectordata workload passed: generated mapping (search, filter, get, delete) and dynamic collection with embedding generation on sqlite-vectors");
    }

    private static void Expect(string step, string expected, string? actual)
    {
        if (expected != actual)
        {
            throw new WorkloadFailedException($"vectordata {step}: expected '{expected}', got '{actual}'");
        }
    }

    /// <summary>A deterministic local embedding: counts of 'a', 'b' and everything else.</summary>
    private sealed class LetterEmbedding : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(text => new Embedding<float>(new float[]
            {
                text.Count(c => c == 'a'), text.Count(c => c == 'b'), text.Count(c => c is not ('a' or 'b')) + 0.01f,
            }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
