using Chronos.AgentChat;
using Chronos.Storage.Sqlite.Vectors;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chronos.VectorData.Tests;

/// <summary>
/// MAF's own <see cref="ChatHistoryMemoryProvider"/> (Microsoft.Agents.AI) on <see cref="ChronosVectorStore"/> over the
/// embedded SQLite vector store, end to end through a <see cref="ChatClientAgent"/>: it stores each turn's messages as
/// vectors (a dynamic collection whose vector property is the text, embedded by the store's generator) and, on a later
/// turn in a new session and a reopened store file, searches them with its scope filter and injects the relevant ones.
/// The embedding is the sample's deterministic hashed bag of words (no model).
/// </summary>
public sealed class ChatHistoryMemoryProviderTests : IDisposable
{
    private const string Collection = "chat_memory";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("chronos-mevd-memory-");

    private string DatabasePath => Path.Combine(_directory.FullName, "memory.db");

    [Fact]
    public async Task Memories_stored_in_one_session_come_back_in_a_later_session_for_the_same_user_only()
    {
        // Session 1 (user ada) and a session of user bob, who says something at least as close to the later question.
        await using (var vectors = new SqliteVectorStore(SqliteVectorStoreOptions.File(DatabasePath)))
        {
            await TurnAsync(vectors, user: "ada", session: "ada-1", "My cat is called Tom.");
            await TurnAsync(vectors, user: "ada", session: "ada-1", "The weather is sunny today.");
            await TurnAsync(vectors, user: "bob", session: "bob-1", "My cat is called Zed.");

            // Every message (request and response) is one embedding of the collection, carrying its storage scope.
            var all = await vectors.QueryAsync(Collection, null, 0, 100);
            Assert.Equal(6, all.Count);
            Assert.Equal(4, all.Count(e => e.Metadata?["UserId"]?.GetValue<string>() == "ada"));
            Assert.Contains(all, e => e.Metadata?["Content"]?.GetValue<string>() == "My cat is called Tom." && e.Metadata?["SessionId"]?.GetValue<string>() == "ada-1");
        }

        // Later, a new process (reopened file) and a new session of ada: the memory finds her cat, and only hers.
        await using (var vectors = new SqliteVectorStore(SqliteVectorStoreOptions.File(DatabasePath)))
        {
            var sent = await TurnAsync(vectors, user: "ada", session: "ada-2", "What is my cat called?");
            Assert.Contains("My cat is called Tom.", sent);
            Assert.DoesNotContain("Zed", sent);
            Assert.DoesNotContain("sunny", sent); // MaxResults 1: only the most relevant memory

            var bobSent = await TurnAsync(vectors, user: "bob", session: "bob-2", "What is my cat called?");
            Assert.Contains("My cat is called Zed.", bobSent);
            Assert.DoesNotContain("Tom", bobSent);
        }
    }

    /// <summary>One agent turn with the memory provider; returns the text of everything the chat client was sent.</summary>
    private static async Task<string> TurnAsync(SqliteVectorStore vectors, string user, string session, string question)
    {
        using var generator = new HashedEmbeddingGenerator();
        var store = new ChronosVectorStore(vectors, new ChronosVectorStoreOptions { EmbeddingGenerator = generator });
        using var memory = new ChatHistoryMemoryProvider(store, Collection, HashedEmbedding.Dimension,
            _ => new ChatHistoryMemoryProvider.State(
                storageScope: new ChatHistoryMemoryProviderScope { ApplicationId = "tests", UserId = user, SessionId = session },
                searchScope: new ChatHistoryMemoryProviderScope { ApplicationId = "tests", UserId = user }),
            new ChatHistoryMemoryProviderOptions { MaxResults = 1 });
        var client = new RecordingChatClient();
        var agent = new ChatClientAgent(client, new ChatClientAgentOptions { Id = "memory-agent", AIContextProviders = [memory] });
        await agent.RunAsync(question, await agent.CreateSessionAsync());
        return client.Sent;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    /// <summary>The sample's <see cref="HashedEmbedding"/> as an MEAI generator.</summary>
    private sealed class HashedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(HashedEmbedding.Embed(v)))));

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }

    /// <summary>Records everything it is sent (messages and instructions) and answers "noted".</summary>
    private sealed class RecordingChatClient : IChatClient
    {
        public string Sent { get; private set; } = "";

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Sent = string.Join("\n", messages.Select(m => $"{m.Role}: {m.Text}").Prepend(options?.Instructions ?? ""));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "noted")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
