using Chronos.Storage.Vectors;
using Chronos.VectorData;
using Microsoft.Extensions.VectorData;

namespace Chronos.AgentChat;

/// <summary>
/// Retrieval through Microsoft.Extensions.VectorData: a <see cref="VectorStoreCollection{TKey, TRecord}"/> of
/// <see cref="Fact"/> from <see cref="ChronosVectorStore"/> over the Chronos vector store chronos.yaml names (the
/// embedded SQLite one by default). The collection comes from the generated mapping, the AOT-safe overload.
/// </summary>
public sealed class KnowledgeBase(IVectorStore vectors)
{
    private readonly VectorStoreCollection<string, Fact> _facts =
        new ChronosVectorStore(vectors).GetCollection("agent_chat_facts", FactVectorRecordMapping.Instance);

    /// <summary>What the agent knows. Upserted on every start: same ids, same vectors, so a second run changes nothing.</summary>
    private static readonly (string Id, string Text)[] Facts =
    [
        ("chronos", "Chronos is durable state for .NET AI agents: sessions, memory, audit logs, traces, an event ledger and checkpoints behind one IStorage interface."),
        ("backends", "Backends: SQLite (embedded default), PostgreSQL, MariaDB and MySQL, Redis, MongoDB and DynamoDB; one line of YAML picks the backend."),
        ("history", "The chat history lives in the event ledger: one event per message, numbered without gaps, and a retried turn never duplicates a message."),
        ("sessions", "Agent sessions are saved with optimistic versions: a stale save is a conflict, never a silent overwrite, and tenant and user partitions isolate them."),
        ("checkpoints", "Workflow checkpoints are committed in ledger order with parent links, so a workflow resumes from its latest checkpoint on any backend."),
        ("aot", "Records are mapped by generated code instead of reflection, so agents publish as NativeAOT binaries without trim warnings."),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await _facts.EnsureCollectionExistsAsync(cancellationToken);
        await _facts.UpsertAsync(
            [.. Facts.Select(f => new Fact { Id = f.Id, Text = f.Text, Embedding = HashedEmbedding.Embed(f.Text) })],
            cancellationToken);
    }

    /// <summary>The facts closest to <paramref name="question"/>, best first, that share at least some words with it.</summary>
    public async Task<IReadOnlyList<string>> SearchAsync(string question, int top, CancellationToken cancellationToken = default)
    {
        var found = new List<string>();
        // Cosine similarity (the record's default distance): higher is closer, and the threshold is a minimum.
        var options = new VectorSearchOptions<Fact> { ScoreThreshold = 0.1 };
        await foreach (var hit in _facts.SearchAsync(new ReadOnlyMemory<float>(HashedEmbedding.Embed(question)), top, options, cancellationToken))
        {
            found.Add(hit.Record.Text);
        }
        return found;
    }
}
