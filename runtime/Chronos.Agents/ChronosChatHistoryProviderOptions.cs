using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Chronos.Agents;

/// <summary>Options of <see cref="ChronosChatHistoryProvider"/>; every property is optional.</summary>
public sealed class ChronosChatHistoryProviderOptions
{
    /// <summary>
    /// The reducer applied to the conversation (as in MAF's <see cref="InMemoryChatHistoryProvider"/>), or null for
    /// none. Its result is recorded in the ledger as one <see cref="Chronos.Storage.EventType.ChatSummary"/> event that replaces the
    /// messages before it: the ledger keeps every original message, and later reads start from the summary.
    /// </summary>
    public IChatReducer? ChatReducer { get; set; }

    /// <summary>When <see cref="ChatReducer"/> runs; MAF's default, before messages are retrieved.</summary>
    public InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent ReducerTriggerEvent { get; set; } =
        InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent.BeforeMessagesRetrieval;

    /// <summary>The key of this provider's state in <see cref="AgentSession.StateBag"/>; default <c>ChronosChatHistoryProvider</c>.</summary>
    public string? StateKey { get; set; }

    /// <summary>
    /// Serializes <see cref="ChatMessage"/>s into event payloads. Default <see cref="AIJsonUtilities.DefaultOptions"/>
    /// (source-generated, NativeAOT-safe); pass options whose resolver also knows your custom <see cref="AIContent"/>
    /// types when the history holds them.
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>
    /// The Chronos agent id recorded on the conversation's session; default the invoking agent's <see cref="AIAgent.Id"/>.
    /// </summary>
    public string? AgentId { get; set; }

    /// <summary>The id of a new conversation's Chronos session; default a new GUID. Called once per conversation.</summary>
    public Func<AgentSession, string>? ConversationIdFactory { get; set; }

    /// <summary>Filters stored messages as they are returned; default none (MAF's base-class semantics).</summary>
    public Func<IEnumerable<ChatMessage>, IEnumerable<ChatMessage>>? ProvideOutputMessageFilter { get; set; }

    /// <summary>Filters request messages before they are stored; default MAF's: everything not itself from chat history.</summary>
    public Func<IEnumerable<ChatMessage>, IEnumerable<ChatMessage>>? StorageInputRequestMessageFilter { get; set; }

    /// <summary>Filters response messages before they are stored; default none.</summary>
    public Func<IEnumerable<ChatMessage>, IEnumerable<ChatMessage>>? StorageInputResponseMessageFilter { get; set; }
}
