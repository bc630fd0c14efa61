using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Agents.AI.Workflows.Checkpointing;
using Checkpoint = Chronos.Storage.Checkpoint;

namespace Chronos.Agents;

/// <summary>Creates <see cref="ChronosCheckpointStore{TStoreObject}"/>s.</summary>
public static class ChronosCheckpointStore
{
    /// <summary>
    /// The store MAF's JSON checkpointing takes: <c>CheckpointManager.CreateJson(ChronosCheckpointStore.CreateJson(storage))</c>.
    /// </summary>
    /// <param name="storage">The Chronos store (any backend).</param>
    /// <param name="scope">Optional namespace for workflow session ids (e.g. the workflow's name), so two workflows may use the same session ids.</param>
    public static ChronosCheckpointStore<JsonElement> CreateJson(IStorage storage, string scope = "") =>
        new(storage, ChronosAgentsJsonContext.Default.JsonElement, scope);
}

/// <summary>
/// A MAF workflow <see cref="ICheckpointStore{TStoreObject}"/> on Chronos checkpoints, through <see cref="IStorage"/>
/// only (every backend).
/// </summary>
/// <remarks>
/// Each workflow session is one Chronos session. Committing a checkpoint first appends a
/// <c>workflow_checkpoint</c> event to that session's ledger, whose gap-free sequence number is the commit order
/// (atomic on every backend, so concurrent commits are totally ordered), then saves the Chronos
/// <see cref="Checkpoint"/> at that <see cref="Checkpoint.SeqNum"/> with the value and the parent link.
/// <see cref="RetrieveIndexAsync"/> returns checkpoints oldest commit first, most recent last, as the contract
/// requires (<c>CheckpointManager</c> resumes the last one). A commit interrupted between the two writes leaves a
/// ledger entry but no checkpoint, and is never listed.
/// </remarks>
/// <typeparam name="TStoreObject">The stored value's type, serialized with the given source-generated type info.</typeparam>
public sealed class ChronosCheckpointStore<TStoreObject> : ICheckpointStore<TStoreObject>
{
    /// <summary>The ledger event type a commit appends.</summary>
    public const string CommitEventType = "workflow_checkpoint";

    private const int PageSize = 1000;

    private readonly IStorage _storage;
    private readonly JsonTypeInfo<TStoreObject> _valueInfo;
    private readonly string _scope;

    /// <summary>Creates the store.</summary>
    /// <param name="storage">The Chronos store (any backend).</param>
    /// <param name="valueInfo">Source-generated (NativeAOT-safe) JSON contract of <typeparamref name="TStoreObject"/>.</param>
    /// <param name="scope">Optional namespace for workflow session ids.</param>
    public ChronosCheckpointStore(IStorage storage, JsonTypeInfo<TStoreObject> valueInfo, string scope = "")
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(valueInfo);
        ArgumentNullException.ThrowIfNull(scope);
        _storage = storage;
        _valueInfo = valueInfo;
        _scope = scope;
    }

    /// <summary>The Chronos session id holding a workflow session's checkpoints (deterministic).</summary>
    public string GetChronosSessionId(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return ChronosAgentIds.Derive("maf-workflow", _scope, sessionId);
    }

    /// <inheritdoc />
    public async ValueTask<CheckpointInfo> CreateCheckpointAsync(string sessionId, TStoreObject value, CheckpointInfo? parent = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var chronosSession = GetChronosSessionId(sessionId);
        var info = new CheckpointInfo(sessionId, Guid.NewGuid().ToString("N"));
        var id = CheckpointId(chronosSession, info.CheckpointId);
        var commit = await _storage.AppendEventAsync(new Event
        {
            Id = id,
            SessionId = chronosSession,
            Type = CommitEventType,
            Payload = new JsonObject { ["checkpoint_id"] = info.CheckpointId, ["parent_id"] = parent?.CheckpointId },
        }).ConfigureAwait(false);
        await _storage.SaveCheckpointAsync(new Checkpoint
        {
            Id = id,
            SessionId = chronosSession,
            RunId = sessionId,
            NodeId = info.CheckpointId,
            SeqNum = commit.SeqNum,
            State = new JsonObject
            {
                ["parent_id"] = parent?.CheckpointId,
                // As text, not as a JSON value: PostgreSQL's jsonb would reorder the properties MAF's polymorphic
                // checkpoint contracts need in order ("$type" first).
                ["value_json"] = JsonSerializer.Serialize(value, _valueInfo),
            },
        }).ConfigureAwait(false);
        return info;
    }

    /// <inheritdoc />
    /// <exception cref="KeyNotFoundException">No checkpoint <paramref name="key"/> in session <paramref name="sessionId"/>.</exception>
    public async ValueTask<TStoreObject> RetrieveCheckpointAsync(string sessionId, CheckpointInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var chronosSession = GetChronosSessionId(sessionId);
        var stored = key.SessionId == sessionId
            ? await _storage.GetCheckpointAsync(CheckpointId(chronosSession, key.CheckpointId)).ConfigureAwait(false)
            : null;
        if (stored is null || stored.SessionId != chronosSession)
        {
            throw new KeyNotFoundException($"Checkpoint '{key.CheckpointId}' (session '{key.SessionId}') not found in workflow session '{sessionId}'.");
        }
        try
        {
            return JsonSerializer.Deserialize(stored.State["value_json"]?.GetValue<string>() ?? "null", _valueInfo)
                ?? throw new JsonException("the stored value is JSON null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new StoredRecordFormatException(
                $"Checkpoint '{stored.Id}' (workflow session '{sessionId}', checkpoint '{key.CheckpointId}') does not hold a {typeof(TStoreObject).Name}: {e.Message}",
                nameof(Checkpoint), stored.Id, "state", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IEnumerable<CheckpointInfo>> RetrieveIndexAsync(string sessionId, CheckpointInfo? withParent = null)
    {
        var chronosSession = GetChronosSessionId(sessionId);
        // Chronos lists a session's checkpoints highest SeqNum first; the contract wants commit order, oldest first.
        // Keyset pages, not offsets: a checkpoint committed during the walk cannot shift one out of it or in twice.
        var newestFirst = new List<Checkpoint>();
        string? continuation = null;
        do
        {
            var page = await _storage.ListCheckpointsPageAsync(chronosSession, PageSize, continuation).ConfigureAwait(false);
            newestFirst.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        var index = new List<CheckpointInfo>(newestFirst.Count);
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var checkpoint = newestFirst[i];
            if (withParent is null || (withParent.SessionId == sessionId && ParentOf(checkpoint, sessionId) == withParent.CheckpointId))
            {
                index.Add(new CheckpointInfo(sessionId, checkpoint.NodeId));
            }
        }
        return index;
    }

    /// <summary>The parent checkpoint id this store wrote into <paramref name="checkpoint"/>'s state (null for none).</summary>
    /// <exception cref="StoredRecordFormatException">The stored parent link is not a string or null.</exception>
    private static string? ParentOf(Checkpoint checkpoint, string sessionId) => checkpoint.State["parent_id"] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var parent) => parent,
        var other => throw new StoredRecordFormatException(
            $"Checkpoint '{checkpoint.Id}' (workflow session '{sessionId}') holds a parent_id that is not a checkpoint id: {StoredRecordFormatException.Preview(other.ToJsonString())}",
            nameof(Checkpoint), checkpoint.Id, "state", inner: null),
    };

    private static string CheckpointId(string chronosSession, string checkpointId) =>
        ChronosAgentIds.Derive("maf-checkpoint", chronosSession, checkpointId);
}
