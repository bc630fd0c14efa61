namespace Chronos.Agents;

/// <summary>
/// What <see cref="ChronosChatHistoryProvider"/> keeps in the <c>AgentSession.StateBag</c>: only the id of the
/// Chronos session whose ledger holds the messages. The messages themselves are never in the bag, so a serialized
/// <c>AgentSession</c> stays small however long the conversation grows.
/// </summary>
internal sealed class ChatHistoryState
{
    /// <summary>The Chronos session holding this conversation's ledger.</summary>
    public string ConversationId { get; set; } = "";

    /// <summary>True once the Chronos session record exists (created on the first store, then never again).</summary>
    public bool SessionCreated { get; set; }
}
