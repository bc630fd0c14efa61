using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.AgentChat;

/// <summary>
/// The seam retrieval goes through. Today it is Chronos's embedded SQLite vector store (<see cref="IVectorStore"/>);
/// once Chronos.VectorData (the Microsoft.Extensions.VectorData provider) ships, this class becomes a
/// <c>VectorStoreCollection&lt;string, Fact&gt;</c> and nothing else in the sample changes.
/// </summary>
public sealed class KnowledgeBase(IVectorStore vectors)
{
    private const string Collection = "agent_chat_facts";

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
        await vectors.CreateCollectionAsync(Collection, HashedEmbedding.Dimension, cancellationToken);
        await vectors.UpsertAsync(Collection, [.. Facts.Select(f => new Embedding
        {
            Id = f.Id,
            Vector = HashedEmbedding.Embed(f.Text),
            Content = f.Text,
            Metadata = new JsonObject { ["topic"] = f.Id },
        })], cancellationToken);
    }

    /// <summary>The facts closest to <paramref name="question"/>, best first, that share at least some words with it.</summary>
    public async Task<IReadOnlyList<string>> SearchAsync(string question, int top, CancellationToken cancellationToken = default)
    {
        var found = await vectors.SearchAsync(Collection, HashedEmbedding.Embed(question), top, new VectorSearchOptions { MinScore = 0.1f }, cancellationToken);
        return [.. found.Select(r => r.Embedding.Content)];
    }
}
