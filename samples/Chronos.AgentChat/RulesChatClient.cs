using Microsoft.Extensions.AI;

namespace Chronos.AgentChat;

/// <summary>
/// A deterministic local chat client standing in for a model, so the sample runs anywhere with no network: it answers
/// from rules, using the conversation it is sent (the history Chronos restored) and the retrieved facts (the
/// instructions the knowledge provider added).
/// </summary>
public sealed class RulesChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages.ToList();
        var userTurns = conversation.Where(m => m.Role == ChatRole.User).Select(m => m.Text).ToList();
        var question = userTurns.LastOrDefault() ?? "";
        var facts = FactsFrom(options?.Instructions);
        string answer;
        if (question.Contains("first", StringComparison.OrdinalIgnoreCase) && question.Contains("ask", StringComparison.OrdinalIgnoreCase))
        {
            answer = userTurns.Count > 1
                ? $"You first asked: \"{userTurns[0]}\" ({userTurns.Count - 1} questions ago, {conversation.Count - 1} messages of history)."
                : "This is your first question.";
        }
        else if (facts.Count > 0)
        {
            answer = $"From what I know: {facts[0]}";
        }
        else
        {
            answer = "I have no facts about that. Ask me about Chronos, its backends, chat history, sessions, checkpoints or NativeAOT.";
        }
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer) { MessageId = Guid.NewGuid().ToString("N") }));
    }

    private static List<string> FactsFrom(string? instructions) =>
        instructions is null
            ? []
            : [.. instructions.Split('\n').SkipWhile(l => l != KnowledgeContextProvider.ContextHeader).Skip(1).Where(l => l.Length > 0)];

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
