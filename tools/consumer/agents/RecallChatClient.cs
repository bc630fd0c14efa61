using Microsoft.Extensions.AI;

namespace AgentsConsumer;

/// <summary>
/// A deterministic local chat client (no network, no model): it answers with how many messages it was sent and the
/// first user message among them, so the caller can see exactly what history the agent restored.
/// </summary>
public sealed class RecallChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sent = messages.ToList();
        var first = sent.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"sent {sent.Count}; first: {first}") { MessageId = Guid.NewGuid().ToString("N") }));
    }

    // The consumer runs the agent with RunAsync only; streaming is not part of what it checks.
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("RecallChatClient answers RunAsync only.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
