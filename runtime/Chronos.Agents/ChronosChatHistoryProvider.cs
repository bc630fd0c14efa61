using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage;
using Chronos.Storage.Providers;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Chronos.Agents;

/// <summary>
/// A MAF <see cref="ChatHistoryProvider"/> that keeps each conversation in a Chronos session's event ledger, through
/// <see cref="IStorage"/> only, so it runs unchanged on every Chronos backend.
/// </summary>
/// <remarks>
/// <para>
/// One <see cref="EventType.ChatMessage"/> event per message, appended in the order the messages were generated
/// (request messages, then response messages), numbered gap-free by the ledger. The event id is derived from the
/// conversation and the message's <see cref="ChatMessage.MessageId"/>, so storing the same message again (a retried
/// turn) returns the stored event instead of adding a duplicate. A message without an id gets a new GUID as its
/// <see cref="ChatMessage.MessageId"/> when first stored; that id is what later retries of the same message are
/// recognized by. A turn's messages are appended as one atomic batch: a message no backend can store (NUL or a lone
/// surrogate in its text, JSON deeper than <see cref="StorageLimits.MaxJsonDepth"/>, over the backend's record limit) is
/// refused with a typed error naming the message and the conversation, and nothing of that turn is stored. (A retried
/// turn partly stored already, or one larger than the backend writes atomically, is appended message by message.)
/// </para>
/// <para>
/// The session's <see cref="AgentSession.StateBag"/> holds only the conversation id (a Chronos session id), never the
/// messages: save the <see cref="AgentSession"/> (for example with <see cref="ChronosAgentSessionStore"/>) and the next
/// run restores the whole conversation from the ledger. Without an <see cref="AgentSession"/> nothing is provided and
/// nothing is stored, since there would be no way to find the messages again.
/// </para>
/// <para>
/// With a <see cref="ChronosChatHistoryProviderOptions.ChatReducer"/>, the reduced list is appended as one
/// <see cref="EventType.ChatSummary"/> event, fenced on the ledger position it was computed from (a concurrent append
/// makes the reduction wait for the next call rather than hide the new message). Reads start from the latest summary.
/// The provider holds no per-session fields and is safe to share between sessions and threads; concurrent turns on
/// one conversation interleave message by message, each message stored once.
/// </para>
/// </remarks>
public sealed class ChronosChatHistoryProvider : ChatHistoryProvider
{
    private readonly IStorage _storage;
    private readonly ProviderSessionState<ChatHistoryState> _sessionState;
    private readonly JsonTypeInfo<ChatMessage> _messageInfo;
    private readonly IChatReducer? _reducer;
    private readonly InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent _reducerTrigger;
    private readonly string? _agentId;
    private IReadOnlyList<string>? _stateKeys;

    /// <summary>Creates the provider over <paramref name="storage"/>.</summary>
    /// <param name="storage">The Chronos store (any backend).</param>
    /// <param name="options">Optional settings; see <see cref="ChronosChatHistoryProviderOptions"/>.</param>
    public ChronosChatHistoryProvider(IStorage storage, ChronosChatHistoryProviderOptions? options = null)
        : base(options?.ProvideOutputMessageFilter, options?.StorageInputRequestMessageFilter, options?.StorageInputResponseMessageFilter)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        var newConversationId = options?.ConversationIdFactory ?? (static _ => "conversation-" + Guid.NewGuid().ToString("N"));
        _sessionState = new ProviderSessionState<ChatHistoryState>(
            // Never called with a null session: the provider returns before touching state without one.
            session => new ChatHistoryState { ConversationId = newConversationId(session!) },
            options?.StateKey ?? nameof(ChronosChatHistoryProvider),
            ChronosAgentsJsonContext.Default.Options);
        // Messages are stored as JSON values (readable and queryable in the ledger), and PostgreSQL's jsonb reorders
        // object properties, so reading must accept a content's "$type" discriminator in any position.
        var json = new JsonSerializerOptions(options?.JsonSerializerOptions ?? AIJsonUtilities.DefaultOptions) { AllowOutOfOrderMetadataProperties = true };
        _messageInfo = (JsonTypeInfo<ChatMessage>)json.GetTypeInfo(typeof(ChatMessage));
        _reducer = options?.ChatReducer;
        _reducerTrigger = options?.ReducerTriggerEvent ?? InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent.BeforeMessagesRetrieval;
        _agentId = options?.AgentId;
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateKeys => _stateKeys ??= [_sessionState.StateKey];

    /// <summary>The Chronos session id holding <paramref name="session"/>'s conversation (assigned on first use).</summary>
    public string GetConversationId(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _sessionState.GetOrInitializeState(session).ConversationId;
    }

    /// <summary>
    /// The conversation's messages as the agent would see them next (from the latest summary on), oldest first,
    /// without running the reducer. Each call deserializes new <see cref="ChatMessage"/> instances.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(AgentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (await LoadAsync(GetConversationId(session), cancellationToken).ConfigureAwait(false)).Messages;
    }

    /// <inheritdoc />
    protected override async ValueTask<IEnumerable<ChatMessage>> ProvideChatHistoryAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        if (context.Session is not { } session)
        {
            return [];
        }
        var conversationId = _sessionState.GetOrInitializeState(session).ConversationId;
        var view = await LoadAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (_reducer is not null && _reducerTrigger == InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent.BeforeMessagesRetrieval)
        {
            return await ReduceAsync(conversationId, view, cancellationToken).ConfigureAwait(false);
        }
        return view.Messages;
    }

    /// <inheritdoc />
    protected override async ValueTask StoreChatHistoryAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        if (context.Session is not { } session)
        {
            return;
        }
        var state = _sessionState.GetOrInitializeState(session);
        if (!state.SessionCreated)
        {
            await EnsureChronosSessionAsync(state.ConversationId, _agentId ?? context.Agent.Id, cancellationToken).ConfigureAwait(false);
            state.SessionCreated = true;
            _sessionState.SaveState(session, state);
        }
        if (_reducer is not null && _reducerTrigger == InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent.AfterMessageAdded)
        {
            // As MAF's in-memory provider: reduce what is stored before this turn's messages are added, so the turn's
            // own messages (tool calls and results included) are always kept whole.
            await ReduceAsync(state.ConversationId, await LoadAsync(state.ConversationId, cancellationToken).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        // The turn's messages in one atomic append: a message no backend can store (NUL, a lone surrogate, JSON too
        // deep, too large) refuses the whole turn, so the ledger never holds half a turn (a request with no answer).
        var events = new List<Event>();
        var messageIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in context.RequestMessages.Concat(context.ResponseMessages ?? []))
        {
            message.MessageId ??= Guid.NewGuid().ToString("N");
            var id = ChronosAgentIds.Derive("chat", state.ConversationId, message.MessageId);
            if (!messageIds.TryAdd(id, message.MessageId))
            {
                continue; // the same message twice in one turn is stored once, as appending it again would
            }
            events.Add(new Event
            {
                Id = id,
                SessionId = state.ConversationId,
                Type = EventType.ChatMessage,
                Payload = Serialize(message, state.ConversationId),
                CreatedAt = message.CreatedAt is { } created ? created.UtcDateTime : default,
            });
        }
        if (events.Count == 0)
        {
            return;
        }
        try
        {
            await _storage.AppendEventsAsync(state.ConversationId, events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BatchPartiallyStoredException or BatchTooLargeException)
        {
            // A retried turn some of whose messages are stored already, or a turn larger than the backend writes
            // atomically: message by message, each idempotent by its id (the batch was checked as a whole first).
            foreach (var @event in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await _storage.AppendEventAsync(@event, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StorageArgumentException e) when (e.Key is { } key && messageIds.TryGetValue(key, out var messageId))
        {
            // The engine names the event by its derived id; the caller knows the message and the conversation.
            throw new StorageArgumentException(nameof(context), nameof(Event), key, e.Field ?? "payload",
                $"chat message '{messageId}' of conversation '{state.ConversationId}' cannot be stored: {e.Message}");
        }
    }

    /// <summary>The message as an event payload; a message the serializer refuses is named, with its conversation.</summary>
    private JsonNode? Serialize(ChatMessage message, string conversationId)
    {
        // System.Text.Json writes a lone surrogate as U+FFFD, so the stored text would silently differ from the
        // message: its texts are checked first, by the string rule every stored value follows (StorageLimits).
        foreach (var (field, text) in Texts(message))
        {
            if (text is not null && JsonLimits.FindProblem(JsonValue.Create(text)!) is { } problem)
            {
                throw new StorageArgumentException(nameof(message), nameof(Event), null, "payload",
                    $"chat message '{message.MessageId}' of conversation '{conversationId}': its {field} {problem}");
            }
        }
        try
        {
            return JsonSerializer.SerializeToNode(message, _messageInfo);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new StorageArgumentException(nameof(message), nameof(Event), null, "payload",
                $"chat message '{message.MessageId}' of conversation '{conversationId}' cannot be serialized: {ChronosAgentsJsonContext.Describe(e)}");
        }
    }

    /// <summary>The message's own texts, where a caller's text would be stored changed rather than refused.</summary>
    private static IEnumerable<(string Field, string? Text)> Texts(ChatMessage message)
    {
        yield return ("message id", message.MessageId);
        yield return ("author name", message.AuthorName);
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    yield return ("text", text.Text);
                    break;
                case TextReasoningContent reasoning:
                    yield return ("reasoning text", reasoning.Text);
                    break;
            }
        }
    }

    private async Task EnsureChronosSessionAsync(string conversationId, string agentId, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.CreateSessionAsync(new Session
            {
                Id = conversationId,
                AgentId = agentId,
                Metadata = new JsonObject { ["kind"] = "maf_chat_history" },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateKeyException)
        {
            // Another turn (or an earlier run whose session was saved before this flag) created it: the ledger is shared.
        }
    }

    private async Task<IReadOnlyList<ChatMessage>> ReduceAsync(string conversationId, ConversationView view, CancellationToken cancellationToken)
    {
        var reduced = (await _reducer!.ReduceAsync(view.Messages, cancellationToken).ConfigureAwait(false)).ToList();
        if (reduced.Count == view.Messages.Count)
        {
            return reduced;
        }
        var summary = new JsonObject
        {
            ["through_seq"] = view.LastSeq,
            ["messages"] = new JsonArray([.. reduced.Select(m => JsonSerializer.SerializeToNode(m, _messageInfo))]),
        };
        try
        {
            await _storage.AppendEventAsync(new Event
            {
                Id = ChronosAgentIds.Derive("chat-summary", conversationId, view.LastSeq.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                SessionId = conversationId,
                Type = EventType.ChatSummary,
                Payload = summary,
            }, view.LastSeq, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // A message arrived after the view was read; recording this reduction would hide it. The next call reduces.
        }
        return reduced;
    }

    private async Task<ConversationView> LoadAsync(string conversationId, CancellationToken cancellationToken)
    {
        var events = await _storage.ListEventsAsync(conversationId, 0, cancellationToken).ConfigureAwait(false);
        var messages = new List<ChatMessage>();
        long throughSeq = 0;
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i].Type == EventType.ChatSummary)
            {
                var payload = events[i].Payload as JsonObject;
                throughSeq = payload?["through_seq"]?.GetValue<long>() ?? events[i].SeqNum - 1;
                foreach (var node in payload?["messages"] as JsonArray ?? [])
                {
                    messages.Add(ReadMessage(events[i], node));
                }
                break;
            }
        }
        foreach (var e in events)
        {
            if (e.SeqNum > throughSeq && e.Type == EventType.ChatMessage)
            {
                messages.Add(ReadMessage(e, e.Payload));
            }
        }
        return new ConversationView(messages, events.Count == 0 ? 0 : events[^1].SeqNum);
    }

    private ChatMessage ReadMessage(Event e, JsonNode? node)
    {
        try
        {
            return node.Deserialize(_messageInfo)
                ?? throw new JsonException("the payload is JSON null");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new StoredRecordFormatException(
                $"Event '{e.Id}' (session '{e.SessionId}', seq {e.SeqNum}, type {e.Type}) does not hold a chat message: {ex.Message}",
                nameof(Event), e.Id, "payload", ex);
        }
    }

    /// <summary>The conversation from its latest summary on, and the ledger position it was read at.</summary>
    private sealed record ConversationView(IReadOnlyList<ChatMessage> Messages, long LastSeq);
}
