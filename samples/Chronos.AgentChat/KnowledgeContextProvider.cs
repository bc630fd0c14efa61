using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Chronos.AgentChat;

/// <summary>
/// Retrieval for the agent: before each call, the facts closest to the user's question become the call's
/// instructions. Instructions are not messages, so the retrieved text is never written into the chat history.
/// </summary>
public sealed class KnowledgeContextProvider(KnowledgeBase knowledge) : AIContextProvider
{
    public const string ContextHeader = "Relevant facts:";

    protected override async ValueTask<AIContext> ProvideAIContextAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        var question = context.AIContext.Messages?.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var facts = await knowledge.SearchAsync(question, top: 2, cancellationToken);
        return new AIContext { Instructions = facts.Count == 0 ? null : ContextHeader + "\n" + string.Join("\n", facts) };
    }
}
