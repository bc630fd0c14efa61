using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage;
using Microsoft.Agents.AI;

namespace Chronos.Agents;

/// <summary>
/// A MAF <see cref="AgentSessionStore"/> on Chronos sessions, through <see cref="IStorage"/> only (every backend).
/// </summary>
/// <remarks>
/// <para>
/// <b>Identity and isolation.</b> A stored session is identified, as in MAF's own stores, by the agent's
/// <see cref="AIAgent.Id"/> (give your agent a stable id) and the whole <see cref="AgentSessionStoreKey"/>: its
/// <see cref="AgentSessionStoreKey.SessionId"/> and every partition (tenant, user, ...), compared ordinally, order
/// ignored. The Chronos session id is a hash of all of them, and the stored record carries them too and is checked on
/// every read, so a key with other partitions never reads, overwrites or deletes another scope's session.
/// <see cref="ChronosAgentSessionStoreOptions.RequiredPartitions"/> makes a partition mandatory.
/// </para>
/// <para>
/// <b>Optimistic versions.</b> Every session returned by <see cref="GetSessionAsync"/> remembers the Chronos
/// <see cref="Session.Version"/> it was read at. Saving it replaces the stored session only if that version is still
/// the stored one; otherwise <see cref="ConcurrencyConflictException"/> is thrown and nothing changes. A session the
/// store has not seen (new from <see cref="AIAgent.CreateSessionAsync(CancellationToken)"/>) is inserted, and if one is
/// stored under the key already that too is a <see cref="ConcurrencyConflictException"/>: saves never silently
/// overwrite. After a successful save the same instance can be saved again (it tracks the new version).
/// </para>
/// <para>
/// <b>Copies.</b> Each lookup deserializes a new <see cref="AgentSession"/> through
/// <see cref="AIAgent.DeserializeSessionAsync"/>; nothing is cached, so branches run from the same key never see each
/// other's changes until one of them saves.
/// </para>
/// <para>
/// MAF marks <see cref="AgentSessionStore"/> and <see cref="AgentSessionStoreKey"/> experimental (<c>MAAI001</c>), so
/// this class carries the same diagnostic: code using it opts in exactly as it would for MAF's own stores.
/// </para>
/// </remarks>
[Experimental("MAAI001")]
public sealed class ChronosAgentSessionStore : AgentSessionStore
{
    private const string MetadataKind = "maf_agent_session";

    private readonly IStorage _storage;
    private readonly ChronosAgentSessionStoreOptions _options;
    // The version each session instance was read or last saved at. Weak: a session the caller drops is not kept alive.
    private readonly ConditionalWeakTable<AgentSession, StoredVersion> _versions = new();

    /// <summary>Creates the store over <paramref name="storage"/>.</summary>
    public ChronosAgentSessionStore(IStorage storage, ChronosAgentSessionStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _options = options ?? new ChronosAgentSessionStoreOptions();
    }

    /// <summary>The Chronos session id a key maps to for <paramref name="agent"/> (deterministic).</summary>
    public string GetChronosSessionId(AIAgent agent, AgentSessionStoreKey key)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(key);
        return ChronosId(agent.Id, key);
    }

    /// <summary>The Chronos version <paramref name="session"/> was read or last saved at, or null when this store has not seen it.</summary>
    public long? GetVersion(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _versions.TryGetValue(session, out var stored) ? stored.Version : null;
    }

    /// <inheritdoc />
    /// <exception cref="ConcurrencyConflictException">
    /// The stored session changed since <paramref name="session"/> was read, was deleted, or (for a session this store
    /// has not returned) one is already stored under the key. Nothing changed; read it again and retry.
    /// </exception>
    public override async ValueTask SaveSessionAsync(AIAgent agent, AgentSessionStoreKey key, AgentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(session);
        var id = Scoped(agent, key);
        var metadata = new JsonObject
        {
            ["kind"] = MetadataKind,
            ["agent_id"] = agent.Id,
            ["session_id"] = key.SessionId,
            ["partitions"] = PartitionsNode(key),
            ["session_json"] = ChronosAgentsJsonContext.ToStoredText(await SerializeAsync(agent, key, session, id, cancellationToken).ConfigureAwait(false)),
        };
        var userId = key.Partitions?.GetValueOrDefault(_options.UserPartition) ?? "";
        Session stored;
        if (_versions.TryGetValue(session, out var known) && known.ChronosId == id)
        {
            stored = await _storage.UpdateSessionAsync(new Session
            {
                Id = id, AgentId = agent.Id, UserId = userId, Metadata = metadata, Version = known.Version,
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                stored = await _storage.CreateSessionAsync(new Session { Id = id, AgentId = agent.Id, UserId = userId, Metadata = metadata }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (DuplicateKeyException)
            {
                // Someone stored a session under this key after this one was created: replacing it would lose their turn.
                var current = await _storage.GetSessionAsync(id, cancellationToken).ConfigureAwait(false);
                throw new ConcurrencyConflictException(nameof(Session), id, "version", 0, current?.Version ?? 1);
            }
        }
        _versions.AddOrUpdate(session, new StoredVersion(id, stored.Version));
    }

    /// <summary>
    /// The session as MAF serializes it, refused (typed, before any write) when it cannot be serialized or would be
    /// deeper than <see cref="StorageLimits.MaxJsonDepth"/> (which the read path parses with): a save must never store what a later read cannot restore.
    /// </summary>
    private static async ValueTask<JsonElement> SerializeAsync(AIAgent agent, AgentSessionStoreKey key, AgentSession session, string id, CancellationToken cancellationToken)
    {
        try
        {
            // MAF's serializer writes at most MaxDepth (64, the read path's limit too) levels and throws beyond it.
            return await agent.SerializeSessionAsync(session, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new StorageArgumentException(nameof(session), nameof(Session), id, "metadata",
                $"the agent session of key '{key.SessionId}' (agent '{agent.Id}') cannot be stored: {ChronosAgentsJsonContext.Describe(e)}");
        }
    }

    /// <inheritdoc />
    public override async ValueTask<AgentSession?> GetSessionAsync(AIAgent agent, AgentSessionStoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var id = Scoped(agent, key);
        var stored = await _storage.GetSessionAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null || !BelongsTo(stored, agent, key))
        {
            return null;
        }
        AgentSession session;
        try
        {
            var text = Text(stored.Metadata["session_json"]) ?? throw new JsonException("'session_json' is missing or not a string");
            session = await agent.DeserializeSessionAsync(ChronosAgentsJsonContext.FromStoredText(text), null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // ArgumentException: MAF's own refusal of the stored state (e.g. "must be a JSON object").
            throw new StoredRecordFormatException(
                $"Session '{id}' (agent '{agent.Id}', session key '{key.SessionId}') does not hold a serialized agent session: {e.Message}",
                nameof(Session), id, "metadata", e);
        }
        _versions.AddOrUpdate(session, new StoredVersion(id, stored.Version));
        return session;
    }

    /// <inheritdoc />
    public override async ValueTask DeleteSessionAsync(AIAgent agent, AgentSessionStoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var id = Scoped(agent, key);
        var stored = await _storage.GetSessionAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is not null && BelongsTo(stored, agent, key))
        {
            await _storage.DeleteSessionAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Scoped(AIAgent agent, AgentSessionStoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var required in _options.RequiredPartitions)
        {
            if (key.Partitions is null || !key.Partitions.ContainsKey(required))
            {
                throw new ArgumentException(
                    $"Session key '{key.SessionId}' has no '{required}' partition, which this store requires " +
                    $"(RequiredPartitions: {string.Join(", ", _options.RequiredPartitions)}); use key.WithPartition(\"{required}\", value).",
                    nameof(key));
            }
        }
        return ChronosId(agent.Id, key);
    }

    private static string ChronosId(string agentId, AgentSessionStoreKey key)
    {
        var parts = new List<string> { agentId, key.SessionId };
        foreach (var (name, value) in SortedPartitions(key))
        {
            parts.Add(name);
            parts.Add(value);
        }
        return ChronosAgentIds.Derive("maf-session", [.. parts]);
    }

    private static IEnumerable<KeyValuePair<string, string>> SortedPartitions(AgentSessionStoreKey key) =>
        (key.Partitions ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal);

    private static JsonObject PartitionsNode(AgentSessionStoreKey key)
    {
        var node = new JsonObject();
        foreach (var (name, value) in SortedPartitions(key))
        {
            node[name] = value;
        }
        return node;
    }

    /// <summary>The stored record names exactly this agent and key (defence in depth behind the hashed id).</summary>
    private static bool BelongsTo(Session stored, AIAgent agent, AgentSessionStoreKey key) =>
        Text(stored.Metadata["kind"]) == MetadataKind
        && Text(stored.Metadata["agent_id"]) == agent.Id
        && Text(stored.Metadata["session_id"]) == key.SessionId
        && JsonNode.DeepEquals(stored.Metadata["partitions"], PartitionsNode(key));

    /// <summary>The node's string, or null when it is missing or anything else (a record edited outside this store).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed record StoredVersion(string ChronosId, long Version);
}
