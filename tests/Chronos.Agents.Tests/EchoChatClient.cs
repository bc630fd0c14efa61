using Microsoft.Extensions.AI;

namespace Chronos.Agents.Tests;

/// <summary>
/// A deterministic chat client: answers "echo #N: last user text (saw M messages)", so a test can check exactly which
/// history the agent sent. Counts its calls.
/// </summary>
public sealed class EchoChatClient : IChatClient
{
    public List<List<ChatMessage>> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var seen = messages.ToList();
        Calls.Add(seen);
        var last = seen.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"echo #{Calls.Count}: {last} (saw {seen.Count} messages)")
        {
            MessageId = "reply-" + Guid.NewGuid().ToString("N"),
        }));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // MAF's workflow agent executors stream: the same answer as one update.
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
